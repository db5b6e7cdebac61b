"""`manage.py import_articles PATH [PATH ...]`: import .txt, .html and .jsonl files and folders."""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.models import ArticleStatus, ImportRecord
from archive.services.importer import (
    DEFAULT_MAX_BYTES,
    DocumentReport,
    ImportOptions,
    ImportSummary,
    import_paths,
)
from archive.services.wording import plural

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def byte_size(value: str) -> int:
    """'5242880', '500K', '5MB', '5 MiB' -> bytes (K/M/G are binary units)."""
    match = _SIZE.match(value)
    if not match:
        raise ValueError(f"not a size: {value!r}")
    number, unit = match.groups()
    size = int(float(number) * _UNITS[(unit or "")[:1].lower()])
    if size <= 0:
        raise ValueError("the size must be positive")
    return size


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def duplicate_of(report: DocumentReport) -> str:
    """Which article a duplicate file repeats, for the report."""
    if report.article_id is None:
        return "same text as a file earlier in this run"
    title = f" “{report.title}”" if report.title else ""
    return f"same text as article #{report.article_id}{title}"


class ImportCommand(BaseCommand):
    """The options, progress bar and report shared by import_articles and import_seeds."""

    def add_import_options(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and parse everything and report what would happen; write nothing.",
        )
        parser.add_argument(
            "--status",
            # Plain strings: argparse lists the choices in its error message by repr().
            choices=[ArticleStatus.PUBLISHED.value, ArticleStatus.DRAFT.value],
            default=ArticleStatus.PUBLISHED.value,
            help="Status of new articles (default: published). Pages without a headline are "
            "always imported as drafts for review.",
        )
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=None,
            help="Worker processes that parse documents (default: one per CPU; 1 = no pool).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Parse and re-extract files even when they have not changed since last time.",
        )
        parser.add_argument(
            "--max-bytes",
            type=byte_size,
            default=DEFAULT_MAX_BYTES,
            help="Refuse files (JSON Lines: records) larger than this; accepts K/M/G "
            "(default: 5M).",
        )

    def run_import(self, paths: list[str], options: dict[str, Any]) -> None:
        verbosity = options["verbosity"]
        import_options = ImportOptions(
            status=options["status"],
            workers=options["workers"],
            force=options["force"],
            max_bytes=options["max_bytes"],
            dry_run=options["dry_run"],
        )
        bar = None

        def on_found(count: int) -> None:
            nonlocal bar
            if verbosity < 1 or not self.stdout.isatty():
                return
            if bar is None:
                from tqdm import tqdm

                bar = tqdm(total=0, unit="file", file=self.stdout._out, leave=False)
            bar.total += count
            bar.refresh()

        def on_report(report: DocumentReport) -> None:
            line = self.report_line(report, verbosity)
            if line:
                if bar is not None:
                    bar.write(line, file=self.stdout._out)
                else:
                    self.stdout.write(line)
            if bar is not None:
                bar.update(1)

        stop = StopRequest()
        try:
            with stop.installed():
                summary = import_paths(
                    paths,
                    import_options,
                    on_found=on_found,
                    on_report=on_report,
                    should_stop=stop.requested,
                )
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.close()
        self.report_summary(summary, verbosity)

    def report_line(self, report: DocumentReport, verbosity: int) -> str:
        if report.outcome == ImportRecord.Outcome.FAILED:
            if verbosity < 1:
                return ""
            return self.style.ERROR(f"FAILED {report.origin}: {report.error}")
        if report.outcome == ImportRecord.Outcome.DUPLICATE and verbosity == 1:
            # Like a failure, a duplicate is worth a line: the file added nothing.
            return self.style.WARNING(f"DUPLICATE {report.origin}: {duplicate_of(report)}")
        if verbosity < 2:
            return ""
        title = f"  ({report.title})" if report.title else ""
        return f"{report.outcome:<9} {report.origin}{title}"

    def report_summary(self, summary: ImportSummary, verbosity: int) -> None:
        if verbosity >= 1 and summary.abandoned:
            ids = ", ".join(f"#{pk}" for pk in summary.abandoned)
            self.stdout.write(
                self.style.WARNING(
                    f"Earlier import {ids} was abandoned (its process died); this run resumes it "
                    "(files it imported are unchanged now) and it can be undone."
                )
            )
        if verbosity >= 1 and summary.stopped:
            self.stdout.write(
                self.style.WARNING("Stopped on request; run the same import again to resume.")
            )
        if verbosity >= 1:
            if summary.dry_run:
                self.stdout.write("Dry run: nothing was written.")
            style = self.style.ERROR if summary.failed else self.style.SUCCESS
            self.stdout.write(style(summary.line()))
        if summary.failed:
            # "1 of 3 files failed": the noun agrees with the total it follows.
            raise CommandError(
                f"{summary.failed} of {plural(summary.total, 'file')} failed.", returncode=1
            )


class StopRequest:
    """SIGINT/SIGTERM ask the import to stop after the file being written, not in the middle."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def requested(self) -> bool:
        return self.signal is not None

    def _handle(self, signum: int, frame: object) -> None:
        if self.signal is not None:  # asked twice: stop now
            raise KeyboardInterrupt
        self.signal = signum

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        signals = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, self._handle) for sig in signals}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


class Command(ImportCommand):
    help = (
        "Import articles from .txt, .html and .jsonl files and folders (recursive). Unchanged "
        "files are skipped; changed ones update their article. Exits 1 if any file failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        self.add_import_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(options["paths"], options)
