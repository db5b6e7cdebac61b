"""Read-side queries for the public research site: facets, timelines, co-mentions, related.

Every function here runs a fixed number of queries, whatever the number of rows, so the pages
built on them stay constant in query count. "Public" follows the models: an entity is public
when it is neither rejected nor merged away; a mention counts when it is not rejected.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import add, or_
from typing import Any

from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import (
    Coalesce,
    Substr,
)

from ..kinds import KINDS
from ..models import (
    Article,
    ArticleStatus,
    Entity,
    Event,
    Mention,
    Organization,
    Person,
    Place,
    Quote,
    ReviewStatus,
    Source,
)

PUBLIC_REVIEW_STATUSES = (ReviewStatus.SUGGESTED, ReviewStatus.CONFIRMED)
#: How far a chain of merges is followed before giving up (a chain this long is a data error).
MAX_MERGE_CHAIN = 20
#: Characters of body kept for a list teaser when the article has no lede.
TEASER_CHARS = 500


# --- building blocks ---------------------------------------------------------------------------


def public_entity_lookups(kind: str, prefix: str = "") -> dict[str, Any]:
    """Filter keywords, on mentions, for a `kind` entity that is public (the one definition).

    `prefix` is the path to the mentions ("mentions__" from an article)."""
    entity = KINDS[kind]
    return {
        prefix + entity.mention_lookup("review_status", "in"): PUBLIC_REVIEW_STATUSES,
        prefix + entity.mention_lookup("merged_into", "isnull"): True,
    }


def mention_entity_is_public_q(prefix: str = "") -> Q:
    """Q for mentions whose entity (of whichever kind) is public."""
    return reduce(
        or_,
        (
            Q(**{f"{prefix}kind": kind.value}, **public_entity_lookups(kind.value, prefix))
            for kind in KINDS
        ),
    )


def mention_entity_is_linkable_q() -> Q:
    """Q for mentions whose entity is not rejected (merged ones link, and redirect, onwards)."""
    return reduce(
        or_,
        (
            Q(
                kind=kind.value,
                **{kind.mention_lookup("review_status__in"): PUBLIC_REVIEW_STATUSES},
            )
            for kind in KINDS
        ),
    )


def public_mentions() -> QuerySet[Mention]:
    """Mentions a researcher sees: not rejected, in a published article, of a public entity."""
    return Mention.objects.visible().filter(
        mention_entity_is_public_q(), article__status=ArticleStatus.PUBLISHED
    )


def public_articles() -> QuerySet[Article]:
    return Article.objects.published()


def as_article_list(articles: QuerySet[Article]) -> QuerySet[Article]:
    """`articles` with what a list shows (source, a teaser), without the heavy text columns."""
    return (
        articles.with_source()
        .annotate(body_start=Substr("body", 1, TEASER_CHARS))
        .defer("body", "raw_text", "search_vector", "curated_fields")
    )


def article_list_queryset() -> QuerySet[Article]:
    """Published articles, ready for a list."""
    return as_article_list(public_articles())


def newest_article_ids(articles: QuerySet[Article], limit: int) -> list[int]:
    """Ids of the `limit` newest of `articles`, undated last (one query).

    What a broad list counts beside its page (facets, map) is counted among these: the ids
    are read once and given to each count as a list, since a subquery would find and sort
    every match again for each count."""
    newest = (F("published_on").desc(nulls_last=True), "-id")
    return list(articles.order_by(*newest).values_list("pk", flat=True)[:limit])


def ids_query(ids: list[int], using: str = "default") -> RawSQL:
    """The ids `ids` as a subquery of one parameter (`article_id__in=`, `pk__in=`), for the
    counts beside a page (facets, map). Given as a list, each of those queries made Django
    prepare and bind every value (about 5 ms a query at 1,000 ids, in Python alone). It
    selects the ids themselves, not the articles that have them: the ids were read a moment
    ago, and looking each one up in the articles' table again cost each count 500 probes (the
    entity facets of a search on SQLite 13.3 -> 10.8 ms at 100,000 articles, docs/benchmarks.md)."""
    if connections[using].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


#: An entity named in at least this many published articles (its stored count) is filtered
#: by walking the articles newest first and probing its (entity, article) index for each,
#: which stops after about a page; a rarer one by gathering its articles (`IN`) and sorting
#: them. At 100,000 articles the most named organization (61,533 articles) took 155 ms the
#: second way on SQLite and under 1 ms the first; an entity in 2,000 articles is found in
#: about one article in 50, so its first page costs about 1,000 probes, as many as gathering
#: its 2,000 articles does (docs/benchmarks.md).
WIDELY_NAMED_ARTICLES = 2000


def mentioning(kind: str, entity_id: int, article_count: int) -> Q:
    """Articles with a visible mention of the `kind` entity `entity_id`, in the form its
    stored `article_count` calls for: a correlated EXISTS for a widely named entity
    (WIDELY_NAMED_ARTICLES), which the planners run while walking the date index newest
    first, and `id IN (...)` for a rare one, read once from the (entity, article) index
    (a correlated EXISTS alone is slow for a rare one: it probes every article)."""
    mentions = Mention.objects.filter(
        review_status__in=PUBLIC_REVIEW_STATUSES, **{KINDS[kind].mention_column: entity_id}
    )
    if article_count >= WIDELY_NAMED_ARTICLES:
        return Q(Exists(mentions.filter(article_id=OuterRef("pk"))))
    return Q(pk__in=mentions.values("article_id"))


def articles_mentioning(entity: Entity) -> QuerySet[Article]:
    """Published articles with a visible mention of `entity` (`mentioning`)."""
    return public_articles().filter(
        mentioning(entity.entity_kind.value, entity.pk, entity.public_article_count)
    )


# --- time series -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyCounts:
    """{first day of month: count}, and how many had no date (a timeline cannot place them)."""

    by_month: dict[datetime.date, int]
    undated: int = 0


def article_months(articles: QuerySet[Article] | None = None) -> MonthlyCounts:
    """Published articles per month of publication, and how many are undated (one query).

    Grouped by day and summed into months here: a day is read from the (status, date) index
    as it is, where truncating each date to its month made SQLite call a function on every
    article (0.5 s at 100,000 articles, on the home page's first view after an import)."""
    articles = public_articles() if articles is None else articles
    # COUNT(*): counting ids made PostgreSQL read each row, where the index has the dates.
    return _by_month(articles.order_by().values_list("published_on").annotate(count=Count("*")))


def _by_month(rows: Iterable[tuple[datetime.date | None, int]]) -> MonthlyCounts:
    """(day or None, count) rows summed into months, and the undated ones."""
    by_month: dict[datetime.date, int] = {}
    undated = 0
    for day, count in rows:
        if day is None:
            undated += count
        else:
            month = day.replace(day=1)
            by_month[month] = by_month.get(month, 0) + count
    return MonthlyCounts(dict(sorted(by_month.items())), undated)


def articles_per_month(articles: QuerySet[Article] | None = None) -> dict[datetime.date, int]:
    """{first day of month: published articles dated in it}."""
    return article_months(articles).by_month


def mention_months(entity: Entity) -> MonthlyCounts:
    """Visible mentions of `entity` in published articles per month of the article's date,
    and how many are in undated articles (one query)."""
    # By day, summed into months here (article_months): no function call per mention.
    rows = (
        Mention.objects.visible()
        .for_entity(entity)
        .filter(article__status=ArticleStatus.PUBLISHED)
        .order_by()
        .values_list("article__published_on")
        .annotate(count=Count("*"))
    )
    return _by_month(rows)


def mentions_per_month(entity: Entity) -> dict[datetime.date, int]:
    """{first day of month: visible mentions of `entity` in published articles of that month}."""
    return mention_months(entity).by_month


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


# --- entities named together -------------------------------------------------------------------


@dataclass(frozen=True)
class EntityRef:
    """Enough of an entity to name and link it, without loading the record."""

    kind: str
    slug: str
    name: str
    count: int = 0

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse(KINDS[self.kind].detail_url_name, args=[self.slug])

    @property
    def modifier(self) -> str:
        return KINDS[self.kind].modifier


#: How many of an entity's latest articles its co-mentions are counted over.
CO_MENTION_ARTICLES = 500


def latest_article_ids(entity: Entity) -> list[int]:
    """Ids of the latest CO_MENTION_ARTICLES published articles naming `entity` (one query).

    What is counted alongside an entity (co-mentions, the places on its map) is counted over
    these: for an entity named in most of the archive, counting through all of its articles
    would read most mentions on each view. The ids are read first so that the planner starts
    from them (the article index of the mentions) rather than from the kinds of mention.
    """
    return list(
        articles_mentioning(entity)
        .order_by(F("published_on").desc(nulls_last=True), "-id")
        .values_list("id", flat=True)[:CO_MENTION_ARTICLES]
    )


def co_mentioned(
    entity: Entity, limit: int = 12, article_ids: list[int] | None = None
) -> list[EntityRef]:
    """Public entities most often named in the same published articles as `entity` (among its
    latest CO_MENTION_ARTICLES articles, or `article_ids` when the caller has read them).

    The count is of shared articles; two queries for all four kinds (one with `article_ids`).
    """
    shared_articles = latest_article_ids(entity) if article_ids is None else article_ids
    name_fields = [k.mention_lookup(part) for k in KINDS for part in ("slug", "name")]
    rows = (
        Mention.objects.visible()
        .filter(mention_entity_is_public_q(), article_id__in=shared_articles)
        .exclude(**{entity.entity_kind.mention_field: entity})
        .values("kind", *name_fields)
        .annotate(
            count=Count("article", distinct=True),
            entity_name=Coalesce(*[k.mention_lookup("name") for k in KINDS]),
        )
        .order_by("-count", "entity_name", "kind")[:limit]
    )
    return [
        EntityRef(
            kind=row["kind"],
            slug=row[KINDS[row["kind"]].mention_lookup("slug")],
            name=row[KINDS[row["kind"]].mention_lookup("name")],
            count=row["count"],
        )
        for row in rows
    ]


#: Related articles are looked for through the article's rarest entities only: an entity named
#: in thousands of articles says little about which are related, and counting through it
#: would read most of the mention table.
RELATED_THROUGH = 8


def related_articles(
    article: Article, mentions: Iterable[Mention], limit: int = 5
) -> list[Article]:
    """Other published articles sharing the most of this article's rarer public entities.

    One query, on the (entity, article) indexes: the articles naming the RELATED_THROUGH
    rarest of the article's entities, ranked by how many of those they share (then newest
    first). How widely each entity is named is its stored article count
    (archive.services.entity_counts), read with the mention: counting it here read every
    mention of the archive's most named entities on each view.
    """
    entities: dict[tuple[str, int], int] = {}
    for mention in mentions:
        entity = mention.entity
        if entity is not None and entity.is_public:
            entities[(mention.kind, entity.pk)] = entity.public_article_count
    if not entities:
        return []
    visible = Mention.objects.visible()
    rarest = sorted(
        ((kind, pk, reach) for (kind, pk), reach in entities.items()),
        key=lambda row: (row[2], row[0], row[1]),
    )[:RELATED_THROUGH]
    through = reduce(or_, (Q(**{KINDS[kind].mention_column: pk}) for kind, pk, _ in rarest))
    kinds = sorted({kind for kind, _, _ in rarest})
    # The articles naming most of those entities; the candidates come from the same index.
    candidates = (
        visible.filter(through, article__status=ArticleStatus.PUBLISHED)
        .exclude(article=article)
        .values("article_id")
        .annotate(
            shared=reduce(add, (Count(KINDS[kind].mention_column, distinct=True) for kind in kinds))
        )
        .order_by("-shared", "-article_id")
        .values_list("article_id", flat=True)[: limit * 4]
    )
    through_mentions = reduce(
        or_, (Q(**{KINDS[kind].article_lookup("id"): pk}) for kind, pk, _ in rarest)
    ) & Q(mentions__review_status__in=PUBLIC_REVIEW_STATUSES)
    shared_entities = reduce(
        add,
        (
            Count(KINDS[kind].article_lookup(), filter=through_mentions, distinct=True)
            for kind in kinds
        ),
    )
    return list(
        article_list_queryset()
        .filter(pk__in=candidates)
        .annotate(shared_entities=shared_entities)
        .order_by("-shared_entities", F("published_on").desc(nulls_last=True), "-id")[:limit]
    )


# --- article page ------------------------------------------------------------------------------

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")


def public_origin(origin: str) -> str:
    """What the public may see of where an article was imported from.

    The importer stores files inside the project by their project-relative path and anything
    else by its absolute path, which names the server's folders: of those only the file name
    is shown. Addresses (a URL) are shown as they are. The admin keeps the full origin.
    """
    origin = origin.strip()
    is_file_url = origin.lower().startswith("file:")
    if not origin or ("://" in origin and not is_file_url):
        return origin
    if is_file_url or origin.startswith(("/", "~")) or _WINDOWS_ABSOLUTE.match(origin):
        name = re.split(r"[\\/]", origin)[-1]
        return name or "uploaded file"
    return origin


def article_mentions(article: Article) -> list[Mention]:
    """Mentions to mark in the body: not rejected, entity not rejected, entity loaded."""
    return list(
        Mention.objects.visible()
        .filter(mention_entity_is_linkable_q(), article=article)
        .with_entity()
        .order_by("start", "-end", "id")
    )


def article_quotes(article: Article) -> list[Quote]:
    """The article's quotes, each speaker with `speaker_role`: the role *this* article gives
    them (a person's own role is the latest one, perhaps from another article)."""
    role_here = (
        Mention.objects.filter(article=article, person=OuterRef("speaker"))
        .exclude(role="")
        .order_by("start")
        .values("role")[:1]
    )
    return list(
        Quote.objects.filter(article=article)
        .exclude(review_status=ReviewStatus.REJECTED)
        .select_related("speaker")
        .annotate(speaker_role=Coalesce(Subquery(role_here), Value("")))
        .order_by("start", "id")
    )


@dataclass(frozen=True)
class MentionedEntity:
    entity: Entity
    kind: str
    mention_count: int
    #: How many of those mentions are marked in the text shown (None: not known).
    marked_count: int | None = None


def entities_in(
    mentions: Iterable[Mention], marked: Iterable[Mention] | None = None
) -> dict[str, list[MentionedEntity]]:
    """The distinct entities of `mentions` by kind, most mentioned first (no query).

    With `marked` (the mentions a page actually marks), each entity also says how many of its
    mentions are marked, so a count beside the text never claims more than it shows.
    """
    counts: dict[tuple[str, int], int] = defaultdict(int)
    entities: dict[tuple[str, int], Entity] = {}
    for mention in mentions:
        key = (mention.kind, mention.entity.pk)
        counts[key] += 1
        entities[key] = mention.entity
    marked_counts: dict[tuple[str, int], int] | None = None
    if marked is not None:
        marked_counts = defaultdict(int)
        for mention in marked:
            marked_counts[(mention.kind, mention.entity.pk)] += 1
    grouped: dict[str, list[MentionedEntity]] = {kind.value: [] for kind in KINDS}
    for key, count in counts.items():
        marked_count = None if marked_counts is None else marked_counts.get(key, 0)
        grouped[key[0]].append(MentionedEntity(entities[key], key[0], count, marked_count))
    for kind in grouped:
        # What is marked most comes first: the counts read down in order.
        grouped[kind].sort(
            key=lambda item: (
                -(item.mention_count if item.marked_count is None else item.marked_count),
                -item.mention_count,
                item.entity.name.lower(),
            )
        )
    return grouped


# --- home --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveCounts:
    articles: int
    sources: int
    organizations: int
    people: int
    events: int
    places: int


def archive_counts() -> ArchiveCounts:
    return ArchiveCounts(
        articles=public_articles().count(),
        # Each source asks whether it has a published article, from the (source, status)
        # index: counting the distinct sources of every published article read each row.
        sources=Source.objects.filter(
            Exists(public_articles().filter(source=OuterRef("pk")))
        ).count(),
        organizations=Organization.objects.public().count(),
        people=Person.objects.public().count(),
        events=Event.objects.public().count(),
        places=Place.objects.public().count(),
    )


def most_mentioned(kind: str, limit: int = 8) -> list[Entity]:
    """Public entities of `kind` named most often in published articles (then in the most
    articles): a name every article repeats ranks above one each article names once."""
    return list(
        KINDS[kind]
        .model.objects.public()
        .with_article_counts()
        .filter(article_count__gt=0)
        .order_by("-mention_count", "-article_count", "name", "id")[:limit]
    )


def upcoming_events(today: datetime.date, limit: int = 5) -> list[Event]:
    return list(
        Event.objects.public()
        .select_related("place")
        .filter(Q(start_date__gte=today) | Q(end_date__gte=today))
        .order_by("start_date", "name", "id")[:limit]
    )


def undated_events(limit: int = 5) -> list[Event]:
    """Public events with neither a date nor a year: neither upcoming nor recent."""
    return list(
        Event.objects.public()
        .select_related("place")
        .filter(start_date__isnull=True, end_date__isnull=True, year__isnull=True)
        .order_by("name", "id")[:limit]
    )


def recent_events(today: datetime.date, limit: int = 5) -> list[Event]:
    """Events already over (or dated only by a past year), latest first."""
    return list(
        Event.objects.public()
        .select_related("place")
        .filter(
            Q(start_date__lt=today, end_date__isnull=True)
            | Q(end_date__lt=today)
            | Q(start_date__isnull=True, year__lte=today.year)
        )
        .order_by(F("start_date").desc(nulls_last=True), F("year").desc(nulls_last=True), "name")[
            :limit
        ]
    )
