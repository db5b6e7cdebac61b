"""Merging two records of one kind, and undoing a merge exactly.

The survivor takes every mention, quote, affiliation, organizer link and place link, and the old
names as aliases; the old record stays with merged_into set, so its public URL can redirect.

Merging finds what points at a record by introspecting the model's reverse relations, so a
relation added to the data model later is carried along without touching this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from archive.models import Entity, EntityMerge, Mention, MergeSuggestion, ReviewStatus
from archive.models.entities import STORED_COUNTS
from archive.services.entity_counts import recount_entities
from archive.services.entity_queries import CurationError, ensure_name_free, entity_model
from archive.services.history import acting_user, has_history, save_with_history
from archive.services.name_keys import sync_name_keys

#: The history change reasons this module writes (shown in each object's admin history).
REASON_MERGE = "merge"
REASON_UNDO_MERGE = "undo merge"

SNAPSHOT_VERSION = 1


def name_key(name: str) -> str:
    """How names are compared for equality: case- and whitespace-insensitive."""
    return " ".join(name.split()).casefold()


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _model_by_label(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


#: Columns a snapshot leaves out: the stored counts are recounted, never restored.
_NOT_SNAPSHOT = set(STORED_COUNTS)


def _row(obj: models.Model) -> dict[str, Any]:
    """Every column of a row but the stored counts, JSON-ready (dates as ISO strings)."""
    return {
        f.attname: _jsonable(f.value_from_object(obj))
        for f in obj._meta.concrete_fields
        if f.attname not in _NOT_SNAPSHOT
    }


def _python_value(model: type[models.Model], attname: str, value: Any) -> Any:
    field_obj = next(f for f in model._meta.concrete_fields if f.attname == attname)
    if value is not None and isinstance(field_obj, models.DateField | models.DateTimeField):
        return field_obj.to_python(value)
    return value


def _merge_names(existing: Sequence[str], candidates: Iterable[str], exclude: str) -> list[str]:
    """existing + candidates, without duplicates (case-insensitive) and without `exclude`."""
    seen = {name_key(exclude)}
    merged: list[str] = []
    for name in [*existing, *candidates]:
        key = name_key(name)
        if name.strip() and key not in seen:
            seen.add(key)
            merged.append(" ".join(name.split()))
    return merged


#: Fields never copied from the merged record into blanks of the survivor.
_NOT_FILLED = {
    "id",
    "name",
    "slug",
    "aliases",
    "review_status",
    "merged_into",
    "curated_fields",
    "created_at",
    "updated_at",
}


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _fill_blanks(survivor: Entity, merged: Entity) -> list[str]:
    """Copy facts the survivor lacks from the merged record; returns the filled field names."""
    model = type(survivor)
    # Fields that only make sense together: copied as a group, and only if all are blank.
    groups = model.filled_together
    grouped = {name for group in groups for name in group}
    candidates: list[tuple[str, ...]] = list(groups)
    for f in model._meta.concrete_fields:
        if f.editable and f.name not in _NOT_FILLED and f.name not in grouped:
            candidates.append((f.name,))
    filled: list[str] = []
    for group in candidates:
        attnames = [model._meta.get_field(name).attname for name in group]
        if not all(_is_blank(getattr(survivor, a)) for a in attnames):
            continue
        if all(_is_blank(getattr(merged, a)) for a in attnames):
            continue
        values = [getattr(merged, a) for a in attnames]
        # Never make the survivor point at itself (a place "within" itself, ...).
        if any(
            model._meta.get_field(name).is_relation
            and model._meta.get_field(name).related_model is model
            and value == survivor.pk
            for name, value in zip(group, values, strict=True)
        ):
            continue
        for attname, value in zip(attnames, values, strict=True):
            setattr(survivor, attname, value)
        filled.extend(group)
    return filled


def choose_survivor(first: Entity, second: Entity) -> tuple[Entity, Entity]:
    """(survivor, merged): a confirmed record wins, then the one with more mentions, then older."""
    counts = {
        e.pk: Mention.objects.filter(**{e.kind_of_entity: e}).count() for e in (first, second)
    }

    def rank(entity: Entity) -> tuple[int, int, int]:
        return (
            entity.review_status == ReviewStatus.CONFIRMED,
            counts[entity.pk],
            -entity.pk,
        )

    survivor = max((first, second), key=rank)
    return survivor, (second if survivor is first else first)


class _Touched:
    """Rows with history that a merge changes, each saved once with its before/after state."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], tuple[models.Model, dict[str, Any]]] = {}

    def touch(self, obj: models.Model) -> models.Model:
        key = (_label(type(obj)), obj.pk)
        if key not in self.rows:
            self.rows[key] = (obj, _row(obj))
        return self.rows[key][0]

    def get(self, model: type[models.Model], pk: int) -> models.Model | None:
        entry = self.rows.get((_label(model), pk))
        return entry[0] if entry else None


