"""Build the pipeline's Gazetteer from what curators decided.

Confirmed records become `KnownEntity`s the extractor recognises first (their names include the
aliases and the names of records merged into them, so a merged-away spelling still finds the
survivor). Rejected records become `rejected_names`, which the extractor and the loader never
suggest again. Two queries per entity kind, whatever the size of the archive.
"""

from __future__ import annotations

from collections import defaultdict

from archive.kinds import KINDS
from archive.models import ReviewStatus
from archive.pipeline.types import Gazetteer, KnownEntity


def casefold_name(name: str) -> str:
    """The key names are compared by: case- and whitespace-insensitive."""
    return " ".join(name.split()).casefold()


def _unique_names(names: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    unique = []
    for name in names:
        key = casefold_name(name)
        if name.strip() and key not in seen:
            seen.add(key)
            unique.append(" ".join(name.split()))
    return tuple(unique)


def build_gazetteer() -> Gazetteer:
    confirmed: list[KnownEntity] = []
    rejected_names: set[tuple[str, str]] = set()
    for entity_kind in KINDS:
        kind, model = entity_kind.value, entity_kind.model
        rows = model.objects.filter(
            review_status__in=[ReviewStatus.CONFIRMED, ReviewStatus.REJECTED]
        ).values_list("id", "name", "aliases", "review_status", "merged_into_id")
        # Names of records merged into a survivor, to be added to the survivor's names.
        merged_names: dict[int, list[str]] = defaultdict(list)
        for _id, name, aliases, _status, survivor_id in model.objects.filter(
            merged_into__isnull=False
        ).values_list("id", "name", "aliases", "review_status", "merged_into_id"):
            merged_names[survivor_id].extend([name, *(aliases or [])])

        confirmed_keys: set[str] = set()
        rejected_for_kind: set[str] = set()
        for entity_id, name, aliases, status, survivor_id in rows:
            names = [name, *(aliases or [])]
            if status == ReviewStatus.REJECTED:
                rejected_for_kind.update(casefold_name(n) for n in names if n.strip())
            elif survivor_id is None:
                all_names = _unique_names([*names, *merged_names.get(entity_id, [])])
                confirmed.append(KnownEntity(id=entity_id, kind=kind, name=name, names=all_names))
                confirmed_keys.update(casefold_name(n) for n in all_names)
        # A name a curator confirmed elsewhere wins over the same name on a rejected record.
        rejected_names.update((kind, key) for key in rejected_for_kind - confirmed_keys)
    confirmed.sort(key=lambda known: (known.kind, known.name.casefold(), known.id))
    return Gazetteer(confirmed=tuple(confirmed), rejected_names=frozenset(rejected_names))
