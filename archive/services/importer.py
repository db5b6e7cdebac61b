"""Import files and folders: read, skip what is unchanged, parse in worker processes, write.

`import_paths()` is what the `import_articles` and `import_seeds` commands call:

1. every path is checked first (a missing one raises FileNotFoundError before anything is read);
2. files are read in this process; each document's raw hash is compared, a chunk at a time,
   with the last import of the same origin: an unchanged document is recorded as UNCHANGED
   without being parsed (unless `force`);
3. the others are parsed by `workers` processes (concurrent.futures, "forkserver": clean
   children without Django) or, with one worker, in this process;
4. results are written in input order, each document in its own transaction
   (`archive.services.loader.load_result`), with an ImportRecord in an ImportRun.

A dry run does steps 1-3, predicts each outcome from the database, and writes nothing at all.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Max
from django.utils import timezone

from archive.models import ArticleStatus, ImportRecord, ImportRun
from archive.pipeline import reading
from archive.pipeline.types import BadInput, Gazetteer, ImportResult, RawDocument
from archive.services.entity_counts import CountBatch
from archive.services.gazetteer import build_gazetteer
from archive.services.import_runs import beat, mark_abandoned_runs, start_run
from archive.services.import_suggestions import suggest_merges_after_import
from archive.services.loader import LoadOutcome, load_result, predict_outcome
from archive.services.parse_worker import init_worker, one_line, parse_document, raw_hash, warm_up
from archive.services.public_cache import public_counts_changed
from archive.services.stories import fingerprint_layout
from archive.services.wording import plural

logger = logging.getLogger(__name__)

Outcome = ImportRecord.Outcome

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Documents whose previous import is looked up with one query.
PRECHECK_CHUNK = 64
#: Documents in flight per worker: enough to keep workers busy, little enough to bound memory.
IN_FLIGHT_PER_WORKER = 4
#: A worker that has not answered this long past the time limit is stuck where SIGALRM cannot
#: reach (inside C code): it is killed and replaced.
HARD_LIMIT_FACTOR = 2
HARD_LIMIT_SLACK = 10.0


def file_time_limit() -> float:
    """Seconds one file may take to parse (settings.IMPORT_FILE_TIME_LIMIT; 0: no limit)."""
    return float(getattr(settings, "IMPORT_FILE_TIME_LIMIT", 60))


@dataclass(frozen=True)
class ImportOptions:
    status: str = ArticleStatus.PUBLISHED
    workers: int | None = None  # None: one per CPU
    force: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    dry_run: bool = False

    @property
    def worker_count(self) -> int:
        return max(1, self.workers or os.cpu_count() or 1)

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "workers": self.worker_count,
            "force": self.force,
            "max_bytes": self.max_bytes,
        }


@dataclass
class DocumentReport:
    """One line of the import's report."""

    origin: str
    outcome: str  # an ImportRecord.Outcome value (predicted, in a dry run)
    error: str = ""
    title: str = ""
    article_id: int | None = None


@dataclass
class ImportSummary:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    run: ImportRun | None = None
    dry_run: bool = False
    reports: list[DocumentReport] = field(default_factory=list)
    parsed: int = 0  # documents sent to the parser (the others were unchanged or unreadable)
    workers: int = 1  # processes that parsed (1: this process)
    stopped: bool = False  # asked to stop (SIGINT/SIGTERM) before every file was done
    abandoned: list[int] = field(default_factory=list)  # earlier runs found dead at the start

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def failed(self) -> int:
        return self.counts[Outcome.FAILED]

    def line(self) -> str:
        """`N files: C created, U updated, S unchanged, D duplicates, F failed in T s`."""
        c = self.counts
        return (
            f"{plural(self.total, 'file')}: {c[Outcome.CREATED]} created, "
            f"{c[Outcome.UPDATED]} updated, {c[Outcome.UNCHANGED]} unchanged, "
            f"{plural(c[Outcome.DUPLICATE], 'duplicate')}, "
            f"{c[Outcome.FAILED]} failed in {self.seconds:.1f} s"
        )