@transaction.atomic
def merge_entities(
    survivor: Entity,
    merged: Entity,
    *,
    user: Any | None = None,
    confirm_survivor: bool = False,
    suggestion: MergeSuggestion | None = None,
) -> EntityMerge:
    """Merge `merged` into `survivor` (same kind) and return the EntityMerge that can undo it.

    Everything pointing at `merged` moves to the survivor: mentions, quotes, affiliations,
    organizer links, place and country links, and records merged into it earlier (so redirects
    never chain). The survivor gains the merged record's names as aliases and any facts it was
    missing; `merged` keeps its own data and gets merged_into=survivor.
    """
    model = type(survivor)
    if type(merged) is not model:
        raise CurationError("Only records of the same kind can be merged.")
    if survivor.pk == merged.pk:
        raise CurationError("A record cannot be merged into itself.")
    # Work on fresh, locked rows: the admin may hand in stale instances.
    locked = {
        e.pk: e for e in model.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])
    }
    if len(locked) != 2:
        raise CurationError("One of the records no longer exists.")
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    for entity in (survivor, merged):
        if entity.merged_into_id is not None:
            raise CurationError(f"“{entity}” was already merged into another record.")
    if survivor.review_status == ReviewStatus.REJECTED:
        raise CurationError(f"“{survivor}” is rejected; confirm it before merging into it.")

    touched = _Touched()
    touched.touch(survivor)
    touched.touch(merged)
    links: list[dict[str, Any]] = []
    m2m_moved: list[dict[str, Any]] = []
    m2m_added: list[dict[str, Any]] = []

    for relation in model._meta.related_objects:
        if relation.many_to_many:
            m2m_moved.append(_move_m2m_links(relation, survivor, merged, touched))
            continue
        related_model = relation.related_model
        fk = relation.field
        queryset = related_model._default_manager.filter(**{fk.attname: merged.pk})
        if has_history(related_model):
            for obj in queryset:
                obj = touched.get(related_model, obj.pk) or touched.touch(obj)
                points_at_itself = related_model is model and obj.pk == survivor.pk
                setattr(obj, fk.attname, None if points_at_itself else survivor.pk)
        else:
            ids = list(queryset.values_list("pk", flat=True))
            if ids:
                related_model._default_manager.filter(pk__in=ids).update(
                    **{fk.attname: survivor.pk}
                )
                links.append({"model": _label(related_model), "field": fk.attname, "ids": ids})

    # The merged record's own many-to-many links (an event's organizers) join the survivor's.
    for m2m_field in model._meta.many_to_many:
        m2m_added.append(_copy_own_m2m_links(m2m_field, survivor, merged))

    survivor.aliases = _merge_names(
        survivor.aliases,
        [merged.name, *merged.aliases, getattr(merged, "acronym", "")],
        exclude=survivor.name,
    )
    _fill_blanks(survivor, merged)
    promote = confirm_survivor or merged.review_status == ReviewStatus.CONFIRMED
    if promote and survivor.review_status != ReviewStatus.CONFIRMED:
        survivor.review_status = ReviewStatus.CONFIRMED
    # curated_fields stay as they were: marking the aliases curated would stop the importer from
    # learning new spellings of the survivor, and it never removes or overwrites anything.
    merged.merged_into_id = survivor.pk

    suggestions = _settle_suggestions(model.kind_of_entity, survivor.pk, merged.pk, suggestion)

    rows = []
    for obj, before in touched.rows.values():
        save_with_history(obj, REASON_MERGE, user)
        rows.append(
            {"model": _label(type(obj)), "pk": obj.pk, "before": before, "after": _row(obj)}
        )
    sync_name_keys([survivor])  # it gained the merged record's names as aliases
    recount_entities({model.kind_of_entity: [survivor.pk, merged.pk]})

    return EntityMerge.objects.create(
        kind=model.kind_of_entity,
        survivor_id=survivor.pk,
        merged_id=merged.pk,
        survivor_name=survivor.name[:300],
        merged_name=merged.name[:300],
        performed_by=acting_user(user),
        snapshot={
            "version": SNAPSHOT_VERSION,
            "rows": rows,
            "links": links,
            "m2m_moved": [m for m in m2m_moved if m["rows"]],
            "m2m_added": [m for m in m2m_added if m["ids"]],
            "suggestions": suggestions,
        },
    )


