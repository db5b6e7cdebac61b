"""Import benchmark: generated files through the real importer, beside the pipeline alone.

    .venv/bin/python bench/import_bench.py [--articles N] [--workers 1,2] [--floor]
        [--archive sqlite:////tmp/a.sqlite3 | --archive postgres://postgres@127.0.0.1/TEMPLATE]
        [--grouping off,on,off,on] [--empty off,on] [--dump FILE]

Every measurement runs in a child process of its own (settings such as DATABASE_URL and
STORY_GROUPING are read once, when Django starts), while this process samples the memory of the
child's whole process tree (the importer, its forkserver and workers; bench/proctree.py).

- `--floor`: the same files through the parse/extract pipeline alone (`parse_document` as the
  workers run it; with 2 workers, the importer's own process pool), nothing written. The
  gazetteer is the target archive's, as an import into it would use.
- end to end: `import_paths` with 1 or 2 workers into an empty archive, or with `--archive`
  into a fresh copy of a filled one (a SQLite file copied, or a PostgreSQL database created
  from it as a template), so every run starts from the same archive. `--grouping` alternates
  STORY_GROUPING over the runs; each row gives the time spent in `group_article` (stories).
- `--dump FILE`: the floor also writes every document's cleaned page and extraction (repr), to
  check that a change to the pipeline leaves its results as they were.

The default (no `--archive`): each worker count into an empty SQLite database in a temporary
folder, so the project's database is never touched.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bench.proctree import PeakSampler  # noqa: E402
from bench.production_env import use_production_settings  # noqa: E402


def write_corpus(folder: Path, count: int, seed: int = 7) -> None:
    """The generated corpus (`manage.py generate_corpus`): mostly .txt pages, a tenth as .html
    pages and a tenth as one JSON Lines file, so that every reader is on the path."""
    from archive.services.corpus_generator import generate

    rng = random.Random(seed)
    records = []
    for page in generate(count, seed):
        kind = rng.random()
        paragraphs = [p.strip() for p in page.text.split("\n\n") if p.strip()]
        if kind < 0.1:
            records.append({"text": page.text, "url": f"https://example.org/{page.name}"})
        elif kind < 0.2:
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            title = html.escape(page.title)
            document = (
                f"<html><head><title>{title}</title></head><body><nav>Home | News</nav>"
                f"<article>{body}</article></body></html>"
            )
            (folder / page.name.replace(".txt", ".html")).write_text(document, encoding="utf-8")
        else:
            (folder / page.name).write_text(page.text, encoding="utf-8")
    if records:
        with (folder / "feed.jsonl").open("w", encoding="utf-8") as stream:
            for record in records:
                stream.write(json.dumps(record) + "\n")


# --- the child: one measurement ----------------------------------------------------------------


def child(arguments: argparse.Namespace) -> None:
    """Runs in its own process: migrate (untimed), then time the floor or the import."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    corpus = Path(arguments.corpus)
    if arguments.child == "floor":
        report = floor(corpus, arguments.workers, arguments.dump)
    else:
        report = end_to_end(corpus, arguments.workers)
    print("RESULT " + json.dumps(report))


def floor(corpus: Path, workers: int, dump: str) -> dict:
    from archive.services import importer
    from archive.services.gazetteer import build_gazetteer
    from archive.services.parse_worker import parse_document, warm_up
    from archive.services.stories import fingerprint_layout

    gazetteer = build_gazetteer()
    # As the importer's workers do, the floor fingerprints each body for stories.
    layout = fingerprint_layout()
    files = importer.list_input_files([corpus])
    documents = [d for path in files for d in importer.reading.read_path(path, 5 * 1024**2)]
    if workers == 1:
        warm_up(gazetteer.languages)  # the pool's workers start warm too (forkserver preload)
        started = time.perf_counter()
        results = [parse_document(document, gazetteer, 0, layout) for document in documents]
    else:
        pool = importer._PoolExecutor(gazetteer, workers, 0)
        # The workers load the model before their first document, as in an import: counted.
        started = time.perf_counter()
        results = [f.result() for f in [pool.submit(document) for document in documents]]
        pool.shutdown()
    seconds = time.perf_counter() - started
    if dump:
        with open(dump, "w", encoding="utf-8") as stream:
            for result in sorted(results, key=lambda r: r.origin):
                stream.write(f"{result.origin}\n{result.page!r}\n{result.extraction!r}\n")
    return {
        "seconds": seconds,
        "documents": len(results),
        "failed": sum(1 for r in results if r.error),
    }


