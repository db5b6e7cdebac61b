"""Abandoned, stopped and resumed import runs (issue 12, crash safety)."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from archive.models import Article, ImportRecord, ImportRun
from archive.services import import_undo
from archive.services.import_runs import (
    is_abandoned,
    mark_abandoned_runs,
    process_alive,
    this_host,
)
from archive.services.importer import ImportOptions, import_paths
from tests.factories import ImportRecordFactory, ImportRunFactory

pytestmark = pytest.mark.django_db

INLINE = ImportOptions(workers=1)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def write_pages(folder, count):
    for n in range(count):
        (folder / f"page_{n}.txt").write_text(
            f"Town {n} opens a bike lane network\n"
            f"The council of Town {n} opened {n + 3} kilometres of protected bike lanes "
            "on Monday, the transport office said.\n",
            encoding="utf-8",
        )


def test_a_running_run_whose_process_died_is_abandoned_with_its_counts():
    run = ImportRunFactory(status=ImportRun.Status.RUNNING, pid=dead_pid(), host=this_host())
    ImportRecordFactory(run=run, outcome=ImportRecord.Outcome.CREATED)
    ImportRecordFactory(run=run, outcome=ImportRecord.Outcome.FAILED)

    assert mark_abandoned_runs() == [run.pk]

    run.refresh_from_db()
    assert (run.status, run.created_count, run.failed_count) == ("abandoned", 1, 1)
    assert run.finished_at is not None


def test_a_live_run_is_not_abandoned():
    run = ImportRunFactory(status=ImportRun.Status.RUNNING, pid=dead_pid(), host=this_host())
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        run.pid = live.pid
        run.save()
        assert mark_abandoned_runs() == []
    finally:
        live.kill()
        live.wait()
    run.refresh_from_db()
    assert run.status == "running"


def test_a_run_on_another_host_is_abandoned_only_when_its_heartbeat_is_stale():
    now = timezone.now()
    run = ImportRunFactory(
        status=ImportRun.Status.RUNNING, pid=1, host="elsewhere", heartbeat_at=now
    )

    assert is_abandoned(run, now=now + timedelta(minutes=1)) is False
    assert is_abandoned(run, now=now + timedelta(hours=1)) is True


def test_the_next_import_marks_the_dead_run_abandoned_and_it_can_be_undone(tmp_path):
    write_pages(tmp_path, 2)
    first = import_paths([tmp_path], INLINE).run
    # As if the first run had been killed with SIGKILL before it could close itself.
    ImportRun.objects.filter(pk=first.pk).update(
        status=ImportRun.Status.RUNNING, finished_at=None, pid=dead_pid()
    )

    summary = import_paths([tmp_path], INLINE)

    first.refresh_from_db()
    assert (summary.abandoned, first.status) == ([first.pk], "abandoned")
    assert sorted(r.outcome for r in summary.reports) == ["unchanged", "unchanged"]
    assert import_undo.plan_import_undo(first).possible is True
    import_undo.undo_import_run(first)
    assert Article.objects.count() == 0


def test_a_stop_request_ends_the_run_after_the_current_file_and_a_rerun_resumes(tmp_path):
    write_pages(tmp_path, 4)

    stopped = import_paths([tmp_path], INLINE, should_stop=lambda: True)

    assert (stopped.stopped, stopped.total, stopped.run.status) == (True, 1, "stopped")
    resumed = import_paths([tmp_path], INLINE)
    assert sorted(r.outcome for r in resumed.reports) == [
        "created",
        "created",
        "created",
        "unchanged",
    ]
    assert Article.objects.count() == 4


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux's /proc")
def test_a_killed_process_not_yet_reaped_is_not_alive():
    # A task worker killed beside `make run`'s web server stays a zombie until make reaps it.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert process_alive(child.pid)
        child.kill()
        for _ in range(100):  # until the kernel has made it a zombie
            if not process_alive(child.pid):
                break
            time.sleep(0.05)
        assert not process_alive(child.pid)
    finally:
        child.kill()
        child.wait()
