"""What resolving an article's entities to records costs on a large archive (issues 11 and 15).

    DATABASE_URL=sqlite:////tmp/me-100k.sqlite3 .venv/bin/python bench/resolver_bench.py \
        [--articles 200] [--seed 7]

Generated articles (`manage.py generate_corpus`) are parsed once; then each article's entities
are resolved (archive.services.entity_resolver) twice, alternating, in a transaction that is
rolled back, so the archive is left as it was: by the stored name keys (what the importer does)
and by the lookup it used before them (`name__iexact` and a substring search in the aliases'
JSON text, kept here for the comparison only). Use a COPY of an archive, migrated.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))


def lookup_alone(scan_resolver: type) -> None:
    """One candidate query for 12 names (the 6 most mentioned records of the kind and 6 names
    no record has), by both lookups: PostgreSQL's EXPLAIN ANALYZE execution time, or on SQLite
    (in this process) the processor time; the least of 7 runs."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    from archive.models import Organization, Person
    from archive.pipeline.types import ExtractedEntity
    from archive.services import entity_resolver
    from archive.services.name_keys import ids_by_kind_named, lookup_key

    print("| kind (records) | lookup | ms, least of 7 |")
    print("|---|---|---:|")
    for model in (Person, Organization):
        names = list(
            model.objects.order_by("-public_mention_count").values_list("name", flat=True)[:6]
        )
        names += [f"Nobody Named {i}" for i in range(6)]
        entities = [
            ExtractedEntity(key=str(i), kind=model.kind_of_entity, name=name)
            for i, name in enumerate(names)
        ]
        scan = scan_resolver(model, entities, {}, set())
        queries = {
            "scan (before)": scan.candidate_queryset(),
            "stored keys": entity_resolver.candidates(
                model,
                ids_by_kind_named({model.kind_of_entity: {lookup_key(n) for n in names}})[
                    model.kind_of_entity
                ],
            ),
        }
        for label, queryset in queries.items():
            try:
                sql, params = queryset.order_by("pk").query.sql_with_params()
            except EmptyResultSet:  # no record carries any of the names: no query is made
                print(f"| {model.__name__} ({model.objects.count()}) | {label} | no query |")
                continue
            times = []
            with connection.cursor() as cursor:
                for _ in range(7):
                    if connection.vendor == "postgresql":
                        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                        times.append(cursor.fetchone()[0][0]["Execution Time"])
                    else:
                        started = time.process_time()
                        cursor.execute(sql, params)
                        cursor.fetchall()
                        times.append((time.process_time() - started) * 1000)
            print(f"| {model.__name__} ({model.objects.count()}) | {label} | {min(times):.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url or "/tmp/shared/" in url or url.rstrip("/").endswith("/scale100k"):
        print("Set DATABASE_URL to a copy of an archive (never the shared one).")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import Q
    from django.test.utils import CaptureQueriesContext

    from archive.kinds import KINDS
    from archive.pipeline.types import RawDocument
    from archive.services import entity_resolver
    from archive.services.corpus_generator import generate
    from archive.services.gazetteer import build_gazetteer, casefold_name
    from archive.services.locking import locked_for_update
    from archive.services.parse_worker import parse_document, warm_up

    class ScanResolver(entity_resolver._EntityResolver):
        """The lookup before the stored keys: a scan of the kind's table per article."""

        def candidate_queryset(self):
            known_ids = {e.known_id for e in self.entities if e.known_id}
            names = {
                casefold_name(n): n for e in self.entities for n in entity_resolver._names_of(e)
            }
            condition = Q(id__in=known_ids) if known_ids else Q()
            for key, name in names.items():
                condition |= Q(name__iexact=name)
                if key != name.lower():
                    condition |= Q(name__iexact=key)
                for quoted in {json.dumps(name, ensure_ascii=False), json.dumps(name)}:
                    condition |= Q(aliases__icontains=quoted)
            return self.model.objects.filter(condition)

        def _fetch_candidates(self):
            found = {r.pk: r for r in locked_for_update(self.candidate_queryset())}
            for _ in range(5):
                missing = {r.merged_into_id for r in found.values() if r.merged_into_id}
                missing -= set(found)
                if not missing:
                    break
                survivors = locked_for_update(self.model.objects.filter(id__in=missing))
                found.update({r.pk: r for r in survivors})
            return found

    lookup_seconds: dict[type, float] = {}

    def timed(resolver_class: type) -> type:
        """`resolver_class` adding up the time of its candidate query."""

        class Timed(resolver_class):
            def _fetch_candidates(self):
                started = time.process_time()
                try:
                    return super()._fetch_candidates()
                finally:
                    lookup_seconds[Timed] = lookup_seconds.get(Timed, 0.0) + (
                        time.process_time() - started
                    )

        return Timed

    def resolve(resolver_class, entities) -> None:
        by_kind = {str(kind): [] for kind in entity_resolver.RESOLUTION_ORDER}
        for entity in entities:
            if entity.kind in by_kind and " ".join(entity.name.split()):
                by_kind[entity.kind].append(entity)
        named: dict = {}
        if not issubclass(resolver_class, ScanResolver):
            # The stored keys' lookup for every kind at once, counted with the candidate queries.
            started = time.process_time()
            named = entity_resolver.records_named(by_kind)
            lookup_seconds[resolver_class] = lookup_seconds.get(resolver_class, 0.0) + (
                time.process_time() - started
            )
        records: dict = {}
        for kind in entity_resolver.RESOLUTION_ORDER:
            if by_kind[str(kind)]:
                model = KINDS[kind].model
                ids = named.get(model.kind_of_entity, set())
                resolver_class(model, by_kind[str(kind)], records, ids).run()

    lookup_alone(ScanResolver)
    gazetteer = build_gazetteer()
    warm_up(gazetteer.languages)
    extractions = []
    for page in generate(arguments.articles, arguments.seed):
        document = RawDocument(origin=page.name, text=page.text)
        result = parse_document(document, gazetteer, 0)
        if not result.error and result.extraction.entities:
            extractions.append(result.extraction.entities)

    variants = {
        "stored keys": timed(entity_resolver._EntityResolver),
        "scan (before)": timed(ScanResolver),
    }
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    queries: dict[str, int] = dict.fromkeys(variants, 0)
    for index, entities in enumerate(extractions):
        order = list(variants) if index % 2 == 0 else list(reversed(variants))
        for name in order:
            with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                resolve(variants[name], entities)
                wall[name].append(time.perf_counter() - started)
                cpu[name].append(time.process_time() - started_cpu)
                transaction.set_rollback(True)
            queries[name] += len(captured.captured_queries)

    print(f"{connection.vendor}, {len(extractions)} articles, load {os.getloadavg()}")
    print(
        "| lookup | median ms/article | mean ms/article | process ms/article "
        "| of which candidate queries, process ms/article | queries/article |"
    )
    print("|---|---|---|---|---|---|")
    for name in variants:
        print(
            f"| {name} | {statistics.median(wall[name]) * 1000:.1f} "
            f"| {statistics.mean(wall[name]) * 1000:.1f} "
            f"| {statistics.mean(cpu[name]) * 1000:.1f} "
            f"| {lookup_seconds.get(variants[name], 0.0) / len(extractions) * 1000:.1f} "
            f"| {queries[name] / len(extractions):.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
