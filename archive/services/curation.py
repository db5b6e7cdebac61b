"""What curators decide about entities and mentions, written once for all four entity kinds.

- confirm / reject entities and mentions (rejecting an entity also rejects its mentions, so no
  article keeps pointing at a record the public cannot see);
- merge two records of one kind (the survivor takes every mention, quote, affiliation, organizer
  link and place link, and the old names as aliases; the old record stays with merged_into set,
  so its public URL can redirect), and undo a merge exactly;
- move (re-link) mentions to another or a new entity: how a wrong merge is split;
- find likely duplicates (MergeSuggestion rows) and accept or dismiss them;
- the review queue: suggested records and mentions, most frequent first.

Merging finds what points at a record by introspecting the model's reverse relations, so a
relation added to the data model later is carried along without touching this module.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from typing import Any

from django.db import models, transaction
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from archive.models import (
    ENTITY_MODELS,
    Entity,
    EntityKind,
    EntityMerge,
    Mention,
    MergeSuggestion,
    Organization,
    ReviewStatus,
)
from archive.services.history import acting_user, attribute_change
from archive.services.slugs import unique_slug

#: The history change reasons this module writes (shown in each object's admin history).
REASON_MERGE = "merge"
REASON_UNDO_MERGE = "undo merge"
REASON_CONFIRM = "confirmed by a curator"
REASON_REJECT = "rejected by a curator"
REASON_SPLIT = "split from another record"

SNAPSHOT_VERSION = 1


class CurationError(Exception):
    """A curation step that cannot be done; the message is meant for the curator."""


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def entity_model(kind: str) -> type[Entity]:
    try:
        return ENTITY_MODELS[kind]
    except KeyError:
        raise CurationError(f"Unknown entity kind {kind!r}.") from None


def get_entity(kind: str, pk: int | str) -> Entity:
    model = entity_model(kind)
    try:
        return model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise CurationError(f"No {kind} with id {pk}.") from None


def name_key(name: str) -> str:
    """How names are compared for equality: case- and whitespace-insensitive."""
    return " ".join(name.split()).casefold()


def _has_history(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _model_by_label(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def _save_with_history(obj: models.Model, reason: str, user: Any | None) -> None:
    """save() so simple_history records the change, with a reason and (when known) who did it."""
    attribute_change(obj, reason, user)
    obj.save()


def _bulk_save_with_history(
    model: type[models.Model],
    objs: list[models.Model],
    fields: list[str],
    reason: str,
    user: Any | None,
) -> int:
    """Save many objects in a few queries, still writing one history row each.

    queryset.update() would skip the history; bulk_update does not run auto_now, so updated_at
    is set here by hand.
    """
    if not objs:
        return 0
    fields = list(fields)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        fields.append("updated_at")
    if not _has_history(model):
        return model._default_manager.bulk_update(objs, fields)
    return bulk_update_with_history(
        objs, model, fields, default_user=acting_user(user), default_change_reason=reason
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    """Every column of a row, JSON-ready (dates as ISO strings)."""
    return {f.attname: _jsonable(f.value_from_object(obj)) for f in obj._meta.concrete_fields}


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


def alias_search_q(term: str, field_name: str = "aliases") -> Q:
    """icontains on a JSON list of names, which also works for non-ASCII text on SQLite.

    SQLite keeps JSON as json.dumps wrote it, with "São" stored as "S\\u00e3o"; PostgreSQL's
    jsonb text has the real characters. Matching both spellings finds the alias on either.
    """
    condition = Q(**{f"{field_name}__icontains": term})
    escaped = json.dumps(term)[1:-1]
    if escaped != term:
        condition |= Q(**{f"{field_name}__icontains": escaped})
    return condition


# --------------------------------------------------------------------------------------------
# Confirm and reject
# --------------------------------------------------------------------------------------------


def _with_curated(curated_fields: list[str], *names: str) -> list[str]:
    return [*curated_fields, *(n for n in names if n not in curated_fields)]


def set_entities_review_status(
    entities: Iterable[Entity], status: str, *, user: Any | None = None
) -> int:
    """Set review_status on records of any kinds; returns how many changed.

    Rejecting also rejects the record's mentions, so articles stop linking to it and a re-import
    (which replaces only untouched, suggested mentions) does not bring them back.
    """
    if status not in ReviewStatus.values:
        raise CurationError(f"Unknown review status {status!r}.")
    reason = REASON_REJECT if status == ReviewStatus.REJECTED else REASON_CONFIRM
    by_model: dict[type[Entity], list[Entity]] = defaultdict(list)
    for entity in entities:
        if entity.review_status != status:
            entity.review_status = status
            entity.curated_fields = _with_curated(entity.curated_fields, "review_status")
            by_model[type(entity)].append(entity)
    changed = 0
    with transaction.atomic():
        for model, objs in by_model.items():
            changed += _bulk_save_with_history(
                model, objs, ["review_status", "curated_fields"], reason, user
            )
            if status == ReviewStatus.REJECTED:
                Mention.objects.filter(**{f"{model.kind_of_entity}__in": objs}).exclude(
                    review_status=ReviewStatus.REJECTED
                ).update(review_status=ReviewStatus.REJECTED)
    return changed


def confirm_entities(entities: Iterable[Entity], *, user: Any | None = None) -> int:
    """Confirmed names join the gazetteer the next import recognises first."""
    return set_entities_review_status(entities, ReviewStatus.CONFIRMED, user=user)


def reject_entities(entities: Iterable[Entity], *, user: Any | None = None) -> int:
    """Rejected records leave the public site and the importer never suggests the name again."""
    return set_entities_review_status(entities, ReviewStatus.REJECTED, user=user)


def set_mentions_review_status(mentions: models.QuerySet[Mention], status: str) -> int:
    if status not in ReviewStatus.values:
        raise CurationError(f"Unknown review status {status!r}.")
    # Mentions keep no history; a confirmed or rejected mention is what a re-import keeps.
    return mentions.exclude(review_status=status).update(review_status=status)


def confirm_mentions(mentions: models.QuerySet[Mention]) -> int:
    return set_mentions_review_status(mentions, ReviewStatus.CONFIRMED)


def reject_mentions(mentions: models.QuerySet[Mention]) -> int:
    return set_mentions_review_status(mentions, ReviewStatus.REJECTED)


# --------------------------------------------------------------------------------------------
# Moving mentions (re-link, split)
# --------------------------------------------------------------------------------------------


@dataclass
class MoveResult:
    moved: int = 0
    #: Mentions left where they were because the target kind already has a mention at that span.
    conflicts: list[Mention] = field(default_factory=list)


def move_mentions(
    mentions: Iterable[Mention], target: Entity, *, user: Any | None = None
) -> MoveResult:
    """Re-link mentions to `target` (of any kind) and mark them confirmed.

    A curator placed them, so they count as curated and survive a re-import. Moving a mention to
    another kind is allowed ("Washington" the person was really the place) unless that article
    already has a mention of the target's kind at the same span.
    """
    if target.merged_into_id is not None:
        raise CurationError(f"“{target}” was merged into another record; pick that one.")
    mentions = list(mentions)
    result = MoveResult()
    if not mentions:
        return result
    target_kind = target.kind_of_entity
    occupied = set(
        Mention.objects.filter(
            article_id__in={m.article_id for m in mentions}, kind=target_kind
        ).values_list("article_id", "start", "end", "pk")
    )
    occupied_spans = {(a, s, e): pk for a, s, e, pk in occupied}
    with transaction.atomic():
        for mention in mentions:
            clash = occupied_spans.get((mention.article_id, mention.start, mention.end))
            if clash is not None and clash != mention.pk:
                result.conflicts.append(mention)
                continue
            mention.entity = target
            mention.review_status = ReviewStatus.CONFIRMED
            mention.save(update_fields=["kind", *map(str, ENTITY_MODELS), "review_status"])
            occupied_spans[(mention.article_id, mention.start, mention.end)] = mention.pk
            result.moved += 1
    return result


def split_mentions_to_new_entity(
    mentions: Iterable[Mention],
    name: str,
    *,
    kind: str | None = None,
    user: Any | None = None,
) -> tuple[Entity, MoveResult]:
    """Create a confirmed record called `name` and move the mentions to it."""
    mentions = list(mentions)
    name = " ".join(name.split())
    if not name:
        raise CurationError("Give the new record a name.")
    if kind is None:
        kinds = {m.kind for m in mentions}
        if len(kinds) != 1:
            raise CurationError("Choose the kind of the new record.")
        kind = kinds.pop()
    model = entity_model(kind)
    with transaction.atomic():
        entity = model(
            name=name,
            slug=unique_slug(model, name),
            review_status=ReviewStatus.CONFIRMED,
            curated_fields=["review_status"],
        )
        _save_with_history(entity, REASON_SPLIT, user)
        result = move_mentions(mentions, entity, user=user)
    return entity, result


# --------------------------------------------------------------------------------------------
# Merge and undo
# --------------------------------------------------------------------------------------------

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
#: Fields that only make sense together: copied as a group, and only if all are blank.
_FILLED_TOGETHER: dict[str, list[tuple[str, ...]]] = {
    EntityKind.EVENT: [("start_date", "end_date", "year")],
    EntityKind.PLACE: [("latitude", "longitude")],
}


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _fill_blanks(survivor: Entity, merged: Entity) -> list[str]:
    """Copy facts the survivor lacks from the merged record; returns the filled field names."""
    model = type(survivor)
    groups = _FILLED_TOGETHER.get(model.kind_of_entity, [])
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
        if _has_history(related_model):
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
        _save_with_history(obj, REASON_MERGE, user)
        rows.append(
            {"model": _label(type(obj)), "pk": obj.pk, "before": before, "after": _row(obj)}
        )

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
    if _has_history(owner_model) and links:
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
    if merge.undone_at is not None:
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
        _save_with_history(obj, REASON_UNDO_MERGE, user)
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


# --------------------------------------------------------------------------------------------
# Merge suggestions
# --------------------------------------------------------------------------------------------

#: token_sort_ratio at or above which two names are suggested as the same thing.
DEFAULT_SIMILARITY = 90.0
_LEADING_ARTICLE = re.compile(r"^(the|la|le|el|les|los|las|die|der|das)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]+")


def normalise_for_matching(name: str) -> str:
    """Lower-case, no accents, no punctuation, no leading article.

    "The Río-Group" -> "rio group".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ish = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", ascii_ish.casefold())
    text = " ".join(text.split())
    return _LEADING_ARTICLE.sub("", text)