def _m2m_columns(m2m_field: models.ManyToManyField) -> tuple[type[models.Model], str, str]:
    """(through model, owner column, target column) of a many-to-many field."""
    through = m2m_field.remote_field.through
    owner = through._meta.get_field(m2m_field.m2m_field_name()).attname
    target = through._meta.get_field(m2m_field.m2m_reverse_field_name()).attname
    return through, owner, target


def _move_m2m_links(
    relation: models.ManyToManyRel, survivor: Entity, merged: Entity, touched: _Touched
) -> dict[str, Any]:
    """Links from other records to `merged` (event -> organizer) now go to the survivor."""
    through, owner_col, target_col = _m2m_columns(relation.field)
    links = list(through._default_manager.filter(**{target_col: merged.pk}))
    # Rows as they are now: a deleted link loses its pk, and the undo recreates it from here.
    rows_before = [_row(link) for link in links]
    owners_with_survivor = set(
        through._default_manager.filter(
            **{target_col: survivor.pk, f"{owner_col}__in": [getattr(r, owner_col) for r in links]}
        ).values_list(owner_col, flat=True)
    )
    for link in links:
        if getattr(link, owner_col) in owners_with_survivor:
            link.delete()  # the owner already links to the survivor: one link is enough
        else:
            setattr(link, target_col, survivor.pk)
            link.save()
    owner_model = relation.related_model
    if has_history(owner_model) and links:
        # Saving each owner records its new m2m state in its history.
        for owner in owner_model._default_manager.filter(
            pk__in={getattr(r, owner_col) for r in links}
        ):
            touched.get(owner_model, owner.pk) or touched.touch(owner)
    return {
        "model": _label(through),
        "owner": owner_col,
        "target": target_col,
        "rows": rows_before,
    }


def _copy_own_m2m_links(
    m2m_field: models.ManyToManyField, survivor: Entity, merged: Entity
) -> dict[str, Any]:
    through, owner_col, target_col = _m2m_columns(m2m_field)
    merged_targets = set(
        through._default_manager.filter(**{owner_col: merged.pk}).values_list(target_col, flat=True)
    )
    survivor_targets = set(
        through._default_manager.filter(**{owner_col: survivor.pk}).values_list(
            target_col, flat=True
        )
    )
    created = [
        through._default_manager.create(**{owner_col: survivor.pk, target_col: target})
        for target in sorted(merged_targets - survivor_targets)
    ]
    return {"model": _label(through), "ids": [link.pk for link in created]}


def _settle_suggestions(
    kind: str, survivor_id: int, merged_id: int, accepted: MergeSuggestion | None
) -> list[dict[str, Any]]:
    """The pair's suggestion becomes accepted; other open ones about the merged record are moot."""
    changes = []
    first, second = sorted((survivor_id, merged_id))
    open_ones = MergeSuggestion.objects.filter(
        kind=kind, status=MergeSuggestion.Status.OPEN
    ).filter(Q(first_id=merged_id) | Q(second_id=merged_id))
    pks = set(open_ones.values_list("pk", flat=True))
    if accepted is not None:
        pks.add(accepted.pk)
    for suggestion in MergeSuggestion.objects.filter(pk__in=pks):
        same_pair = (suggestion.first_id, suggestion.second_id) == (first, second)
        new_status = (
            MergeSuggestion.Status.ACCEPTED
            if same_pair or suggestion.pk == getattr(accepted, "pk", None)
            else MergeSuggestion.Status.DISMISSED
        )
        if new_status != suggestion.status:
            changes.append({"pk": suggestion.pk, "before": suggestion.status, "after": new_status})
            suggestion.status = new_status
            suggestion.save(update_fields=["status"])
    return changes


def later_merges_blocking_undo(merge: EntityMerge) -> models.QuerySet[EntityMerge]:
    """Merges done after `merge` that involve its records: they must be undone first."""
    ids = [merge.survivor_id, merge.merged_id]
    return EntityMerge.objects.filter(
        kind=merge.kind, undone_at__isnull=True, pk__gt=merge.pk
    ).filter(Q(survivor_id__in=ids) | Q(merged_id__in=ids))


