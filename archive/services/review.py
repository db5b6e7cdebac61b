"""What curators decide about records and mentions, written once for all four entity kinds.

- confirm / reject records and mentions (rejecting a record also rejects its mentions, so no
  article keeps pointing at a record the public cannot see);
- move (re-link) mentions to another record or to a new one: how a wrong merge is split.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from archive.kinds import KINDS
from archive.models import Entity, Mention, ReviewStatus
from archive.services.entity_counts import entities_of_mentions, merge_ids, recount_entities
from archive.services.entity_queries import CurationError, ensure_name_free, entity_model
from archive.services.history import acting_user, has_history, save_with_history
from archive.services.name_keys import sync_name_keys
from archive.services.slugs import unique_slug

#: The history change reasons this module writes (shown in each object's admin history).
REASON_CONFIRM = "confirmed by a curator"
REASON_REJECT = "rejected by a curator"
REASON_SPLIT = "split from another record"


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
    if not has_history(model):
        return model._default_manager.bulk_update(objs, fields)
    return bulk_update_with_history(
        objs, model, fields, default_user=acting_user(user), default_change_reason=reason
    )


# --------------------------------------------------------------------------------------------
# Confirm and reject
# --------------------------------------------------------------------------------------------


def _with_curated(curated_fields: list[str], *names: str) -> list[str]:
    return [*curated_fields, *(n for n in names if n not in curated_fields)]


def _set_entities_review_status(
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
            if entity.review_status == ReviewStatus.REJECTED and entity.merged_into_id is None:
                ensure_name_free(entity)
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
                Mention.objects.filter(**{model.entity_kind.mention_lookup("in"): objs}).exclude(
                    review_status=ReviewStatus.REJECTED
                ).update(review_status=ReviewStatus.REJECTED)
                # Their counts and review queue groups lose the rejected mentions.
                recount_entities({model.kind_of_entity: [obj.pk for obj in objs]})
    return changed


def confirm_entities(entities: Iterable[Entity], *, user: Any | None = None) -> int:
    """Confirmed names join the gazetteer the next import recognises first."""
    return _set_entities_review_status(entities, ReviewStatus.CONFIRMED, user=user)


def reject_entities(entities: Iterable[Entity], *, user: Any | None = None) -> int:
    """Rejected records leave the public site and the importer never suggests the name again."""
    return _set_entities_review_status(entities, ReviewStatus.REJECTED, user=user)


def _set_mentions_review_status(mentions: models.QuerySet[Mention], status: str) -> int:
    if status not in ReviewStatus.values:
        raise CurationError(f"Unknown review status {status!r}.")
    # Mentions keep no history; a confirmed or rejected mention is what a re-import keeps.
    with transaction.atomic():
        changing = mentions.exclude(review_status=status)
        touched = entities_of_mentions(changing)
        count = changing.update(review_status=status)
        recount_entities(touched)
    return count


def confirm_mentions(mentions: models.QuerySet[Mention]) -> int:
    return _set_mentions_review_status(mentions, ReviewStatus.CONFIRMED)


def reject_mentions(mentions: models.QuerySet[Mention]) -> int:
    return _set_mentions_review_status(mentions, ReviewStatus.REJECTED)


@transaction.atomic
def delete_mentions(mentions: models.QuerySet[Mention]) -> int:
    """Delete `mentions` and recount the records they pointed at; returns how many went."""
    named = entities_of_mentions(mentions)
    count = mentions.delete()[1].get(Mention._meta.label, 0)
    recount_entities(named)
    return count


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
    touched = merge_ids(entities_of_mentions(mentions), {target_kind: [target.pk]})
    with transaction.atomic():
        for mention in mentions:
            clash = occupied_spans.get((mention.article_id, mention.start, mention.end))
            if clash is not None and clash != mention.pk:
                result.conflicts.append(mention)
                continue
            mention.entity = target
            mention.review_status = ReviewStatus.CONFIRMED
            mention.save(update_fields=["kind", *KINDS.mention_fields(), "review_status"])
            occupied_spans[(mention.article_id, mention.start, mention.end)] = mention.pk
            result.moved += 1
        recount_entities(touched)
    return result


def move_mentions_to_new_entity(
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
        save_with_history(entity, REASON_SPLIT, user)
        sync_name_keys([entity])
        result = move_mentions(mentions, entity, user=user)
    return entity, result