def initials(name: str) -> str:
    """The acronym a name would have: "Inter-American Development Bank" -> "iadb"."""
    stop = {"of", "the", "and", "for", "de", "la", "du", "des", "in", "on", "&"}
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    letters = [w[0] for w in words if w.casefold() not in stop and w[0].isalnum()]
    return "".join(letters).casefold() if len(letters) >= 2 else ""


@dataclass
class _Candidate:
    pk: int
    name: str
    names: list[str]  # normalised name and aliases
    acronyms: set[str]


def _candidates(model: type[Entity]) -> list[_Candidate]:
    fields = ["pk", "name", "aliases"]
    if model is Organization:
        fields.append("acronym")
    result = []
    for row in (
        model.objects.canonical().exclude(review_status=ReviewStatus.REJECTED).values(*fields)
    ):
        raw_names = [row["name"], *(row["aliases"] or [])]
        names = [n for n in dict.fromkeys(normalise_for_matching(n) for n in raw_names) if n]
        acronyms = {
            normalise_for_matching(n).replace(" ", "")
            for n in [*raw_names, row.get("acronym") or ""]
            if n and n.strip().isupper() and 2 <= len(n.strip()) <= 12
        }
        acronyms |= {a for a in (initials(n) for n in raw_names) if len(a) >= 3}
        result.append(_Candidate(row["pk"], row["name"], names, acronyms))
    return result