def end_to_end(corpus: Path, workers: int) -> dict:
    from django.db import connection

    from archive.models import Article, StoryBand
    from archive.services import loader
    from archive.services.importer import ImportOptions, import_paths

    # Time spent in grouping (stories) while the importer writes: wrap the loader's call.
    grouping = {"seconds": 0.0, "calls": 0}
    group_article = loader.group_article

    def timed_group_article(*args, **kwargs):
        started = time.perf_counter()
        try:
            return group_article(*args, **kwargs)
        finally:
            grouping["seconds"] += time.perf_counter() - started
            grouping["calls"] += 1

    loader.group_article = timed_group_article
    before = Article.objects.count()
    bands_before = StoryBand.objects.count()
    started = time.perf_counter()
    summary = import_paths([corpus], ImportOptions(workers=workers))
    seconds = time.perf_counter() - started
    connection.close()
    return {
        "seconds": seconds,
        "documents": summary.total,
        "failed": summary.failed,
        "outcome": summary.line(),
        "articles_before": before,
        "bands_before": bands_before,
        "group_seconds": grouping["seconds"],
        "group_calls": grouping["calls"],
    }


# --- the parent: databases, runs, memory -------------------------------------------------------


class Target:
    """Where one run imports: a fresh empty database, or a fresh copy of `archive`."""

    def __init__(self, work_dir: Path, archive: str, database: str) -> None:
        self.work_dir = work_dir
        self.archive = archive
        self.database = database  # "sqlite" or "postgres" for the empty runs
        self.made: list[str] = []

    def fresh(self, filled: bool) -> str:
        source = self.archive if filled else ""
        if (source or self.database).startswith("postgres"):
            base = urlparse(source or self.database)
            name = f"importbench_{os.getpid()}"
            _psql(base, f"DROP DATABASE IF EXISTS {name}")
            template = f" TEMPLATE {base.path.lstrip('/')}" if filled else ""
            _psql(base, f"CREATE DATABASE {name}{template}")
            self.made.append(name)
            return base._replace(path=f"/{name}").geturl()
        path = self.work_dir / "run.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if filled:
            shutil.copyfile(urlparse(source).path, path)
        return f"sqlite:///{path}"

    def cleanup(self) -> None:
        for name in set(self.made):
            _psql(urlparse(self.archive or self.database), f"DROP DATABASE IF EXISTS {name}")


def _psql(url, statement: str) -> None:
    command = ["psql", "-h", url.hostname or "127.0.0.1", "-U", url.username or "postgres"]
    command += ["-p", str(url.port or 5432), "-d", "postgres", "-qc", statement]
    subprocess.run(command, check=True)


