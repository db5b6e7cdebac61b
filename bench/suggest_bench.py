"""What the merge suggestions an import makes cost on a large archive.

    .venv/bin/python bench/suggest_bench.py [--existing N] [--new M]

An archive of N people and N organizations (generated names, a fifth of them in Cyrillic),
then M more of each "created by an import": `suggest_merges_after_import` compares the new
ones with all (archive.services.import_suggestions). Its own SQLite database in a temporary
folder; the project's database is never touched.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
GIVEN = ["Sergey", "Anna", "Pavel", "Irina", "Oleg", "Maria", "Dmitry", "Elena", "Ivan", "Olga"]
GIVEN_RU = ["Сергей", "Анна", "Павел", "Ирина", "Олег", "Мария", "Дмитрий", "Елена", "Иван"]
SYLLABLES = ["ko", "va", "ne", "ri", "sto", "mar", "lin", "zu", "pe", "tro", "gor", "bel", "da"]
HEADS = ["Agency", "Department", "Committee", "Bureau", "Office", "Council", "Institute"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", type=int, default=20_000)
    parser.add_argument("--new", type=int, default=200)
    arguments = parser.parse_args()
    work_dir = Path(tempfile.mkdtemp(prefix="suggest_bench_"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work_dir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from archive.models import Organization, Person
    from archive.services.import_suggestions import suggest_merges_after_import

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(15)
    taken: set[str] = set()

    def unique(make) -> str:
        name = make()
        while name in taken:
            name = make()
        taken.add(name)
        return name

    try:

        def people(count: int, start: int) -> list:
            rows = []
            for index in range(start, start + count):
                name = unique(
                    lambda: (
                        f"{rng.choice(GIVEN_RU if rng.random() < 0.2 else GIVEN)} {_word(rng)}ov"
                    )
                )
                rows.append(Person(name=name, slug=f"p-{index}"))
            return rows

        def organizations(count: int, start: int) -> list:
            return [
                Organization(
                    name=unique(lambda: f"{_word(rng)} {rng.choice(HEADS)} of {_word(rng)}"),
                    slug=f"o-{index}",
                )
                for index in range(start, start + count)
            ]

        Person.objects.bulk_create(people(arguments.existing, 0), batch_size=2000)
        Organization.objects.bulk_create(organizations(arguments.existing, 0), batch_size=2000)
        since = timezone.now()
        Person.objects.bulk_create(people(arguments.new, arguments.existing), batch_size=2000)
        Organization.objects.bulk_create(
            organizations(arguments.new, arguments.existing), batch_size=2000
        )
        print(f"{'existing':>8}  {'new':>5}  {'seconds':>7}  suggestions")
        for run in ("first import (cold)", "second import (names remembered)"):
            if run.startswith("second"):
                since = timezone.now()
                start = arguments.existing + arguments.new
                Person.objects.bulk_create(people(arguments.new, start), batch_size=2000)
                Organization.objects.bulk_create(
                    organizations(arguments.new, start), batch_size=2000
                )
            started = time.perf_counter()
            if os.environ.get("SUGGEST_PROFILE") and run.startswith("second"):
                import cProfile

                cProfile.runctx(
                    "suggest_merges_after_import(since)", globals(), locals(), sort="tottime"
                )
            created = suggest_merges_after_import(since)
            seconds = time.perf_counter() - started
            per_kind = {
                kind: sum(1 for s in created if s.kind == kind)
                for kind in {s.kind for s in created}
            }
            line = f"{arguments.existing:>8}  {arguments.new:>5}  {seconds:>7.2f}"
            print(f"{line}  {len(created)} {per_kind}  {run}")
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
