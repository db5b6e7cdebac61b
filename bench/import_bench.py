"""Import benchmark: generate varied synthetic articles, import them, print the throughput.

    .venv/bin/python bench/import_bench.py [--articles N] [--workers 1,2] [--keep]

Everything happens in a temporary folder with its own SQLite database (DATABASE_URL is set
before Django starts), so the project's database is never touched. Each worker count imports
the same corpus into an emptied database.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="How many (default 200).")
    parser.add_argument(
        "--workers",
        default="",
        help="Comma-separated worker counts to compare (default: 1 and the CPU count).",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    arguments = parser.parse_args()
    cpus = os.cpu_count() or 1
    worker_counts = [int(w) for w in arguments.workers.split(",") if w.strip()] or sorted({1, cpus})

    work_dir = Path(tempfile.mkdtemp(prefix="import_bench_"))
    corpus = work_dir / "corpus"
    corpus.mkdir()
    sys.path.insert(0, str(PROJECT_DIR))
    write_corpus(corpus, arguments.articles)

    # Before Django reads its settings: a database of our own.
    os.environ["DATABASE_URL"] = f"sqlite:///{work_dir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    from archive.services.importer import ImportOptions, import_paths

    call_command("migrate", verbosity=0, interactive=False)
    rows = []
    try:
        for workers in worker_counts:
            call_command("flush", verbosity=0, interactive=False)
            started = time.perf_counter()
            summary = import_paths([corpus], ImportOptions(workers=workers))
            seconds = time.perf_counter() - started
            rows.append((summary.total, workers, seconds, summary.total / seconds, summary))
    finally:
        if not arguments.keep:
            shutil.rmtree(work_dir, ignore_errors=True)

    print(f"{'articles':>8}  {'workers':>7}  {'seconds':>8}  {'articles/s':>10}  outcome")
    for total, workers, seconds, rate, summary in rows:
        print(f"{total:>8}  {workers:>7}  {seconds:>8.1f}  {rate:>10.1f}  {summary.line()}")
    if arguments.keep:
        print(f"Corpus and database kept in {work_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
