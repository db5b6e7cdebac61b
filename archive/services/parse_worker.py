"""What a worker process runs: parse one RawDocument into an ImportResult.

Deliberately free of Django: worker processes are started with "forkserver" (a clean process,
no inherited database connections or threads), import only this module and the pipeline, and
send back picklable ImportResults for the parent to write.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import signal
import threading
import time
from collections.abc import Iterator

from archive.pipeline.languages import DEFAULT_LANGUAGES
from archive.pipeline.near_duplicates import FingerprintLayout
from archive.pipeline.types import BadInput, Gazetteer, ImportResult, RawDocument

_gazetteer: Gazetteer = Gazetteer()
_time_limit: float = 0.0  # seconds per document; 0: no limit
#: How to fingerprint bodies for stories (archive.services.stories); None: not here.
_layout: FingerprintLayout | None = None
#: PR_SET_PDEATHSIG from <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1


class TimeLimitExceeded(Exception):
    """Raised inside a parse that ran past the per-file time limit."""


def init_worker(
    gazetteer: Gazetteer,
    time_limit: float = 0.0,
    importer_pid: int = 0,
    layout: FingerprintLayout | None = None,
) -> None:
    """Pool initializer: the gazetteer is sent once per worker, not with every document."""
    global _gazetteer, _time_limit, _layout
    _gazetteer = gazetteer
    _time_limit = time_limit
    _layout = layout
    # Ctrl-C reaches the whole process group: the importer decides when to stop, not each worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with(importer_pid or os.getppid())
    warm_up(gazetteer.languages)


def die_with(importer_pid: int) -> None:
    """End this worker when the importer that started the pool ends, even by SIGKILL.

    A killed import must not leave its workers (each holding a loaded model) behind. The
    worker's parent is the pool's forkserver, which itself waits for its workers to close their
    end of its lifeline pipe: so the worker watches the importer's pid (a pidfd where Linux has
    one, polling elsewhere), and also asks the kernel to kill it when the forkserver dies.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
    except (OSError, AttributeError):
        pass
    try:
        pidfd = os.pidfd_open(importer_pid)
    except (AttributeError, OSError):
        pidfd = -1
    if pidfd < 0 and not _alive(importer_pid):
        os._exit(1)

    def watch() -> None:
        if pidfd >= 0:
            select.select([pidfd], [], [])  # readable once the process has ended
        else:
            while _alive(importer_pid):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="importer-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in this (main) thread after `seconds`; 0: no limit.

    SIGALRM interrupts pure-Python loops such as span resolution; the importer kills a worker
    stuck where the signal cannot reach it (see importer._PoolExecutor).
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(f"took longer than the {seconds:g} s limit per file")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def warm_up(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> None:
    """Load the extractors' models and word lists now, rather than on the first document.

    Run by the forkserver before it forks the workers (see `parse_worker_preload`), so every
    worker starts warm and shares the loaded models' memory, and again (at no cost then) by
    each worker's initializer, for the languages the archive reads.
    """
    try:
        from archive.pipeline.language_pipelines import warm_up as warm_up_pipelines

        warm_up_pipelines(languages)
    except Exception:
        # Only an optimisation: parse_document reports any real problem per document.
        pass


def raw_hash(document: RawDocument) -> str:
    """sha256 of the document as read (the pipeline's definition).

    The importer computes it before anything is parsed, to skip unchanged input cheaply.
    """
    from archive.pipeline.process import raw_hash as pipeline_raw_hash

    return pipeline_raw_hash(document)


def parse_document(
    document: RawDocument,
    gazetteer: Gazetteer | None = None,
    limit: float | None = None,
    layout: FingerprintLayout | None = None,
) -> ImportResult:
    """process_document, but never raising: every problem becomes ImportResult.error.

    `limit`: seconds allowed for this document (None: the worker's limit from init_worker).
    `layout` (else the worker's, from init_worker): the cleaned body is also fingerprinted
    here, with the rest of the text work, rather than by the single process that writes.
    """
    from archive.pipeline.process import process_document

    document_hash = raw_hash(document)
    error = getattr(document, "error", "")
    if error:
        return ImportResult(
            origin=document.origin, content_hash="", raw_hash=document_hash, error=error
        )
    try:
        with time_limit(_time_limit if limit is None else limit):
            result = process_document(document, gazetteer if gazetteer is not None else _gazetteer)
            layout = layout if layout is not None else _layout
            if layout is not None and result.page is not None:
                result.fingerprint = layout.of(result.page.body)
    except TimeLimitExceeded as problem:
        return ImportResult(
            origin=document.origin, content_hash="", raw_hash=document_hash, error=one_line(problem)
        )
    except BadInput as problem:
        return ImportResult(
            origin=document.origin, content_hash="", raw_hash=document_hash, error=one_line(problem)
        )
    except Exception as problem:  # one bad document must not stop the run
        return ImportResult(
            origin=document.origin,
            content_hash="",
            raw_hash=document_hash,
            error=one_line(f"unexpected error while parsing: {type(problem).__name__}: {problem}"),
        )
    # The importer compares this hash with the last run's: it must be computed the same way.
    result.raw_hash = document_hash
    return result


def one_line(message: object) -> str:
    text = " ".join(str(message).split())
    return text[:500] or "unknown error"
