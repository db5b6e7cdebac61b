"""Entities of an imported article resolved to database records, missing ones created.

Entities are resolved to database records with a bounded number of queries, whatever their
number: one query for the stored keys of the names and aliases of every kind
(archive.services.name_keys: an index search that folds case in any script), then one read by
primary key per kind that a name or a known gazetteer id points to; records merged away are
followed to their survivor, rejected records drop the entity and its mentions (a rejected
entity is never suggested again), and missing ones are bulk-created as "suggested". Matched
records gain new aliases and empty attributes are filled (`archive.services.entity_attributes`);
non-empty attributes and anything in a record's
``curated_fields`` are never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from archive.kinds import KINDS
from archive.models import (
    Entity,
    EntityKind,
    Event,
    Organization,
    Place,
    ReviewStatus,
)
from archive.pipeline.types import ExtractedEntity
from archive.services.entity_attributes import apply_attributes
from archive.services.gazetteer import casefold_name
from archive.services.locking import locked_for_update
from archive.services.name_keys import add_name_keys, ids_by_kind_named, lookup_key
from archive.services.slugs import unique_slugs

#: Entity kinds in the order they are resolved: later kinds refer to earlier ones
#: (an organization's country, a person's affiliation, an event's place and organizers).
RESOLUTION_ORDER = (EntityKind.PLACE, EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.EVENT)


def resolve_entities(entities: Iterable[ExtractedEntity]) -> dict[str, Entity | None]:
    """Map each entity key to its database record, creating missing ones (None = dropped)."""
    by_kind: dict[str, list[ExtractedEntity]] = {str(kind): [] for kind in RESOLUTION_ORDER}
    for entity in entities:
        if entity.kind in by_kind and " ".join(entity.name.split()):
            by_kind[entity.kind].append(entity)
    named = records_named(by_kind)
    records: dict[str, Entity | None] = {}
    for kind in RESOLUTION_ORDER:
        if by_kind[str(kind)]:
            model = KINDS[kind].model
            ids = named.get(model.kind_of_entity, set())
            _EntityResolver(model, by_kind[str(kind)], records, ids).run()
    return records


def records_named(by_kind: dict[str, list[ExtractedEntity]]) -> dict[str, set[int]]:
    """{kind of entity: ids of the records the entities' names point to}, in one query for
    every kind (by the stored keys of names and aliases, archive.services.name_keys)."""
    return ids_by_kind_named(
        {
            KINDS[kind].model.kind_of_entity: {
                lookup_key(n) for e in by_kind[str(kind)] for n in _names_of(e)
            }
            for kind in RESOLUTION_ORDER
            if by_kind.get(str(kind))
        }
    )


def _names_of(entity: ExtractedEntity) -> list[str]:
    names = []
    seen = set()
    for name in [entity.name, *entity.aliases]:
        clean = " ".join(str(name).split())[:300]
        if clean and casefold_name(clean) not in seen:
            seen.add(casefold_name(clean))
            names.append(clean)
    return names


def _record_keys(record: Entity) -> set[str]:
    return {casefold_name(name) for name in [record.name, *(record.aliases or [])] if name}


def candidates(model: type[Entity], ids: set[int]) -> QuerySet:
    """The records of `model` with these ids: those a name, an alias key
    (archive.services.name_keys.ids_by_kind_named; refined exactly by the caller) or a known
    id points to."""
    return model.objects.filter(id__in=sorted(ids))


class _EntityResolver:
    """Resolve the entities of one kind of one article (a handful of queries in all)."""

    def __init__(
        self,
        model: type[Entity],
        entities: list[ExtractedEntity],
        records: dict[str, Entity | None],
        named_ids: set[int],
    ) -> None:
        self.model = model
        self.entities = entities
        self.named_ids = named_ids  # the records the entities' name keys point to
        self.records = records  # shared across kinds: later kinds refer to earlier records
        self._new_keys: set[str] = set()  # the keys of the records `_create` makes

    def run(self) -> None:
        candidates = self._fetch_candidates()
        matched: list[tuple[Entity, ExtractedEntity]] = []
        unmatched: list[ExtractedEntity] = []
        for entity in self.entities:
            record = self._match(entity, candidates)
            if record is _DROP:
                self.records[entity.key] = None
            elif record is None:
                unmatched.append(entity)
            else:
                assert isinstance(record, Entity)
                self.records[entity.key] = record
                matched.append((record, entity))
        # Create first and enrich after, so attributes can point at any record of the article
        # (a known city in a country this article is the first to name).
        created: list[Entity] = []
        if unmatched:
            created = self._create(unmatched)
        changed: dict[int, Entity] = {}
        for record, entity in matched:
            if self._enrich(record, entity):
                changed[record.pk] = record
        if changed:
            fields = sorted({f for r in changed.values() for f in r._import_changed_fields})
            now = timezone.now()
            for record in changed.values():
                record.updated_at = now
            bulk_update_with_history(
                list(changed.values()), self.model, [*fields, "updated_at"], batch_size=200
            )
        # The keys of the new records' names and of the aliases the others gained (an import
        # only ever adds names), in one query.
        new_names = {r.pk: [r.name, *r.aliases] for r in created}
        new_names.update({r.pk: r._import_new_aliases for r in changed.values()})
        add_name_keys([*created, *changed.values()], new_names)
        self._link_organizers()

    # -- matching ------------------------------------------------------------------------------

    def _fetch_candidates(self) -> dict[int, Entity]:
        """Every record a name, alias or known id points to, with their survivors."""
        ids = self.named_ids | {e.known_id for e in self.entities if e.known_id}
        if not ids:
            return {}
        # Locked, so that a curator's merge of one of them either waits for this article or
        # has committed before, and is then seen here (archive.services.locking).
        found = {r.pk: r for r in locked_for_update(candidates(self.model, ids))}
        # Follow merges to the surviving records (a chain is short; usually no query at all).
        for _ in range(5):
            missing = {r.merged_into_id for r in found.values() if r.merged_into_id} - set(found)
            if not missing:
                break
            survivors = locked_for_update(self.model.objects.filter(id__in=missing))
            found.update({r.pk: r for r in survivors})
        return found

    def _survivor(self, record: Entity, candidates: dict[int, Entity]) -> Entity:
        seen = set()
        while record.merged_into_id and record.merged_into_id in candidates:
            if record.pk in seen:  # a merge cycle: stop rather than loop forever
                break
            seen.add(record.pk)
            record = candidates[record.merged_into_id]
        return record

    def _match(self, entity: ExtractedEntity, candidates: dict[int, Entity]) -> object:
        """The record for `entity`, _DROP if a curator rejected it, None if there is none."""
        if entity.known_id and entity.known_id in candidates:
            record = self._survivor(candidates[entity.known_id], candidates)
            return _DROP if record.review_status == ReviewStatus.REJECTED else record
        keys = [casefold_name(n) for n in _names_of(entity)]
        matches = []
        for record in candidates.values():
            record_keys = _record_keys(record)
            if not record_keys.intersection(keys):
                continue
            exact_name = casefold_name(record.name) == keys[0]
            survivor = self._survivor(record, candidates)
            rejected = (
                record.review_status == ReviewStatus.REJECTED
                or survivor.review_status == ReviewStatus.REJECTED
            )
            matches.append((rejected, not exact_name, survivor, record))
        if not matches:
            return None
        usable = [m for m in matches if not m[0]]
        if not usable:
            return _DROP
        # Prefer a record named exactly so, then a curator-confirmed one, then the oldest.
        usable.sort(key=lambda m: (m[1], m[2].review_status != ReviewStatus.CONFIRMED, m[2].pk))
        return usable[0][2]

    # -- creating ------------------------------------------------------------------------------

    def _create(self, entities: list[ExtractedEntity]) -> list[Entity]:
        self._new_keys = {entity.key for entity in entities}
        new_records: list[tuple[Entity, list[ExtractedEntity]]] = []
        for group in _group_by_shared_names(entities):
            names: list[str] = []
            seen: set[str] = set()
            for entity in group:
                for name in _names_of(entity):
                    if casefold_name(name) not in seen:
                        seen.add(casefold_name(name))
                        names.append(name)
            record = self.model(
                name=names[0],
                aliases=names[1:],
                review_status=ReviewStatus.SUGGESTED,
            )
            record._import_changed_fields = set()
            for entity in group:
                apply_attributes(record, entity, self.records, self._new_keys)
            new_records.append((record, group))
        slugs = unique_slugs(self.model, [record.name for record, _ in new_records])
        for (record, _group), slug in zip(new_records, slugs, strict=True):
            record.slug = slug
        # A new place inside another new place (a city in a country this article is the first
        # to name) is created in a second batch, once its country has an id.
        first = [pair for pair in new_records if not getattr(pair[0], "_pending_country", "")]
        second = [pair for pair in new_records if getattr(pair[0], "_pending_country", "")]
        for batch in (first, second):
            for record, _group in batch:
                country = self.records.get(getattr(record, "_pending_country", ""))
                if isinstance(country, Place) and country.kind == Place.Kind.COUNTRY:
                    record.country = country
            if batch:
                bulk_create_with_history([r for r, _ in batch], self.model, batch_size=200)
            for record, group in batch:
                for entity in group:
                    self.records[entity.key] = record
        return [record for record, _group in new_records]

    def _link_organizers(self) -> None:
        if self.model is not Event:
            return
        through = Event.organizers.through
        links = set()
        for entity in self.entities:
            event = self.records.get(entity.key)
            if not isinstance(event, Event) or "organizers" in (event.curated_fields or []):
                continue
            for key in entity.attributes.get("organizers") or []:
                organization = self.records.get(key)
                if isinstance(organization, Organization) and organization.pk:
                    links.add((event.pk, organization.pk))
        if links:
            through.objects.bulk_create(
                [through(event_id=e, organization_id=o) for e, o in sorted(links)],
                ignore_conflicts=True,
            )

    # -- enriching -----------------------------------------------------------------------------

    def _enrich(self, record: Entity, entity: ExtractedEntity) -> bool:
        """Add new aliases and fill empty attributes; True if the record changed."""
        record._import_changed_fields = getattr(record, "_import_changed_fields", set())
        record._import_new_aliases = getattr(record, "_import_new_aliases", [])
        curated = set(record.curated_fields or [])
        if "aliases" not in curated and "name" not in curated:
            known = _record_keys(record)
            new_aliases = [n for n in _names_of(entity) if casefold_name(n) not in known]
            if new_aliases:
                record.aliases = [*(record.aliases or []), *new_aliases]
                record._import_new_aliases.extend(new_aliases)
                record._import_changed_fields.add("aliases")
        apply_attributes(record, entity, self.records, self._new_keys)
        return bool(record._import_changed_fields)


_DROP = object()


def _group_by_shared_names(entities: list[ExtractedEntity]) -> list[list[ExtractedEntity]]:
    """Entities of one kind that share any name become one record (union-find on names)."""
    parent = list(range(len(entities)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, entity in enumerate(entities):
        for name in _names_of(entity):
            key = casefold_name(name)
            if key in owner:
                parent[find(index)] = find(owner[key])
            else:
                owner[key] = index
    groups: dict[int, list[ExtractedEntity]] = {}
    for index, entity in enumerate(entities):
        groups.setdefault(find(index), []).append(entity)
    return list(groups.values())
