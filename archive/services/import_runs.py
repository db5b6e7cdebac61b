"""The life of an ImportRun: started with its process's id, kept alive by heartbeats, and
recognised as abandoned once its process is gone (killed with SIGKILL, out of memory, a reboot).

An abandoned run is closed with its counts taken from its records, so it can be undone, and a
new run over the same files resumes it: every file it wrote has a record with its raw hash and is
skipped as unchanged (each file is written in one transaction with its record).
"""

from __future__ import annotations

import os
import shutil
import socket
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from django.db.models import Count
from django.utils import timezone

from archive.models import ImportRecord, ImportRun

#: A run that has not reported progress for this long is abandoned even if its process is on
#: another host (whose pids cannot be checked from here).
STALE_AFTER = timedelta(minutes=15)
#: Heartbeats are written at most this often.
HEARTBEAT_EVERY = timedelta(seconds=5)


def this_host() -> str:
    return socket.gethostname()[:255]


def start_run(paths: list[str], options: dict, run: ImportRun | None = None) -> ImportRun:
    """A new running run, or `run` (queued by an upload from the admin) started by this process."""
    now = timezone.now()
    if run is None:
        return ImportRun.objects.create(
            paths=paths, options=options, pid=os.getpid(), host=this_host(), heartbeat_at=now
        )
    run.status, run.started_at = ImportRun.Status.RUNNING, now
    run.paths, run.options = paths, {**run.options, **options}
    run.pid, run.host, run.heartbeat_at = os.getpid(), this_host(), now
    fields = ["status", "started_at", "paths", "options", "pid", "host", "heartbeat_at"]
    run.save(update_fields=fields)
    return run


def beat(run: ImportRun, *, now: datetime | None = None) -> None:
    """Record progress on `run` (no more often than HEARTBEAT_EVERY)."""
    now = now or timezone.now()
    if run.heartbeat_at is None or now - run.heartbeat_at >= HEARTBEAT_EVERY:
        run.heartbeat_at = now
        ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=now)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has died but whose parent has not reaped it yet (Linux; else False).

    A worker killed beside `make run`'s web server stays one until the make target ends.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # "pid (command name) state ...": the name may hold spaces and parentheses.
    return stat[stat.rfind(")") + 2 : stat.rfind(")") + 3] == "Z"


def is_abandoned(run: ImportRun, *, now: datetime | None = None) -> bool:
    """Whether a running `run`'s process is gone."""
    if run.status != ImportRun.Status.RUNNING:
        return False
    now = now or timezone.now()
    if run.host == this_host() and run.pid is not None:
        return run.pid != os.getpid() and not process_alive(run.pid)
    last = run.heartbeat_at or run.started_at
    return now - last > STALE_AFTER


def mark_abandoned_runs(*, now: datetime | None = None) -> list[int]:
    """Close every running run whose process is gone as ABANDONED; their ids."""
    now = now or timezone.now()
    return [
        run.pk
        for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING)
        if close_if_abandoned(run, now=now)
    ]


def outcome_counts(run: ImportRun) -> Counter[str]:
    """How many of the run's files ended in each outcome so far (one query)."""
    return Counter(
        dict(
            ImportRecord.objects.filter(run=run)
            .values_list("outcome")
            .annotate(n=Count("id"))
            .values_list("outcome", "n")
        )
    )


def close_if_abandoned(run: ImportRun, *, now: datetime | None = None) -> bool:
    """Close `run` as ABANDONED if it is running and its process is gone; whether it was.

    The files an upload left waiting are deleted with it: a new upload starts afresh.
    """
    now = now or timezone.now()
    if not is_abandoned(run, now=now):
        return False
    counts = outcome_counts(run)
    # Only a run still marked running is closed: another importer may be doing the same.
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).update(
        status=ImportRun.Status.ABANDONED,
        finished_at=max(now, run.started_at),
        created_count=counts[ImportRecord.Outcome.CREATED],
        updated_count=counts[ImportRecord.Outcome.UPDATED],
        unchanged_count=counts[ImportRecord.Outcome.UNCHANGED],
        duplicate_count=counts[ImportRecord.Outcome.DUPLICATE],
        failed_count=counts[ImportRecord.Outcome.FAILED],
    )
    if updated and run.upload_dir:
        remove_upload_dir(run)
    return bool(updated)


def remove_upload_dir(run: ImportRun) -> None:
    """Delete the folder an uploaded run's files waited in, and forget it."""
    shutil.rmtree(run.upload_dir, ignore_errors=True)
    ImportRun.objects.filter(pk=run.pk).update(upload_dir="")
    run.upload_dir = ""
