"""Rows per second and peak memory of every export on a large archive.

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/scale_db.py --articles 20000
    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/export_bench.py --rows 10000,0

Each export runs in a process of its own (so that its peak resident memory is its own), once per
number of rows in --rows (0: all of them): the first N rows of the article list's CSV and JSON
(`/articles/?format=csv|json`: the functions the view streams), the organization and people
lists' CSV, and `manage.py export_articles` as JSON Lines and CSV (every status). The output is
written to a sink that counts it. The table shows wall-clock seconds and rows per second, the
processor seconds of this process (all its threads) and of the database's (the PostgreSQL
server's processes, on the same machine), and the peak resident memory: flat memory means the
same peak for 10,000 rows as for all of them. Works on SQLite and PostgreSQL alike
(DATABASE_URL). The `*.sql` lines are the floor: the same query's bare SQL, read by a database
cursor (a server-side one on PostgreSQL, in a transaction without JIT as the exports do), with
no Python work per row.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
EXPORTS = (
    "articles.csv",
    "articles.json",
    "organizations.csv",
    "people.csv",
    "export_articles.jsonl",
    "export_articles.csv",
    # The floor: the bare SQL of the article list's and the command's export query, its rows
    # fetched CHUNK_SIZE at a time and dropped (what the database alone costs).
    "articles.sql",
    "export_articles.sql",
)


class CountingSink:
    """A text stream that keeps nothing: it counts what is written."""

    def __init__(self) -> None:
        self.characters = 0

    def write(self, text: str) -> int:
        self.characters += len(text)
        return len(text)


def _database_cpu() -> float:
    """Processor seconds used so far by the PostgreSQL server's processes (0 on SQLite): its
    running processes' own time, and the postmaster's count of its children's that have
    exited. An export reads ahead on a connection of its own (archive/services/row_streams.py),
    whose backend ends with the export: its time is counted in the second part."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        server = _ticks(pid)["ppid"]  # the postmaster
    except OSError:  # the database runs on another machine
        return 0.0
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            process = _ticks(int(entry.name))
        except OSError:  # ended meanwhile
            continue
        if int(entry.name) == server:
            total += process["own"] + process["children"]
        elif process["ppid"] == server:
            total += process["own"]
    return total / os.sysconf("SC_CLK_TCK")


def _ticks(pid: int) -> dict[str, int]:
    """A process's parent and processor ticks (its own, its exited children's): /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return {
        "ppid": int(fields[1]),
        "own": int(fields[11]) + int(fields[12]),
        "children": int(fields[13]) + int(fields[14]),
    }


def _floor_rows(name: str, rows: int | None) -> int:
    """Read the first `rows` rows (None: all) of the export's query by bare SQL; how many."""
    from django.db import connection, transaction

    from archive.filters import ArticleFilter
    from archive.services import export as command_export
    from archive.services import public_exports, research

    if name == "articles.sql":
        articles = ArticleFilter(data={}, queryset=research.article_list_queryset()).qs
        queryset = public_exports.article_values(articles)
    else:
        queryset = command_export.record_values("all", with_body=True)
    sql, params = queryset.query.sql_with_params()
    wanted = rows if rows is not None else float("inf")
    read = 0
    chunk = public_exports.CHUNK_SIZE
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
            connection.ensure_connection()
            with connection.connection.cursor(name="export_floor") as cursor:
                cursor.execute(sql, params)
                while read < wanted and (fetched := cursor.fetchmany(chunk)):
                    read += len(fetched)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while read < wanted and (fetched := cursor.fetchmany(chunk)):
                read += len(fetched)
    return min(read, wanted)


