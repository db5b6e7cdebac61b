"""Give every article of a filled archive the story fingerprint an import would have stored.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python bench/story_fill.py [--processes 2]

`bench/scale_db.py` writes its articles with bulk_create, around the importer, so they have no
`ArticleFingerprint` and no `StoryBand` rows: a benchmark importing into that archive would
look up band keys in an empty table. This computes each article body's fingerprint with the
same service code the importer runs (`archive.services.stories.body_fingerprint`: the settings'
shingles, permutations and bands; bodies under STORY_MIN_WORDS get none, as at import) in
worker processes, and writes the rows in bulk. Stories are not regrouped (scale_db made its
own). The band index is dropped during the fill and built once at the end (far faster than
3 million random inserts into it), then both tables are ANALYZEd.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHUNK = 2000


def _fingerprints(rows: list[tuple[int, str]]) -> list[tuple[int, bytes, tuple[int, ...]]]:
    from archive.services.stories import body_fingerprint

    found = []
    for pk, body in rows:
        fingerprint = body_fingerprint(body)
        if fingerprint is not None:
            found.append((pk, fingerprint.signature, fingerprint.band_keys))
    return found


def _bodies(pks: list[int]) -> list[tuple[int, str]]:
    from archive.models import Article

    return list(Article.objects.filter(pk__in=pks).order_by("pk").values_list("pk", "body"))


def fill(processes: int) -> tuple[int, int]:
    from django.db import connection, transaction

    from archive.models import Article, ArticleFingerprint, StoryBand

    pks = list(
        Article.objects.filter(fingerprint__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    index = next(i for i in StoryBand._meta.indexes if i.name == "storyband_key_idx")
    with connection.schema_editor() as editor:
        editor.remove_index(StoryBand, index)
    fingerprints = bands = 0
    # Forked workers only compute (no database): the parent reads and writes.
    context = multiprocessing.get_context("fork")
    connection.close()
    with context.Pool(processes) as pool:
        step = CHUNK * processes
        for start in range(0, len(pks), step):
            # Read in this thread (Django's connections are per thread), compute in the pool.
            wanted = pks[start : start + step]
            chunks = [_bodies(wanted[i : i + CHUNK]) for i in range(0, len(wanted), CHUNK)]
            found = [row for part in pool.map(_fingerprints, chunks) for row in part]
            with transaction.atomic():
                ArticleFingerprint.objects.bulk_create(
                    [ArticleFingerprint(article_id=pk, signature=sig) for pk, sig, _ in found],
                    batch_size=500,
                )
                rows = [StoryBand(key=key, article_id=pk) for pk, _, keys in found for key in keys]
                StoryBand.objects.bulk_create(rows, batch_size=5000)
            fingerprints += len(found)
            bands += len(rows)
            print(f"\r{fingerprints} fingerprints, {bands} band rows", end="", flush=True)
    print()
    with connection.schema_editor() as editor:
        editor.add_index(StoryBand, index)
    with connection.cursor() as cursor:
        for model in (StoryBand, ArticleFingerprint):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return fingerprints, bands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    started = time.perf_counter()
    fingerprints, bands = fill(arguments.processes)
    seconds = time.perf_counter() - started
    print(f"{fingerprints} fingerprints and {bands} band rows in {seconds:.0f} s")


if __name__ == "__main__":
    main()