ReportCallback = Callable[[DocumentReport], None]
FoundCallback = Callable[[int], None]
StopCallback = Callable[[], bool]


def list_input_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files under `paths`, as absolute paths; FileNotFoundError for a missing path."""
    return [Path(os.path.abspath(path)) for path in reading.iter_input_paths(paths)]


def origin_of(path: Path) -> str:
    """How a file is named in the archive: relative to the project when inside it.

    The same file is then the same origin whether it was imported as "seeds/x.txt" from the
    project folder, by its absolute path, or by `import_seeds`.
    """
    try:
        return str(path.relative_to(Path(settings.BASE_DIR).absolute()))
    except ValueError:
        return str(path)


def import_paths(
    paths: Iterable[str | os.PathLike[str]],
    options: ImportOptions | None = None,
    *,
    on_found: FoundCallback | None = None,
    on_report: ReportCallback | None = None,
    should_stop: StopCallback | None = None,
    run: ImportRun | None = None,
) -> ImportSummary:
    """Import everything under `paths`; see the module docstring.

    `on_found(n)` is called as documents are discovered (for a progress bar's total) and
    `on_report(report)` once per document, in input order, as soon as it is written.
    `should_stop()` is asked after each document: when true, the run stops there (STOPPED)
    and a later run resumes it. `run`: a queued run to record this import in (an upload).
    """
    options = options or ImportOptions()
    started = time.monotonic()
    path_list = [str(path) for path in paths]
    files = list_input_files(path_list)  # raises before anything is read
    if on_found:
        on_found(len(files))
    gazetteer = build_gazetteer()
    summary = ImportSummary(dry_run=options.dry_run)
    if not options.dry_run:
        summary.abandoned = mark_abandoned_runs()
        run = start_run(path_list, options.as_json(), run)
        summary.run = run
    importer = _Importer(options, gazetteer, run, summary, on_found, on_report, should_stop)
    try:
        try:
            importer.run(files)
        finally:
            # Whatever stopped the run, what it wrote is counted.
            importer.counts.flush()
    except BaseException:
        if run is not None:
            finish_run(run, summary.counts, ImportRun.Status.FAILED)
        raise
    summary.seconds = time.monotonic() - started
    if run is not None:
        status = ImportRun.Status.STOPPED if summary.stopped else ImportRun.Status.FINISHED
        finish_run(run, summary.counts, status)
        written = summary.counts.get(Outcome.CREATED, 0) + summary.counts.get(Outcome.UPDATED, 0)
        if written:
            public_counts_changed()
            suggest_merges_after_import(run.started_at)
        if written >= getattr(settings, "IMPORT_ANALYZE_AFTER", 100):
            refresh_planner_statistics()
    return summary


#: The tables whose statistics decide the plans of the public pages and of the importer.
ANALYZED_TABLES = (
    "archive_article",
    "archive_mention",
    "archive_quote",
    "archive_organization",
    "archive_person",
    "archive_event",
    "archive_place",
    "archive_source",
)


def refresh_planner_statistics(using: str = "default") -> None:
    """Let the database re-read its tables' sizes and value spreads after a bulk write.

    Without it, SQLite plans every query as if the archive were still empty, and PostgreSQL
    waits for autovacuum; either may pick a scan where an index would serve.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A bounded sample per index keeps this to a fraction of a second at any size.
            cursor.execute("PRAGMA analysis_limit = 1000")
            for table in ANALYZED_TABLES:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        else:
            quoted = ", ".join(connection.ops.quote_name(table) for table in ANALYZED_TABLES)
            cursor.execute(f"ANALYZE {quoted}")


def finish_run(run: ImportRun, counts: Mapping[str, int], status: str) -> None:
    """Close `run` with `status` and its per-outcome counts (`counts`: outcome -> documents)."""
    run.status = status
    run.finished_at = timezone.now()
    run.created_count = counts.get(Outcome.CREATED, 0)
    run.updated_count = counts.get(Outcome.UPDATED, 0)
    run.unchanged_count = counts.get(Outcome.UNCHANGED, 0)
    run.duplicate_count = counts.get(Outcome.DUPLICATE, 0)
    run.failed_count = counts.get(Outcome.FAILED, 0)
    run.save()


@dataclass
class _Work:
    """A document on its way through the importer."""

    document: RawDocument
    raw_hash: str
    previous: dict | None = None  # the last import's record, when the document is unchanged
    future: Future | None = None
    started: float = field(default_factory=time.monotonic)


class _InlineExecutor:
    """Runs each task at once in this process: the one-worker case, no pickling involved."""

    def __init__(self, gazetteer: Gazetteer, limit: float) -> None:
        self.gazetteer = gazetteer
        self.limit = limit
        self.layout = fingerprint_layout()
        self.warm = False

    def submit(self, document: RawDocument) -> Future:
        if not self.warm:
            # As a pool worker's initializer does: the per-file time limit is for the file,
            # not for loading the models (slow on a busy machine) before the first one.
            warm_up(self.gazetteer.languages)
            self.warm = True
        future: Future = Future()
        future.set_result(parse_document(document, self.gazetteer, self.limit, self.layout))
        return future

    def shutdown(self) -> None:
        pass


class _PoolExecutor:
    """A process pool that parses documents; rebuilt if a worker dies."""

    def __init__(self, gazetteer: Gazetteer, workers: int, limit: float) -> None:
        self.gazetteer = gazetteer
        self.workers = workers
        self.limit = limit
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archive.services.parse_worker_preload"])
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=init_worker,
            initargs=(self.gazetteer, self.limit, os.getpid(), fingerprint_layout()),
        )

    def submit(self, document: RawDocument) -> Future:
        try:
            return self.pool.submit(parse_document, document)
        except BrokenProcessPool:
            self.restart()
            return self.pool.submit(parse_document, document)

    def restart(self, kill: bool = False) -> None:
        """A fresh pool; `kill`: end the old one's workers now (one is stuck)."""
        old = self.pool
        # The stdlib has no public way to kill a pool's workers before Python 3.14.
        processes = list((getattr(old, "_processes", None) or {}).values()) if kill else []
        for process in processes:
            process.kill()
        old.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    def wait_limit(self) -> float | None:
        if self.limit <= 0:
            return None
        return self.limit * HARD_LIMIT_FACTOR + HARD_LIMIT_SLACK

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Importer:
    def __init__(
        self,
        options: ImportOptions,
        gazetteer: Gazetteer,
        run: ImportRun | None,
        summary: ImportSummary,
        on_found: FoundCallback | None,
        on_report: ReportCallback | None,
        should_stop: StopCallback | None = None,
    ) -> None:
        self.should_stop = should_stop or (lambda: False)
        self.options = options
        self.gazetteer = gazetteer
        self.run_record = run
        self.summary = summary
        self.on_found = on_found
        self.on_report = on_report
        self.dry_run_hashes: set[str] = set()
        # The records the written documents name, recounted every batch and at the end.
        self.counts = CountBatch()

    # -- reading -------------------------------------------------------------------------------

    def _documents(self, files: list[Path]) -> Iterator[RawDocument]:
        for path in files:
            origin = origin_of(path)
            try:
                documents = reading.read_path(path, self.options.max_bytes)
            # OSError: raced with a deletion, a permission change...
            except (BadInput, OSError) as problem:
                documents = [RawDocument(origin=origin, error=one_line(problem))]
            if not documents:
                documents = [RawDocument(origin=origin, error="no records in the file")]
            if len(documents) > 1 and self.on_found:
                self.on_found(len(documents) - 1)
            for document in documents:
                # "path" or "path#L12": name the file as the archive names it.
                if document.origin.startswith(str(path)):
                    suffix = document.origin[len(str(path)) :]
                    document = dataclasses.replace(document, origin=origin + suffix)
                yield document

    def _work(self, files: list[Path]) -> Iterator[_Work]:
        """Documents with their raw hash; unchanged ones marked, a chunk per query."""
        chunk: list[_Work] = []
        for document in self._documents(files):
            chunk.append(_Work(document=document, raw_hash=raw_hash(document)))
            if len(chunk) >= PRECHECK_CHUNK:
                yield from self._mark_unchanged(chunk)
                chunk = []
        yield from self._mark_unchanged(chunk)

    def _mark_unchanged(self, chunk: list[_Work]) -> list[_Work]:
        if self.options.force or not chunk:
            return chunk
        previous = latest_records({work.document.origin for work in chunk if not _error(work)})
        for work in chunk:
            record = previous.get(work.document.origin)
            if record and record["raw_hash"] == work.raw_hash and not _error(work):
                work.previous = record
        return chunk

    # -- the run -------------------------------------------------------------------------------

    def run(self, files: list[Path]) -> None:
        work_items = self._work(files)
        # Start worker processes only when there is more than one document to parse: a pool's
        # start-up (a model load per worker) costs more than it saves on a single file.
        head: list[_Work] = []
        to_parse = 0
        for work in work_items:
            head.append(work)
            to_parse += work.previous is None and not _error(work)
            if to_parse >= 2:
                break
        workers = self.options.worker_count if to_parse >= 2 else 1
        limit = file_time_limit()
        executor = (
            _PoolExecutor(self.gazetteer, workers, limit)
            if workers > 1
            else _InlineExecutor(self.gazetteer, limit)
        )
        self.summary.workers = workers
        window = workers * IN_FLIGHT_PER_WORKER
        pending: deque[_Work] = deque()
        try:
            for work in _chain(head, work_items):
                if work.previous is None and not _error(work):
                    work.future = executor.submit(work.document)
                    self.summary.parsed += 1
                pending.append(work)
                while len(pending) > window or (pending and _ready(pending[0])):
                    self._finish(pending.popleft(), executor, pending)
                    if self._stopping():
                        return
            while pending:
                self._finish(pending.popleft(), executor, pending)
                if pending and self._stopping():
                    return
        finally:
            executor.shutdown()

    def _finish(
        self, work: _Work, executor: _InlineExecutor | _PoolExecutor, pending: deque[_Work]
    ) -> None:
        origin = work.document.origin
        if work.previous is not None:
            self._record_unchanged(work)
            self._log(work)
            return
        if work.future is None:
            result = ImportResult(
                origin=origin, content_hash="", raw_hash=work.raw_hash, error=_error(work)
            )
        else:
            wait = executor.wait_limit() if isinstance(executor, _PoolExecutor) else None
            try:
                result = work.future.result(timeout=wait)
            except FutureTimeout:
                # Stuck beyond the reach of the worker's own alarm: replace the workers.
                assert isinstance(executor, _PoolExecutor)
                executor.restart(kill=True)
                _resubmit(executor, pending)
                result = ImportResult(
                    origin=origin,
                    content_hash="",
                    raw_hash=work.raw_hash,
                    error=f"took longer than the {executor.limit:g} s limit per file; "
                    "its worker process was replaced",
                )
            except BrokenProcessPool:
                # A worker died (killed, out of memory) while this document was the oldest in
                # flight: report it, and give the others a fresh pool.
                if isinstance(executor, _PoolExecutor):
                    executor.restart()
                    _resubmit(executor, pending)
                result = ImportResult(
                    origin=origin,
                    content_hash="",
                    raw_hash=work.raw_hash,
                    error="the worker process parsing it crashed",
                )
            except Exception as problem:
                result = ImportResult(
                    origin=origin, content_hash="", raw_hash=work.raw_hash, error=one_line(problem)
                )
        self._write(result)
        self._log(work)

    def _stopping(self) -> bool:
        if self.should_stop():
            self.summary.stopped = True
        return self.summary.stopped

    def _log(self, work: _Work) -> None:
        """One structured line per document, after it is written (the loggers add no others)."""
        report = self.summary.reports[-1]
        line = {
            "event": "import_file",
            "run": self.run_record.pk if self.run_record is not None else None,
            "origin": report.origin,
            "outcome": report.outcome,
            "seconds": round(time.monotonic() - work.started, 3),
            "article": report.article_id,
        }
        if report.error:
            line["error"] = report.error
        logger.info(json.dumps(line, ensure_ascii=False))

    def _write(self, result: ImportResult) -> None:
        if self.options.dry_run:
            outcome = predict_outcome(result, force=self.options.force)
            # Nothing is written, so the database cannot tell that an earlier file of this
            # same run would have created the article: remember it here.
            if outcome.outcome in (Outcome.CREATED, Outcome.UPDATED):
                if result.content_hash in self.dry_run_hashes:
                    outcome.outcome = Outcome.DUPLICATE
                self.dry_run_hashes.add(result.content_hash)
        else:
            try:
                outcome = load_result(
                    result,
                    status=self.options.status,
                    force=self.options.force,
                    run=self.run_record,
                    counts=self.counts,
                )
            except DatabaseError as problem:
                failed = ImportResult(
                    origin=result.origin,
                    content_hash=result.content_hash,
                    raw_hash=result.raw_hash,
                    error=one_line(f"could not be saved: {problem}"),
                )
                with transaction.atomic():
                    outcome = load_result(failed, run=self.run_record)
        title = result.page.title if result.page is not None else ""
        self._report(outcome, title)

    def _record_unchanged(self, work: _Work) -> None:
        previous = work.previous or {}
        # A file that duplicated another article last time still does: say so again rather
        # than "unchanged", which would read as if it had an article of its own.
        was_duplicate = previous.get("outcome") == Outcome.DUPLICATE
        outcome_value = Outcome.DUPLICATE if was_duplicate else Outcome.UNCHANGED
        if not self.options.dry_run:
            ImportRecord.objects.create(
                run=self.run_record,
                path=work.document.origin[:2000],
                content_hash=previous.get("content_hash", ""),
                raw_hash=work.raw_hash,
                outcome=outcome_value,
                article_id=previous.get("article_id"),
            )
        outcome = LoadOutcome(
            origin=work.document.origin,
            outcome=outcome_value,
            content_hash=previous.get("content_hash", ""),
        )
        self._report(outcome, previous.get("article__title", ""), previous.get("article_id"))

    def _report(self, outcome: LoadOutcome, title: str, article_id: int | None = None) -> None:
        report = DocumentReport(
            origin=outcome.origin,
            outcome=outcome.outcome,
            error=outcome.error,
            title=outcome.article.title if outcome.article is not None else title,
            article_id=outcome.article.pk if outcome.article is not None else article_id,
        )
        self.summary.counts[report.outcome] += 1
        self.summary.reports.append(report)
        if self.run_record is not None:
            beat(self.run_record)
        if self.on_report:
            self.on_report(report)


