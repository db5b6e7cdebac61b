"""Crash benchmark: an import of generated files killed with SIGKILL at random points, resumed.

    .venv/bin/python bench/crash_bench.py [--files 2000] [--kills 10] [--seed 12]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/crash_bench.py

The suite's crash test (tests/management/test_import_crash.py) does this with 60 short files
and 3 kills so that it fits in `make test`; this is the full-size run the issue asks for. In a
throwaway database of the engine DATABASE_URL selects (a temporary SQLite file, or a database of
its own on the PostgreSQL server), with real `manage.py` processes:

1. import the corpus uninterrupted and keep its full export (`export_articles --status all`);
2. empty the database, then start the same import again and again, each time killing the
   process with SIGKILL after a random number of files (sorted, so the run makes progress),
   and check that no worker process outlives it;
3. run the import to the end and compare its export with the uninterrupted one, check that the
   killed runs are recorded as abandoned, and run `dbcheck`.

It prints one table row per engine and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="generated files to import")
    parser.add_argument("--kills", type=int, default=10, help="times the import is killed")
    parser.add_argument("--workers", type=int, default=2, help="import worker processes")
    parser.add_argument("--seed", type=int, default=12, help="corpus and kill points")
    args = parser.parse_args()

    import django

    django.setup()
    from archive.services.corpus_generator import generate
    from tests.management.test_concurrent_imports import Database, manage
    from tests.management.test_import_crash import descendants, wait_gone

    def run(database: Database, *arguments: str) -> str:
        # No time limit: a full-size import on a busy machine takes longer than the test's.
        process = manage(database, *arguments)
        output = process.communicate()[0]
        if process.returncode != 0:
            raise SystemExit(f"{arguments[0]} failed:\n{output}")
        return output

    with tempfile.TemporaryDirectory(prefix="crash-bench-") as folder:
        root = Path(folder)
        inbox = root / "inbox"
        inbox.mkdir()
        for page in generate(args.files, seed=args.seed):
            (inbox / page.name).write_text(page.text, encoding="utf-8")
        database = Database(root)
        engine = "PostgreSQL" if database.is_postgres else "SQLite"
        try:
            importing = ("import_articles", str(inbox), "--workers", str(args.workers), "-v", "2")
            run(database, "migrate", "--no-input", "-v", "0")
            started = time.perf_counter()
            run(database, *importing)
            uninterrupted_seconds = time.perf_counter() - started
            uninterrupted = run(database, "export_articles", "--status", "all").splitlines()
            run(database, "flush", "--no-input", "-v", "0")

            rng = random.Random(args.seed)
            kill_points = sorted(rng.sample(range(2, args.files - 5), args.kills))
            survivors: set[int] = set()
            for kill_after in kill_points:
                process = manage(database, *importing)
                assert process.stdout is not None
                done = 0
                for line in process.stdout:
                    done += line.startswith(("created", "unchanged", "updated", "duplicate"))
                    if done >= kill_after:
                        break
                workers = descendants(process.pid)
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=60)
                survivors |= wait_gone(workers)
            started = time.perf_counter()
            final = run(database, *importing)
            resume_seconds = time.perf_counter() - started
            resumed = run(database, "export_articles", "--status", "all").splitlines()
            statuses = [
                status
                for (status,) in database.query("SELECT status FROM archive_importrun ORDER BY id")
            ]
            run(database, "dbcheck")
        finally:
            database.drop()

    same = resumed == uninterrupted
    abandoned = statuses == ["abandoned"] * args.kills + ["finished"]
    print("| engine | files | kills | uninterrupted s | final resume s | export identical |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print(
        f"| {engine} | {args.files} | {args.kills} | {uninterrupted_seconds:.0f} "
        f"| {resume_seconds:.0f} | {'yes' if same else 'NO'} |"
    )
    problems = []
    if not same:
        problems.append(f"exports differ ({len(resumed)} lines against {len(uninterrupted)})")
    if not abandoned:
        problems.append(f"run statuses {statuses}")
    if survivors:
        problems.append(f"worker processes outlived a kill: {sorted(survivors)}")
    if "abandoned" not in final:
        problems.append("the final run did not report the abandoned runs")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