def _person_names_compatible(first: str, second: str) -> bool:
    """ "J. Smith" and "John Smith" may be one person; "Jane Smith" and "John Smith" are not."""
    a, b = first.split(), second.split()
    if not a or not b or a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    given_a, given_b = a[0], b[0]
    if len(given_a) == 1 or len(given_b) == 1:
        return given_a[0] == given_b[0]
    return given_a == given_b


def find_duplicate_pairs(
    kind: str, *, threshold: float = DEFAULT_SIMILARITY
) -> list[tuple[int, int, float, str, str, str]]:
    """Likely duplicates of one kind: (first_id, second_id, score, first, second, reason)."""
    model = entity_model(kind)
    candidates = _candidates(model)
    if len(candidates) < 2:
        return []
    found: dict[tuple[int, int], tuple[float, str]] = {}

    def note(a: _Candidate, b: _Candidate, score: float, reason: str) -> None:
        pair = (min(a.pk, b.pk), max(a.pk, b.pk))
        if pair not in found or found[pair][0] < score:
            found[pair] = (score, reason)

    # 1. Shared names and acronyms: exact, so cheap through an index of name -> records.
    by_name: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        for key in {*candidate.names, *candidate.acronyms}:
            by_name[key].append(candidate)
    for key, group in by_name.items():
        if 1 < len(group) <= 50:  # a name shared by dozens of records is not evidence
            for a, b in combinations(group, 2):
                shared_name = key in a.names and key in b.names
                reason = f"same name “{key}”" if shared_name else f"shared acronym “{key.upper()}”"
                if kind == EntityKind.PERSON and not _person_names_compatible(
                    a.names[0], b.names[0]
                ):
                    continue
                note(a, b, 100.0, reason)

    # People are often named by initial and surname ("M. Garcia"), which string similarity
    # scores low: pair records sharing a surname whose given names are compatible.
    if kind == EntityKind.PERSON:
        by_surname: dict[str, list[_Candidate]] = defaultdict(list)
        for candidate in candidates:
            words = candidate.names[0].split() if candidate.names else []
            if len(words) >= 2:
                by_surname[words[-1]].append(candidate)
        for surname, group in by_surname.items():
            if len(group) > 50:
                continue
            for a, b in combinations(group, 2):
                if _person_names_compatible(a.names[0], b.names[0]):
                    note(a, b, 90.0, f"same surname “{surname}”, compatible given names")

    # 2. Similar names: all pairs compared in C by rapidfuzz, a block of rows at a time so memory
    # stays small however many records there are.
    import numpy  # numpy and rapidfuzz are slow to import: only here, not on every start-up
    from rapidfuzz import fuzz, process

    main_names = [c.names[0] if c.names else "" for c in candidates]
    block = 500
    for start in range(0, len(candidates), block):
        scores = process.cdist(
            main_names[start : start + block],
            main_names,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=threshold,
            dtype=numpy.float32,
        )
        for offset, row in enumerate(scores):
            i = start + offset
            for j in row.nonzero()[0]:
                j = int(j)
                if j <= i:
                    continue
                a, b = candidates[i], candidates[j]
                if kind == EntityKind.PERSON and not _person_names_compatible(
                    main_names[i], main_names[j]
                ):
                    continue
                note(a, b, float(row[j]), f"similar names ({int(row[j])}%)")

    by_pk = {c.pk: c for c in candidates}
    return [
        (first, second, score, by_pk[first].name, by_pk[second].name, reason)
        for (first, second), (score, reason) in sorted(found.items())
    ]


