"""The stored lookup keys of records' names and aliases (archive.models.name_keys), kept right.

Every service that creates records, or changes a record's name or aliases (the importer, merge
and un-merge, the review queue's split, the admin's edit form), calls `sync_name_keys` with the
records it wrote; the importer, which only ever adds names, calls `add_name_keys`. Lookups go
through `ids_named` (one kind, as a subquery) or `ids_by_kind_named` (an article's names of
every kind at once, for the importer). `rebuild_name_keys` (`manage.py dbcheck --fix`) repairs
rows written around the services (a bulk load, a restored backup of an older version).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from django.db import models

from archive.models import Entity, EntityNameKey
from archive.models.name_keys import KEY_LENGTH
from archive.services.gazetteer import casefold_name

#: Records whose keys are read or written per query.
_BATCH = 500


def lookup_key(name: str) -> str:
    """The stored key of a name: casefold_name, clipped to the column. Two names with one key
    are candidates only; callers compare the full casefold_name of what they read."""
    return casefold_name(name)[:KEY_LENGTH]


def keys_of(record: Entity) -> set[str]:
    """The keys of a record's name and aliases."""
    names = [record.name, *(record.aliases or [])]
    return {key for key in (lookup_key(n) for n in names if isinstance(n, str)) if key}


def ids_named(kind: str, keys: Collection[str]) -> models.QuerySet:
    """`entity_id`s of the records of `kind` with one of `keys` as name or alias key, as a
    subquery (`Model.objects.filter(id__in=ids_named(...))`: one query, by index)."""
    return key_rows([kind], keys).values("entity_id")


def key_rows(kinds: Collection[str], keys: Collection[str]) -> models.QuerySet:
    """(kind, key, entity_id) rows of the records of `kinds` with one of `keys` as name or alias
    key: an index search of the key table, whatever the kinds (`ids_by_kind_named`)."""
    return EntityNameKey.objects.filter(kind__in=sorted(set(kinds)), key__in=sorted(set(keys)))


def ids_by_kind_named(keys_by_kind: Mapping[str, Collection[str]]) -> dict[str, set[int]]:
    """{kind: ids of its records with one of that kind's keys as name or alias key}, for every
    kind at once: one query for an article's entities of all kinds, where a query per kind
    cost the importer more in building the queries than in running them."""
    wanted = {kind: set(keys) for kind, keys in keys_by_kind.items() if keys}
    found: dict[str, set[int]] = {kind: set() for kind in keys_by_kind}
    every_key = sorted(set().union(*wanted.values())) if wanted else []
    for start in range(0, len(every_key), _BATCH):
        rows = key_rows(wanted, every_key[start : start + _BATCH]).values_list(
            "kind", "key", "entity_id"
        )
        for kind, key, entity_id in rows:
            if key in wanted[kind]:
                found[kind].add(entity_id)
    return found


def add_name_keys(records: Iterable[Entity], names: dict[int, list[str]] | None = None) -> None:
    """Store keys of `records` not stored yet: of all their names, or with `names` ({record id:
    names}) of those names only (the importer only ever adds names)."""
    rows = []
    for record in records:
        if names is None:
            keys = keys_of(record)
        else:
            keys = {k for k in (lookup_key(n) for n in names.get(record.pk, [])) if k}
        rows.extend(
            EntityNameKey(kind=record.kind_of_entity, key=key, entity_id=record.pk)
            for key in sorted(keys)
        )
    if rows:
        # A concurrent import may have stored the same key of the same record: keep one.
        EntityNameKey.objects.bulk_create(rows, batch_size=_BATCH, ignore_conflicts=True)


def sync_name_keys(records: Iterable[Entity]) -> None:
    """Make the stored keys of `records` exactly those of their current name and aliases."""
    by_kind: dict[str, dict[int, set[str]]] = defaultdict(dict)
    for record in records:
        by_kind[record.kind_of_entity][record.pk] = keys_of(record)
    for kind, wanted in by_kind.items():
        _sync_kind(kind, wanted)


def forget_name_keys(kind: str, ids: Collection[int]) -> None:
    """Drop the keys of deleted records."""
    ids = sorted(ids)
    for start in range(0, len(ids), _BATCH):
        EntityNameKey.objects.filter(kind=kind, entity_id__in=ids[start : start + _BATCH]).delete()


def _sync_kind(kind: str, wanted: dict[int, set[str]]) -> int:
    """Store `wanted` ({entity id: keys}) for these records; the number of rows changed."""
    ids = sorted(wanted)
    changed = 0
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        stored: dict[int, dict[str, int]] = defaultdict(dict)
        for row_id, entity_id, key in EntityNameKey.objects.filter(
            kind=kind, entity_id__in=batch
        ).values_list("id", "entity_id", "key"):
            stored[entity_id][key] = row_id
        stale = [
            row_id
            for entity_id in batch
            for key, row_id in stored[entity_id].items()
            if key not in wanted[entity_id]
        ]
        missing = [
            EntityNameKey(kind=kind, key=key, entity_id=entity_id)
            for entity_id in batch
            for key in sorted(wanted[entity_id] - set(stored[entity_id]))
        ]
        if stale:
            EntityNameKey.objects.filter(id__in=stale).delete()
        if missing:
            EntityNameKey.objects.bulk_create(missing, batch_size=_BATCH, ignore_conflicts=True)
        changed += len(stale) + len(missing)
    return changed


def rebuild_name_keys(model: type[Entity], *, fix: bool = False) -> int:
    """Rows of `model`'s keys that are wrong or missing (and, with `fix`, repaired); keys of
    records that no longer exist are counted and dropped too."""
    kind = model.kind_of_entity
    wanted: dict[int, set[str]] = {}
    for pk, name, aliases in model.objects.values_list("pk", "name", "aliases").iterator(
        chunk_size=2000
    ):
        names = [name, *(aliases or [])]
        wanted[pk] = {k for k in (lookup_key(n) for n in names if isinstance(n, str)) if k}
    stored: dict[int, set[str]] = defaultdict(set)
    for entity_id, key in EntityNameKey.objects.filter(kind=kind).values_list("entity_id", "key"):
        stored[entity_id].add(key)
    wrong = {pk for pk, keys in wanted.items() if stored.get(pk, set()) != keys}
    gone = set(stored) - set(wanted)
    count = sum(len(wanted[pk] ^ stored.get(pk, set())) for pk in wrong)
    count += sum(len(stored[pk]) for pk in gone)
    if fix:
        _sync_kind(kind, {pk: wanted[pk] for pk in wrong})
        forget_name_keys(kind, gone)
    return count