@transaction.atomic
def undo_merge(merge: EntityMerge, *, user: Any | None = None) -> EntityMerge:
    """Put every row the merge changed back as it was.

    A value is restored only where it is still what the merge set: anything a curator changed
    afterwards (a mention moved again, a description edited) is kept. Without later edits this
    restores the rows exactly, timestamps included.
    """
    merge = EntityMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_undone:
        raise CurationError("This merge was already undone.")
    blocking = later_merges_blocking_undo(merge).first()
    if blocking is not None:
        raise CurationError(f"Undo the later merge “{blocking}” first.")
    snapshot = merge.snapshot or {}
    if snapshot.get("version") != SNAPSHOT_VERSION:
        raise CurationError("This merge has no snapshot this version can undo.")
    model = entity_model(merge.kind)
    if model.objects.filter(pk__in=[merge.survivor_id, merge.merged_id]).count() != 2:
        raise CurationError("One of the merged records was deleted; the merge cannot be undone.")
    merged = model.objects.get(pk=merge.merged_id)
    if merged.review_status != ReviewStatus.REJECTED:
        # The merged record comes back as a public record of its own name.
        ensure_name_free(merged)

    # Links first, then the rows: restoring a row may depend on them (m2m history of an owner).
    for link in snapshot.get("links", []):
        related_model = _model_by_label(link["model"])
        related_model._default_manager.filter(
            pk__in=link["ids"], **{link["field"]: merge.survivor_id}
        ).update(**{link["field"]: merge.merged_id})
    for added in snapshot.get("m2m_added", []):
        _model_by_label(added["model"])._default_manager.filter(pk__in=added["ids"]).delete()
    for moved in snapshot.get("m2m_moved", []):
        _restore_m2m_links(moved, merge)

    timestamps: list[tuple[type[models.Model], int, str, Any]] = []
    for entry in snapshot.get("rows", []):
        row_model = _model_by_label(entry["model"])
        obj = row_model._default_manager.filter(pk=entry["pk"]).first()
        if obj is None:
            continue  # deleted since: nothing to restore
        current = _row(obj)
        for attname, before in entry["before"].items():
            if attname == "updated_at":
                continue
            if current.get(attname) == entry["after"].get(attname) and before != current.get(
                attname
            ):
                setattr(obj, attname, _python_value(row_model, attname, before))
        save_with_history(obj, REASON_UNDO_MERGE, user)
        if "updated_at" in entry["before"] and current.get("updated_at") == entry["after"].get(
            "updated_at"
        ):
            timestamps.append((row_model, obj.pk, "updated_at", entry["before"]["updated_at"]))
    # save() stamps updated_at; put back the timestamps of rows nobody touched since the merge.
    for row_model, pk, attname, value in timestamps:
        row_model._default_manager.filter(pk=pk).update(
            **{attname: _python_value(row_model, attname, value)}
        )

    for change in snapshot.get("suggestions", []):
        MergeSuggestion.objects.filter(pk=change["pk"], status=change["after"]).update(
            status=change["before"]
        )

    # The survivor's aliases are put back (as far as nobody changed them since).
    sync_name_keys(model.objects.filter(pk__in=[merge.survivor_id, merge.merged_id]))
    recount_entities({merge.kind: [merge.survivor_id, merge.merged_id]})
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    return merge


def _restore_m2m_links(moved: dict[str, Any], merge: EntityMerge) -> None:
    through = _model_by_label(moved["model"])
    owner_col, target_col = moved["owner"], moved["target"]
    for row in moved["rows"]:
        existing = through._default_manager.filter(pk=row["id"]).first()
        if existing is not None:
            if getattr(existing, target_col) == merge.survivor_id:
                setattr(existing, target_col, merge.merged_id)
                existing.save()
            continue
        # Deleted by the merge because the owner already linked the survivor: recreate it.
        already = through._default_manager.filter(
            **{owner_col: row[owner_col], target_col: merge.merged_id}
        ).exists()
        if not already:
            through._default_manager.create(**row)


def mark_alias_of(entity: Entity, canonical: Entity, *, user: Any | None = None) -> EntityMerge:
    """“This is another name of …”: merge `entity` into `canonical`, which becomes confirmed."""
    return merge_entities(canonical, entity, user=user, confirm_survivor=True)


def dump_rows(*models_to_dump: type[models.Model]) -> dict[str, list[dict[str, Any]]]:
    """Every row of the given tables as plain JSON-ready dicts, by primary key.

    Used to prove a merge + undo leaves the database exactly as it was.
    """
    return {
        _label(model): [
            json.loads(json.dumps(_row(obj), default=str))
            for obj in model._default_manager.order_by("pk")
        ]
        for model in models_to_dump
    }
