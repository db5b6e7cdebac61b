"""Each entity's stored counts (`public_article_count`, `public_mention_count`,
`public_story_count`, and the review queue's `queue_mention_count`), kept equal to a fresh count
by one function: `recount_entities`.

Counting an entity's mentions on every list page costs a count over the mention index per row,
and ordering a list by count costs one per record of the kind (1.3 s at 20,000 articles). So
each entity stores its counts, and everything that changes what they count calls
`recount_entities` with the records it touched: the importer after each batch of documents
(`CountBatch`), merging and undoing a merge, review (rejecting, moving mentions), publishing,
story splits and joins, undoing an import, and `manage.py recount_entities` to repair. The
review queue's stored mention groups of the same records are refreshed with them.

What is counted is what the public site shows: mentions that are not rejected, in published
articles (research.articles_mentioning); a story's copies count once, an article in no story
counts as one story of its own. The review queue's count is of every mention that is not
rejected, in any article: an import's drafts are reviewed before they are published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from ..kinds import KINDS
from ..models import ArticleStatus, Mention, ReviewStatus
from ..models.entities import STORED_COUNTS
from .column_updates import update_columns
from .mention_groups import sync_mention_groups
from .public_cache import public_counts_changed

#: {kind value: entity ids}: the records whose counts a change may have moved.
EntityIds = Mapping[str, Iterable[int]]

#: Ids per statement: far under SQLite's limit of bound parameters.
CHUNK = 2000

#: The importer recounts the records of this many written documents at once: a record named in
#: most articles is then counted once per batch rather than once per article.
IMPORT_BATCH = 200


def recount_entities(entity_ids: EntityIds, *, groups: bool = True) -> int:
    """Set the stored counts of the given records to a fresh count; returns how many changed.

    Set-based: per kind and chunk of ids, one grouped count over the mentions (read through the
    mention's (entity, article) index) and one bulk update of the rows whose counts moved."""
    changed = 0
    for kind_value, ids in entity_ids.items():
        ids = sorted({int(pk) for pk in ids if pk is not None})
        for start in range(0, len(ids), CHUNK):
            changed += _recount_chunk(kind_value, ids[start : start + CHUNK])
        # The review queue's groups of these records' suggested mentions follow the same
        # changes (archive.services.mention_groups), unless the caller adds to them itself.
        if groups:
            sync_mention_groups(kind_value, ids)
    # Whatever called this changed what the public pages count: the counts they keep a while
    # are stale now, whoever made the change (a service, a command, the admin, an import).
    # Now, and again once the change commits: a view counting in between read the rows as
    # they were and may have kept that.
    public_counts_changed()
    transaction.on_commit(public_counts_changed)
    return changed


def _recount_chunk(kind_value: str, ids: list[int]) -> int:
    kind = KINDS[kind_value]
    column = kind.mention_column
    published = Q(article__status=ArticleStatus.PUBLISHED)
    fresh = {
        row[column]: (row["articles"], row["mentions"], row["stories"], row["queue"])
        for row in (
            Mention.objects.filter(**{f"{column}__in": ids})
            .exclude(review_status=ReviewStatus.REJECTED)
            .order_by()
            .values(column)
            .annotate(
                articles=Count("article_id", distinct=True, filter=published),
                mentions=Count("pk", filter=published),
                # An article in no story is a story of its own: its negated id never meets a
                # story's id.
                stories=Count(
                    Coalesce("article__story_id", -F("article_id")),
                    distinct=True,
                    filter=published,
                ),
                queue=Count("pk"),
            )
        )
    }
    # In the order of `fresh`: articles, mentions, stories, then the review queue's count.
    fields = STORED_COUNTS
    stale = []
    for entity in kind.model.objects.filter(pk__in=ids).only("pk", *fields):
        counts = fresh.get(entity.pk, (0, 0, 0, 0))
        if tuple(getattr(entity, name) for name in fields) != counts:
            for name, value in zip(fields, counts, strict=True):
                setattr(entity, name, value)
            stale.append(entity)
    # No signals, and `updated_at` left alone: a count is not an edit.
    update_columns(kind.model, stale, fields)
    return len(stale)


def recount_all(kinds: Iterable[str] | None = None) -> int:
    """Recount every record of `kinds` (all kinds by default): the repair command's work."""
    values = list(kinds) if kinds is not None else KINDS.values()
    return recount_entities(
        {value: KINDS[value].model.objects.values_list("pk", flat=True) for value in values}
    )


# --- which records a change touches -------------------------------------------------------------


def entities_of_mentions(mentions: QuerySet[Mention] | Iterable[Mention]) -> dict[str, set[int]]:
    """{kind: ids} of the records `mentions` point at (a queryset: read in one query)."""
    found: dict[str, set[int]] = defaultdict(set)
    if isinstance(mentions, QuerySet):
        rows = mentions.order_by().values_list("kind", *KINDS.mention_columns()).distinct()
        for kind_value, *ids in rows:
            found[kind_value].update(pk for pk in ids if pk is not None)
        return dict(found)
    for mention in mentions:
        found[mention.kind].add(getattr(mention, KINDS[mention.kind].mention_column))
    return dict(found)


def entities_of_articles(article_ids: Iterable[int]) -> dict[str, set[int]]:
    """{kind: ids} of the records the given articles mention (one query per chunk)."""
    ids = sorted(set(article_ids))
    found: dict[str, set[int]] = defaultdict(set)
    for start in range(0, len(ids), CHUNK):
        chunk = entities_of_mentions(
            Mention.objects.filter(article_id__in=ids[start : start + CHUNK])
        )
        for kind_value, entity_ids in chunk.items():
            found[kind_value] |= entity_ids
    return dict(found)


def merge_ids(*groups: EntityIds) -> dict[str, set[int]]:
    """The union of several {kind: ids}."""
    merged: dict[str, set[int]] = defaultdict(set)
    for group in groups:
        for kind_value, ids in group.items():
            merged[kind_value].update(ids)
    return dict(merged)


def recount_articles(
    article_ids: Iterable[int], before: EntityIds | None = None, *, groups: bool = True
) -> int:
    """Recount the records the given articles mention now, and those in `before` (what they
    mentioned before a change that may have dropped some). Without `groups`, for a change
    that moves no mention (a story's), the review queue's groups are left as they are."""
    return recount_entities(
        merge_ids(entities_of_articles(article_ids), before or {}), groups=groups
    )


class CountBatch:
    """The records touched by a run of writes, recounted every `size` articles and at the end.

    The importer adds each written article (and what an updated article named before); the
    counts lag a running import by at most one batch."""

    def __init__(self, size: int = IMPORT_BATCH) -> None:
        self.size = size
        self.article_ids: set[int] = set()
        self.created_ids: set[int] = set()
        self.before: dict[str, set[int]] = {}

    def add(self, article_id: int, before: EntityIds | None = None, *, created=False) -> None:
        """`created`: the article is new and the loader added its mentions to the review
        queue's groups as it wrote them; the groups of what another article names (and
        named) are regrouped here."""
        self.article_ids.add(article_id)
        if created:
            self.created_ids.add(article_id)
        else:
            self.created_ids.discard(article_id)
        if before:
            self.before = merge_ids(self.before, before)
        if len(self.article_ids) >= self.size:
            self.flush()

    def flush(self) -> int:
        if not self.article_ids and not self.before:
            return 0
        changed = recount_entities(
            merge_ids(entities_of_articles(self.article_ids), self.before), groups=False
        )
        others = merge_ids(entities_of_articles(self.article_ids - self.created_ids), self.before)
        for kind_value, ids in others.items():
            sync_mention_groups(kind_value, ids)
        self.article_ids, self.created_ids, self.before = set(), set(), {}
        return changed