def suggest_merges(
    kind: str | None = None, *, threshold: float = DEFAULT_SIMILARITY
) -> list[MergeSuggestion]:
    """Store likely duplicates as open MergeSuggestions; returns the new ones.

    Pairs already suggested (open, accepted or dismissed) are left alone, so a dismissed pair is
    never suggested again.
    """
    kinds = [kind] if kind else list(ENTITY_MODELS)
    created: list[MergeSuggestion] = []
    for each_kind in kinds:
        pairs = find_duplicate_pairs(each_kind, threshold=threshold)
        if not pairs:
            continue
        known = set(
            MergeSuggestion.objects.filter(kind=each_kind).values_list("first_id", "second_id")
        )
        new = [
            MergeSuggestion(
                kind=each_kind,
                first_id=first,
                second_id=second,
                first_name=first_name[:300],
                second_name=second_name[:300],
                score=min(max(score, 0.0), 100.0),
                reason=reason[:300],
            )
            for first, second, score, first_name, second_name, reason in pairs
            if (first, second) not in known
        ]
        # No ignore_conflicts: it would leave the new rows without primary keys.
        created.extend(MergeSuggestion.objects.bulk_create(new))
    return created


def accept_merge_suggestion(
    suggestion: MergeSuggestion,
    *,
    survivor_id: int | None = None,
    user: Any | None = None,
    confirm_survivor: bool = False,
) -> EntityMerge:
    """Merge the suggested pair; the survivor is `survivor_id` or the default choice.

    With `confirm_survivor` (a curator decided) the survivor ends up confirmed.
    """
    if suggestion.status != MergeSuggestion.Status.OPEN:
        raise CurationError(f"The suggestion “{suggestion}” is no longer open.")
    first = get_entity(suggestion.kind, suggestion.first_id)
    second = get_entity(suggestion.kind, suggestion.second_id)
    if survivor_id is None:
        survivor, merged = choose_survivor(first, second)
    elif int(survivor_id) in (first.pk, second.pk):
        survivor, merged = (first, second) if int(survivor_id) == first.pk else (second, first)
    else:
        raise CurationError("The survivor must be one of the suggested pair.")
    return merge_entities(
        survivor, merged, user=user, suggestion=suggestion, confirm_survivor=confirm_survivor
    )


