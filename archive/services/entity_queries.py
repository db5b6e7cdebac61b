"""The records and mentions curators look at: lookups shared by every curation service, the
per-record counts the admin lists show, and what the review queue is waiting on.

- look up records by kind and id, or by the "kind:id" references the review queue's forms send;
- annotate records with their mention and article counts, and search their aliases;
- the review queue: suggested records and mentions, most frequent first, with sample sentences.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from archive.kinds import KINDS
from archive.models import Entity, Mention, MentionGroup, ReviewStatus
from archive.models.entities import QUEUE_COUNT_FIELD
from archive.services.name_keys import ids_named, lookup_key


class CurationError(Exception):
    """A curation step that cannot be done; the message is meant for the curator."""


# --------------------------------------------------------------------------------------------
# Records by kind and reference
# --------------------------------------------------------------------------------------------


def entity_model(kind: str) -> type[Entity]:
    try:
        return KINDS[kind].model
    except KeyError:
        raise CurationError(f"Unknown entity kind {kind!r}.") from None


def get_entity(kind: str, pk: int | str) -> Entity:
    model = entity_model(kind)
    try:
        return model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise CurationError(f"No {kind} with id {pk}.") from None


def public_record_named(model: type[Entity], name: str, *, exclude_pk: int | None) -> Entity | None:
    """The public record (canonical, not rejected) other than `exclude_pk` whose name equals
    `name` whatever the case. By the stored keys (an index search that folds every script's
    case: SQLite's LOWER() in the unique constraint folds ASCII only), then compared by name:
    an alias alone does not take a name."""
    key = lookup_key(name)
    same_key = (
        model.objects.canonical()
        .exclude(review_status=ReviewStatus.REJECTED)
        .exclude(pk=exclude_pk)
        .filter(id__in=ids_named(model.kind_of_entity, [key]))
        .order_by("pk")
    )
    return next((e for e in same_key if lookup_key(e.name) == key), None)


def ensure_name_free(entity: Entity) -> None:
    """CurationError when `entity`, made public again (un-rejected, or split back out of a
    merge), would share its name with another public record: the database allows one public
    record per name, and the curator should merge the two instead."""
    other = public_record_named(type(entity), entity.name, exclude_pk=entity.pk)
    if other is not None:
        raise CurationError(
            f"“{entity.name}” cannot be public again: “{other.name}” (#{other.pk}) has that "
            "name now. Merge the two, or rename one first."
        )


def parse_entity_ref(ref: str) -> tuple[str, int]:
    """ "person:12" -> ("person", 12), as the review queue's forms send them."""
    kind, _, pk = ref.partition(":")
    if kind not in KINDS or not pk.isdigit():
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
# Counts
# --------------------------------------------------------------------------------------------


def mention_count_subquery(field: str, *, include_rejected: bool = False) -> Coalesce:
    """Annotation: how many mentions point at each row of the model that Mention's `field`
    (an entity kind, or "article") refers to: one correlated count per row the query returns,
    so that a page of 50 rows counts 50 rows' mentions, not every row's before paginating."""
    mentions = Mention.objects.filter(**{field: OuterRef("pk")})
    if not include_rejected:
        mentions = mentions.exclude(review_status=ReviewStatus.REJECTED)
    # COUNT(*): the (entity, article, review_status) index answers it without the rows.
    counted = mentions.order_by().values(field).annotate(n=Count("*")).values("n")
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


# --------------------------------------------------------------------------------------------
# Review queue
# --------------------------------------------------------------------------------------------


def suggested_entities(kind: str | None = None, search: str = "") -> models.QuerySet:
    """Suggested, not merged records of one or all kinds, most mentioned first.

    Rows are dicts: pk, name, kind, mention_count (the stored count of its mentions that are
    not rejected, in any article). All kinds come back in one UNION query so the queue can be
    ordered and paginated across kinds; each kind's rows are read in order from its queue index.
    """
    querysets = []
    for each_kind in KINDS:
        if kind and each_kind.value != kind:
            continue
        model = each_kind.model
        queryset = model.objects.suggested().canonical()
        if search:
            queryset = queryset.filter(Q(name__icontains=search) | alias_search_q(search))
        querysets.append(
            queryset.annotate(
                entity_kind=Value(each_kind.value, output_field=models.CharField()),
                mention_count=F(QUEUE_COUNT_FIELD),
            )
            .order_by()
            .values("pk", "name", "entity_kind", "mention_count")
        )
    if not querysets:
        return Mention.objects.none()
    combined = querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
    # The id before the kind: each kind's rows then come in the order of its queue index.
    return combined.order_by("-mention_count", "name", "pk", "entity_kind")


def sample_mentions(
    entity_refs: Iterable[tuple[str, int]], *, per_entity: int = 3
) -> dict[tuple[str, int], list[Mention]]:
    """Up to `per_entity` visible mentions of each (kind, pk), latest archived articles first."""
    groups = {
        (kind, pk): KINDS[kind].mentions_of(pk) & ~Q(review_status=ReviewStatus.REJECTED)
        for kind, pk in entity_refs
    }
    samples: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for mention in _samples(groups.values(), per_entity):
        samples[(mention.kind, mention.entity_id)].append(mention)
    return samples


def sample_group_mentions(
    groups: Iterable[tuple[str, int, str]], *, per_group: int = 3
) -> dict[tuple[str, int, str], list[Mention]]:
    """Up to `per_group` suggested mentions of each (kind, entity id, text) group, latest
    archived articles first."""
    conditions = [
        KINDS[kind].mentions_of(entity_id) & Q(text=text, review_status=ReviewStatus.SUGGESTED)
        for kind, entity_id, text in groups
    ]
    samples: dict[tuple[str, int, str], list[Mention]] = defaultdict(list)
    for mention in _samples(conditions, per_group):
        samples[(mention.kind, mention.entity_id, mention.text)].append(mention)
    return samples


def _samples(conditions: Iterable[Q], per_group: int) -> models.QuerySet[Mention]:
    """Up to `per_group` mentions matching each condition (by article id, newest first), with
    their articles and `entity_id`, in one query.

    Each group's sample is its own small subquery, `LIMIT per_group` down the record's
    (entity, article, review_status) index. A window numbering every mention of the groups by
    its article's date did the same with all their mentions: at 100,000 articles the review
    queue's most mentioned records have tens of thousands each (9.5 s and 13 s a page).
    """
    condition = Q()
    for group in dict.fromkeys(conditions):
        sample = Mention.objects.filter(group).order_by("-article_id", "pk").values("pk")
        condition |= Q(pk__in_array=sample[:per_group])
    if not condition:
        return Mention.objects.none()
    return (
        Mention.objects.filter(condition)
        .select_related("article")
        .annotate(entity_id=KINDS.mentioned_entity_id())
        .order_by("kind", "entity_id", "-article_id", "pk")
    )


def suggested_mention_groups(kind: str | None = None, search: str = "") -> models.QuerySet:
    """Suggested mentions grouped by (kind, entity, text), the most frequent groups first.

    Rows are dicts: kind, text, entity_id, mention_count, first_id. Read from the stored groups
    (archive.services.mention_groups), down `mention_group_order_idx` (or the kind's index):
    grouping every suggested mention on each page view was two passes over all of them.
    """
    groups = MentionGroup.objects.all()
    if kind:
        groups = groups.filter(kind=kind)
    if search:
        groups = groups.filter(text__icontains=search)
    return groups.values("kind", "text", "entity_id", "mention_count", "first_id").order_by(
        "-mention_count", "text", "kind", "first_id"
    )


def mentions_in_group(kind: str, entity_id: int, text: str) -> models.QuerySet[Mention]:
    return Mention.objects.filter(
        KINDS[kind].mentions_of(entity_id), review_status=ReviewStatus.SUGGESTED, text=text
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
    """How much is waiting, by kind: suggested records (not merged) and suggested mentions.

    The mentions are summed over their stored groups, not counted one by one (a pass over
    every suggested mention's index entry on each page: 3 million at 100,000 articles)."""
    entities = {kind.value: kind.model.objects.suggested().canonical().count() for kind in KINDS}
    mentions = dict.fromkeys(KINDS.values(), 0)
    for row in MentionGroup.objects.order_by().values("kind").annotate(n=Sum("mention_count")):
        mentions[row["kind"]] = row["n"]
    return QueueCounts(entities=entities, mentions=mentions)