def _lines(name: str, rows: int | None):
    """(the export's text chunks, a function returning how many rows they held)."""
    from archive.filters import ArticleFilter
    from archive.kinds import KINDS
    from archive.services import entity_pages, public_exports, research
    from archive.services import export as command_export

    def absolute(path: str) -> str:
        return "http://localhost" + path

    counted = itertools.count()

    def counting(records):
        for record in itertools.islice(records, rows):
            next(counted)
            yield record

    if name.endswith(".sql"):
        read = _floor_rows(name, rows)
        return [], lambda: read
    if name.startswith("articles."):
        articles = ArticleFilter(data={}, queryset=research.article_list_queryset()).qs
        records = counting(public_exports.article_rows(articles, absolute))
        if name.endswith(".csv"):
            chunks = public_exports.csv_lines(public_exports.article_fields(), records)
        else:
            chunks = public_exports.json_chunks(records)
    elif name in ("organizations.csv", "people.csv"):
        kind = next(kind for kind in KINDS if f"{kind.export_field}.csv" == name)
        entities = kind.filterset(
            data={}, queryset=entity_pages.entity_list_queryset(kind.value)
        ).qs
        records = counting(public_exports.entity_rows(kind.value, entities, absolute))
        chunks = public_exports.csv_lines(public_exports.entity_fields(kind.value), records)
    else:
        options = {}
        if (
            name.endswith(".csv")
            and "with_body" in inspect.signature(command_export.iter_article_records).parameters
        ):
            options["with_body"] = False  # what export_articles --format csv reads
        records = counting(command_export.iter_article_records(status="all", **options))
        writer = command_export.write_csv if name.endswith(".csv") else command_export.write_jsonl
        # The command's writer writes to its stream itself: here, to a sink that keeps nothing.
        writer(records, CountingSink())
        chunks = []
    return chunks, lambda: next(counted)


def run_one(name: str, rows: int | None) -> dict:
    sys.path.insert(0, str(PROJECT_DIR))
    from bench.production_env import use_production_settings

    use_production_settings()  # no query log
    import django

    django.setup()
    # Imported before the clock starts.
    import archive.filters
    import archive.services.export
    import archive.services.public_exports  # noqa: F401
    from archive.models import Article

    Article.objects.exists()  # connect before measuring
    # Load the URL configuration (the admin, the API...) before the clock too: a served export
    # finds it loaded, and its first reverse() took a second of this process's time.
    Article(slug="warm-up").get_absolute_url()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    database_before = _database_cpu()
    cpu_before = time.process_time()
    started = time.perf_counter()
    chunks, count = _lines(name, rows)
    sink = CountingSink()
    for chunk in chunks:
        sink.write(chunk)
    seconds = time.perf_counter() - started
    return {
        "export": name,
        "rows": count(),
        "seconds": seconds,
        "cpu": time.process_time() - cpu_before,
        "database_cpu": _database_cpu() - database_before,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "baseline_mb": baseline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", default="10000,0", help="Comma-separated row counts; 0 is every row."
    )
    parser.add_argument(
        "--only", default="", help=f"Only these exports, comma-separated: {', '.join(EXPORTS)}."
    )
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)  # the child's export
    arguments = parser.parse_args()
    if arguments.one:
        rows = int(arguments.rows) or None
        print(json.dumps(run_one(arguments.one, rows)))
        return
    database = os.environ.get("DATABASE_URL", "").split(":", 1)[0] or "sqlite"
    print(f"Exports on {database}; load average {os.getloadavg()[0]:.1f}")
    print(
        f"{'export':<24}{'rows':>9}{'seconds':>9}{'rows/s':>9}"
        f"{'CPU s':>8}{'DB CPU s':>10}{'peak MB':>9}{'start MB':>10}"
    )
    for name in EXPORTS:
        if arguments.only and name not in arguments.only.split(","):
            continue
        for rows in arguments.rows.split(","):
            child = subprocess.run(
                [sys.executable, __file__, "--one", name, "--rows", rows],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(child.stdout.splitlines()[-1])
            print(
                f"{name:<24}{result['rows']:>9,}{result['seconds']:>9.2f}"
                f"{result['rows'] / result['seconds']:>9,.0f}{result['cpu']:>8.2f}"
                f"{result['database_cpu']:>10.2f}{result['peak_mb']:>9.0f}"
                f"{result['baseline_mb']:>10.0f}"
            )


if __name__ == "__main__":
    main()