def latest_records(origins: set[str]) -> dict[str, dict]:
    """The last successful ImportRecord of each origin (runs undone since do not count)."""
    if not origins:
        return {}
    usable = (
        ImportRecord.objects.filter(path__in=origins, article__isnull=False)
        .exclude(outcome=Outcome.FAILED)
        .exclude(run__status=ImportRun.Status.UNDONE)
        .exclude(raw_hash="")
    )
    latest_ids = usable.values("path").annotate(last_id=Max("id")).values("last_id")
    rows = ImportRecord.objects.filter(id__in=latest_ids).values(
        "path", "raw_hash", "content_hash", "outcome", "article_id", "article__title"
    )
    return {row["path"]: row for row in rows}


def _error(work: _Work) -> str:
    return getattr(work.document, "error", "")


def _ready(work: _Work) -> bool:
    return work.future is None or work.future.done()


def _chain(head: list[_Work], rest: Iterator[_Work]) -> Iterator[_Work]:
    yield from head
    yield from rest


def _resubmit(executor: _InlineExecutor | _PoolExecutor, pending: deque[_Work]) -> None:
    """After the pool was replaced, send the documents that were in flight to the new workers."""
    for waiting in pending:
        if waiting.future is not None:
            waiting.future = executor.submit(waiting.document)
