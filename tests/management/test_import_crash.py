"""An import killed with SIGKILL at random points, then re-run, leaves the database identical (by
full export) to one never interrupted; the killed runs are recognised as abandoned and leave no
worker process behind. Runs on the suite's database kind (SQLite, or PostgreSQL with
DATABASE_URL), in a database of its own reached by real `manage.py` processes."""

import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.management.test_concurrent_imports import Database, manage

FILES = 60
KILLS = 3
TOPICS = ["bike lanes", "open data", "smart meters", "tram lines", "flood sensors"]


def write_corpus(folder: Path, count: int) -> None:
    """Short pages of the kind the archive imports, with shared names so entities collide."""
    folder.mkdir()
    for number in range(count):
        topic = TOPICS[number % len(TOPICS)]
        (folder / f"{number:03d}.txt").write_text(
            f"Town {number} expands its {topic}\n"
            f"The Town {number} Council expanded its {topic} on Monday with the Regional "
            f"Transport Agency, said Ana Silva, the council's planning director.\n"
            f'"We will report every month," Ana Silva said in Town {number}.\n',
            encoding="utf-8",
        )


def run(database: Database, *args: str) -> str:
    process = manage(database, *args)
    output = process.communicate(timeout=600)[0]
    assert (args[0], process.returncode) == (args[0], 0), output
    return output


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:  # the process has ended
        return found
    for task in tasks:
        try:
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except OSError:  # the thread or process ended while we looked
            continue
        for child in map(int, children):
            found |= {child} | descendants(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:  # gone, even between opening the file and reading it
        return False
    return state != "Z"


def wait_gone(pids: set[int]) -> set[int]:
    """The pids still alive after waiting a while for them to end."""
    for _ in range(300):
        left = {pid for pid in pids if alive(pid)}
        if not left:
            return left
        time.sleep(0.1)
    return left


def export(database: Database) -> list[str]:
    return run(database, "export_articles", "--status", "all").splitlines()


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path)
    yield database
    database.drop()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_killed_imports_resume_to_the_same_archive_as_an_uninterrupted_one(tmp_path, database):
    folder = tmp_path / "inbox"
    write_corpus(folder, FILES)
    importing = ("import_articles", str(folder), "--workers", "2", "-v", "2")
    run(database, "migrate", "--no-input", "-v", "0")
    run(database, *importing)
    uninterrupted = export(database)
    run(database, "flush", "--no-input", "-v", "0")

    rng = random.Random(12)
    for kill_after in sorted(rng.sample(range(2, FILES - 5), KILLS)):
        process = manage(database, *importing)
        assert process.stdout is not None
        lines = 0
        for line in process.stdout:
            lines += line.startswith(("created", "unchanged", "updated"))
            if lines >= kill_after:
                break
        workers = descendants(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert (kill_after, wait_gone(workers)) == (kill_after, set())
    final = run(database, *importing)

    assert "abandoned" in final
    assert export(database) == uninterrupted
    statuses = database.query("SELECT status FROM archive_importrun ORDER BY id")
    assert [status for (status,) in statuses] == ["abandoned"] * KILLS + ["finished"]
    run(database, "dbcheck")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_sigint_stops_after_the_current_file_and_reports(tmp_path, database, signum):
    folder = tmp_path / "inbox"
    write_corpus(folder, FILES)
    run(database, "migrate", "--no-input", "-v", "0")
    process = manage(database, "import_articles", str(folder), "--workers", "1", "-v", "2")
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("created"):
            break
    process.send_signal(signum)
    output = process.communicate(timeout=120)[0]

    assert (process.returncode, "Stopped on request" in output) == (0, True), output
    ((status, created),) = database.query("SELECT status, created_count FROM archive_importrun")
    articles = database.query("SELECT COUNT(*) FROM archive_article")[0][0]
    assert (status, articles) == ("stopped", created)
    assert 0 < created < FILES