def measure(kind: str, corpus: Path, workers: int, url: str, grouping: str, dump: str) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--corpus", str(corpus)]
    command += ["--workers", str(workers), "--dump", dump]
    env = dict(os.environ, DATABASE_URL=url, STORY_GROUPING="1" if grouping == "on" else "0")
    use_production_settings(env)  # as a deployment imports: no query log
    env.setdefault("IMPORT_LOG_LEVEL", "WARNING")  # one line per file would drown the table
    with (
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as process,
        PeakSampler(process.pid) as sampler,
    ):
        output, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"{kind} run failed ({process.returncode})")
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    report = json.loads(line[len("RESULT ") :])
    report.update(peak_rss=sampler.peak_rss, peak_pss=sampler.peak_pss)
    return report


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'run':<22} {'workers':>7} {'grouping':>8} {'archive':>8} {'files':>6} {'seconds':>8} "
        f"{'art/s':>6} {'ms/art':>7} {'group ms/art':>12} {'RSS MB':>7} {'PSS MB':>7}"
    )
    print(header)
    for row in rows:
        calls = row.get("group_calls") or 0
        group = f"{row['group_seconds'] * 1000 / calls:.2f}" if calls else ""
        print(
            f"{row['run']:<22} {row['workers']:>7} {row['grouping']:>8} "
            f"{row.get('articles_before', ''):>8} {row['documents']:>6} {row['seconds']:>8.1f} "
            f"{row['documents'] / row['seconds']:>6.1f} "
            f"{row['seconds'] * 1000 / row['documents']:>7.1f} {group:>12} "
            f"{row['peak_rss'] / 2**20:>7.0f} {row['peak_pss'] / 2**20:>7.0f}"
        )
    for row in rows:
        if row.get("outcome"):
            print(f"  {row['run']}, {row['workers']} workers: {row['outcome']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="How many (default 200).")
    parser.add_argument(
        "--workers",
        default="",
        help="Comma-separated worker counts to compare (default: 1 and the CPU count).",
    )
    parser.add_argument("--floor", action="store_true", help="Also time the pipeline alone.")
    parser.add_argument("--archive", default="", help="DATABASE_URL of a filled archive to copy.")
    parser.add_argument(
        "--empty",
        default="",
        help="With --archive: also import into an empty archive, STORY_GROUPING per run: off,on",
    )
    parser.add_argument(
        "--database", default="sqlite", help="Empty runs: sqlite, or a postgres:// URL to use."
    )
    parser.add_argument("--grouping", default="on", help="STORY_GROUPING per run: on,off,...")
    parser.add_argument("--dump", default="", help="Write the floor's results to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", default="", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        arguments.workers = int(arguments.workers)
        child(arguments)
        return 0
    cpus = os.cpu_count() or 1
    worker_counts = [int(w) for w in arguments.workers.split(",") if w.strip()] or sorted({1, cpus})
    groupings = [g.strip() for g in arguments.grouping.split(",") if g.strip()]

    work_dir = Path(tempfile.mkdtemp(prefix="import_bench_", dir="/tmp"))
    corpus = work_dir / "corpus"
    corpus.mkdir()
    write_corpus(corpus, arguments.articles)
    target = Target(work_dir, arguments.archive, arguments.database)
    rows = []
    try:
        for workers in worker_counts:
            if arguments.floor:
                url = target.fresh(filled=bool(arguments.archive))
                report = measure("floor", corpus, workers, url, "off", arguments.dump)
                rows.append({"run": "pipeline alone", "workers": workers, "grouping": ""} | report)
                print(f"# {json.dumps(rows[-1])}", file=sys.stderr, flush=True)
            # Alternated: a change of load on the shared machine touches every kind of run.
            runs = [(False, g) for g in groupings]
            if arguments.archive:
                empty = [g.strip() for g in arguments.empty.split(",") if g.strip()]
                runs = []
                for index, grouping in enumerate(groupings):
                    runs.append((True, grouping))
                    if index < len(empty):
                        runs.append((False, empty[index]))
            for filled, grouping in runs:
                url = target.fresh(filled=filled)
                report = measure("import", corpus, workers, url, grouping, "")
                name = "into archive" if filled else "into empty"
                rows.append({"run": name, "workers": workers, "grouping": grouping} | report)
                # Each row as it comes: a long series stopped half-way still says something.
                print(f"# {json.dumps(rows[-1])}", file=sys.stderr, flush=True)
    finally:
        target.cleanup()
        if not arguments.keep:
            shutil.rmtree(work_dir, ignore_errors=True)
    print_table(rows)
    if arguments.keep:
        print(f"Corpus and database kept in {work_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