def dismiss_merge_suggestions(suggestions: models.QuerySet[MergeSuggestion]) -> int:
    return suggestions.filter(status=MergeSuggestion.Status.OPEN).update(
        status=MergeSuggestion.Status.DISMISSED
    )


# --------------------------------------------------------------------------------------------
# Review queue
# --------------------------------------------------------------------------------------------


def mention_count_subquery(kind: str, *, include_rejected: bool = False) -> Coalesce:
    """Annotation: how many mentions point at each record of `kind` (one correlated count)."""
    mentions = Mention.objects.filter(**{kind: OuterRef("pk")})
    if not include_rejected:
        mentions = mentions.exclude(review_status=ReviewStatus.REJECTED)
    counted = mentions.order_by().values(kind).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def article_count_subquery(kind: str) -> Coalesce:
    """Annotation: how many distinct articles mention each record of `kind`."""
    counted = (
        Mention.objects.filter(**{kind: OuterRef("pk")})
        .exclude(review_status=ReviewStatus.REJECTED)
        .order_by()
        .values(kind)
        .annotate(n=Count("article", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def suggested_entities(kind: str | None = None, search: str = "") -> models.QuerySet:
    """Suggested, not merged records of one or all kinds, most mentioned first.

    Rows are dicts: pk, name, kind, mention_count. All kinds come back in one UNION query so the
    queue can be ordered and paginated across kinds.
    """
    querysets = []
    for each_kind, model in ENTITY_MODELS.items():
        if kind and each_kind != kind:
            continue
        queryset = model.objects.suggested().canonical()
        if search:
            queryset = queryset.filter(Q(name__icontains=search) | alias_search_q(search))
        querysets.append(
            queryset.annotate(
                entity_kind=Value(str(each_kind), output_field=models.CharField()),
                mention_count=mention_count_subquery(each_kind),
            )
            .order_by()
            .values("pk", "name", "entity_kind", "mention_count")
        )
    if not querysets:
        return Mention.objects.none()
    combined = querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
    return combined.order_by("-mention_count", "name", "entity_kind", "pk")


def sample_mentions(
    entity_refs: Iterable[tuple[str, int]], *, per_entity: int = 3
) -> dict[tuple[str, int], list[Mention]]:
    """Up to `per_entity` visible mentions of each (kind, pk), newest articles first, one query."""
    refs = list(entity_refs)
    if not refs:
        return {}
    condition = Q()
    for kind in {k for k, _ in refs}:
        condition |= Q(kind=kind, **{f"{kind}_id__in": [pk for k, pk in refs if k == kind]})
    entity_id = Coalesce(*(F(f"{kind}_id") for kind in ENTITY_MODELS))
    mentions = (
        Mention.objects.filter(condition)
        .exclude(review_status=ReviewStatus.REJECTED)
        .select_related("article")
        .annotate(
            entity_id=entity_id,
            position=Window(
                RowNumber(),
                partition_by=[F("kind"), entity_id],
                order_by=[F("article__published_on").desc(nulls_last=True), F("pk").asc()],
            ),
        )
        .filter(position__lte=per_entity)
        .order_by("kind", "entity_id", "position")
    )
    samples: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for mention in mentions:
        samples[(mention.kind, mention.entity_id)].append(mention)
    return samples


def suggested_mention_groups(kind: str | None = None, search: str = "") -> models.QuerySet:
    """Suggested mentions grouped by (kind, entity, text), the most frequent groups first.

    Rows are dicts: kind, text, organization/person/event/place ids, mention_count, first_id.
    """
    mentions = Mention.objects.filter(review_status=ReviewStatus.SUGGESTED)
    if kind:
        mentions = mentions.filter(kind=kind)
    if search:
        mentions = mentions.filter(text__icontains=search)
    id_columns = [f"{k}_id" for k in ENTITY_MODELS]
    return (
        mentions.order_by()
        .values("kind", "text", *id_columns)
        .annotate(mention_count=Count("pk"), first_id=Min("pk"))
        .order_by("-mention_count", "text", "kind", "first_id")
    )


def mentions_in_group(kind: str, entity_id: int, text: str) -> models.QuerySet[Mention]:
    return Mention.objects.filter(
        review_status=ReviewStatus.SUGGESTED, kind=kind, text=text, **{f"{kind}_id": entity_id}
    )


@dataclass(frozen=True)
class QueueCounts:
    entities: dict[str, int]
    mentions: dict[str, int]

    @property
    def total_entities(self) -> int:
        return sum(self.entities.values())

    @property
    def total_mentions(self) -> int:
        return sum(self.mentions.values())


def review_queue_counts() -> QueueCounts:
    """How much is waiting, by kind: suggested records (not merged) and suggested mentions."""
    entities = {
        str(kind): model.objects.suggested().canonical().count()
        for kind, model in ENTITY_MODELS.items()
    }
    mentions = dict.fromkeys(map(str, ENTITY_MODELS), 0)
    for row in (
        Mention.objects.filter(review_status=ReviewStatus.SUGGESTED)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    ):
        mentions[row["kind"]] = row["n"]
    return QueueCounts(entities=entities, mentions=mentions)


def parse_entity_ref(ref: str) -> tuple[str, int]:
    """ "person:12" -> ("person", 12), as the review queue's forms send them."""
    kind, _, pk = ref.partition(":")
    if kind not in ENTITY_MODELS or not pk.isdigit():
        raise CurationError(f"Not a record reference: {ref!r}.")
    return kind, int(pk)


def entities_from_refs(refs: Iterable[str]) -> list[Entity]:
    """Load the records named by "kind:id" references, one query per kind."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for ref in refs:
        kind, pk = parse_entity_ref(ref)
        wanted[kind].append(pk)
    found: list[Entity] = []
    for kind, pks in wanted.items():
        found.extend(entity_model(kind).objects.filter(pk__in=pks))
    return found


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
