"""Read-side queries for the public research site: facets, timelines, co-mentions, related.

Every function here runs a fixed number of queries, whatever the number of rows, so the pages
built on them stay constant in query count. "Public" follows the models: an entity is public
when it is neither rejected nor merged away; a mention counts when it is not rejected.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import add, or_
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    ExtractYear,
    Greatest,
    Length,
    Substr,
    TruncMonth,
)
from django.http import Http404

from ..models import (
    ENTITY_MODELS,
    Article,
    ArticleStatus,
    Entity,
    EntityKind,
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
    """Filter keywords, on mentions, for a `kind` entity that is public (the one definition)."""
    return {
        f"{prefix}{kind}__review_status__in": PUBLIC_REVIEW_STATUSES,
        f"{prefix}{kind}__merged_into__isnull": True,
    }


def mention_entity_is_public_q(prefix: str = "") -> Q:
    """Q for mentions whose entity (of whichever kind) is public."""
    return reduce(
        or_,
        (
            Q(**{f"{prefix}kind": kind}, **public_entity_lookups(kind, prefix))
            for kind in ENTITY_MODELS
        ),
    )


def mention_entity_is_linkable_q() -> Q:
    """Q for mentions whose entity is not rejected (merged ones link, and redirect, onwards)."""
    return reduce(
        or_,
        (
            Q(kind=kind, **{f"{kind}__review_status__in": PUBLIC_REVIEW_STATUSES})
            for kind in ENTITY_MODELS
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


def articles_mentioning(entity: Entity) -> QuerySet[Article]:
    """Published articles with a visible mention of `entity`, newest first.

    `id IN (the entity's mentions)`, not a correlated EXISTS: the planner reads the entity's
    (entity, article) index once instead of probing it for every article of the archive.
    """
    mentioned = (
        Mention.objects.visible().filter(**{entity.kind_of_entity: entity}).values("article_id")
    )
    return public_articles().filter(pk__in=mentioned)


# --- facets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    active: bool = False


@dataclass
class Facets:
    """Top values, with article counts, for each facet of an article list."""

    by_name: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: Facets with more values than listed (a page can offer to show more).
    has_more: set[str] = field(default_factory=set)
    #: When set, the counts are among this many newest articles of the list, not all of it.
    sample: int | None = None

    def __getitem__(self, name: str) -> list[FacetValue]:
        return self.by_name.get(name, [])

    def label_for(self, name: str, value: str) -> str:
        """The display name of an active filter value (its slug when not among the top)."""
        for facet_value in self[name]:
            if facet_value.value == value:
                return facet_value.label
        return value


ENTITY_FACETS: dict[str, str] = {
    "organization": EntityKind.ORGANIZATION,
    "person": EntityKind.PERSON,
    "place": EntityKind.PLACE,
    "event": EntityKind.EVENT,
}


#: How many values an expanded facet lists ("more…").
EXPANDED_FACET_LIMIT = 50


def article_facets(
    articles: QuerySet[Article],
    active: dict[str, str] | None = None,
    limit: int = 10,
    expanded: str = "",
    expanded_limit: int = EXPANDED_FACET_LIMIT,
    sample: int | None = None,
) -> Facets:
    """Counts of `articles` by mentioned entity (one query per kind), source and year.

    With `sample`, the counts are among the `sample` newest of `articles`: counting every
    mention of tens of thousands of matching articles on each view is what made a broad
    filter or a common search word take seconds.

    `active` maps a facet to its selected value so that it is listed even when more than
    `limit` values tie with it. The `expanded` facet lists up to `expanded_limit` values.
    One more row than shown is read, so `has_more` costs no query.
    """
    active = active or {}

    def limit_for(name: str) -> int:
        return expanded_limit if name == expanded else limit

    def keep(name: str, rows: list[Any]) -> list[Any]:
        if len(rows) > limit_for(name):
            facets.has_more.add(name)
        return rows[: limit_for(name)]

    if sample is None:
        article_ids = articles.order_by().values("pk")
    else:
        # Read once, then given to each count as a list: a subquery would sort every match
        # again for each of the six counts.
        newest = (F("published_on").desc(nulls_last=True), "-id")
        article_ids = list(articles.order_by(*newest).values_list("pk", flat=True)[:sample])
    facets = Facets(sample=sample)
    for name, kind in ENTITY_FACETS.items():
        selected = active.get(name, "")
        rows = (
            Mention.objects.visible()
            .filter(article__in=article_ids, kind=kind, **public_entity_lookups(kind))
            .values(f"{kind}__slug", f"{kind}__name")
            .annotate(
                count=Count("article", distinct=True),
                is_selected=Case(
                    When(**{f"{kind}__slug": selected}, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
            )
            .order_by("-count", "is_selected", f"{kind}__name")[: limit_for(name) + 1]
        )
        facets.by_name[name] = [
            FacetValue(
                value=row[f"{kind}__slug"],
                label=row[f"{kind}__name"],
                count=row["count"],
                active=row[f"{kind}__slug"] == selected,
            )
            for row in keep(name, list(rows))
        ]

    selected_source = active.get("source", "")
    source_rows = (
        Source.objects.filter(articles__in=article_ids)
        .values("slug", "name")
        .annotate(count=Count("articles", distinct=True))
        .order_by("-count", "name")[: limit_for("source") + 1]
    )
    facets.by_name["source"] = [
        FacetValue(row["slug"], row["name"], row["count"], row["slug"] == selected_source)
        for row in keep("source", list(source_rows))
    ]

    selected_year = str(active.get("year", ""))
    year_rows = (
        Article.objects.filter(pk__in=article_ids, published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    facets.by_name["year"] = [
        FacetValue(
            str(row["year"]), str(row["year"]), row["count"], str(row["year"]) == selected_year
        )
        for row in year_rows
    ]
    return facets


# --- time series -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyCounts:
    """{first day of month: count}, and how many had no date (a timeline cannot place them)."""

    by_month: dict[datetime.date, int]
    undated: int = 0


def _monthly(rows: Iterable[dict[str, Any]]) -> MonthlyCounts:
    # The undated rows group under a NULL month in the same query: no extra query for them.
    by_month = {_as_date(row["month"]): row["count"] for row in rows if row["month"] is not None}
    undated = sum(row["count"] for row in rows if row["month"] is None)
    return MonthlyCounts(by_month, undated)


def article_months(articles: QuerySet[Article] | None = None) -> MonthlyCounts:
    """Published articles per month of publication, and how many are undated (one query)."""
    articles = public_articles() if articles is None else articles
    rows = (
        articles.annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return _monthly(list(rows))


def articles_per_month(articles: QuerySet[Article] | None = None) -> dict[datetime.date, int]:
    """{first day of month: published articles dated in it}."""
    return article_months(articles).by_month


def mention_months(entity: Entity) -> MonthlyCounts:
    """Visible mentions of `entity` in published articles per month of the article's date,
    and how many are in undated articles (one query)."""
    rows = (
        Mention.objects.visible()
        .filter(article__status=ArticleStatus.PUBLISHED, **{entity.kind_of_entity: entity})
        .annotate(month=TruncMonth("article__published_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return _monthly(list(rows))


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

        return reverse(f"archive:{ENTITY_MODELS[self.kind].url_name}-detail", args=[self.slug])


#: How many of an entity's latest articles its co-mentions are counted over.
CO_MENTION_ARTICLES = 500


def co_mentioned(entity: Entity, limit: int = 12) -> list[EntityRef]:
    """Public entities most often named in the same published articles as `entity` (among its
    latest CO_MENTION_ARTICLES articles).

    The count is of shared articles; two queries for all four kinds.
    """
    kind = entity.kind_of_entity
    # Counted over the entity's latest CO_MENTION_ARTICLES articles: for an entity named in
    # most of the archive, counting through all of them would read most mentions on each view.
    # The ids are read first so that the planner starts from them (the article index of the
    # mentions) rather than from the kinds of mention.
    shared_articles = list(
        articles_mentioning(entity)
        .order_by(F("published_on").desc(nulls_last=True), "-id")
        .values_list("id", flat=True)[:CO_MENTION_ARTICLES]
    )
    name_fields = [f"{k}__{part}" for k in ENTITY_MODELS for part in ("slug", "name")]
    rows = (
        Mention.objects.visible()
        .filter(mention_entity_is_public_q(), article_id__in=shared_articles)
        .exclude(**{kind: entity})
        .values("kind", *name_fields)
        .annotate(
            count=Count("article", distinct=True),
            entity_name=Coalesce(*[f"{k}__name" for k in ENTITY_MODELS]),
        )
        .order_by("-count", "entity_name", "kind")[:limit]
    )
    return [
        EntityRef(
            kind=row["kind"],
            slug=row[f"{row['kind']}__slug"],
            name=row[f"{row['kind']}__name"],
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

    Two queries, both on the (entity, article) indexes: how many articles name each of the
    article's entities, then the articles naming the RELATED_THROUGH rarest ones, ranked by
    how many of those they share (then newest first).
    """
    entities: dict[tuple[str, int], None] = {}
    for mention in mentions:
        entity = mention.entity
        if entity is not None and entity.is_public:
            entities[(mention.kind, entity.pk)] = None
    if not entities:
        return []
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, pk in entities:
        by_kind[kind].append(pk)
    visible = Mention.objects.visible()
    # How widely each entity is named: an estimate (every mention counts), per kind from its
    # (entity, article) index alone, in one statement.
    per_kind = [
        Mention.objects.filter(**{f"{kind}__in": ids})
        .values(f"{kind}_id")
        .annotate(kind=Value(kind), mentions=Count("id"))
        .values_list("kind", f"{kind}_id", "mentions")
        .order_by()
        for kind, ids in by_kind.items()
    ]
    reach = per_kind[0].union(*per_kind[1:], all=True) if len(per_kind) > 1 else per_kind[0]
    rarest = sorted(reach, key=lambda row: (row[2], row[0], row[1]))[:RELATED_THROUGH]
    through = reduce(or_, (Q(**{f"{kind}_id": pk}) for kind, pk, _ in rarest))
    kinds = sorted({kind for kind, _, _ in rarest})
    # The articles naming most of those entities; the candidates come from the same index.
    candidates = (
        visible.filter(through, article__status=ArticleStatus.PUBLISHED)
        .exclude(article=article)
        .values("article_id")
        .annotate(shared=reduce(add, (Count(f"{kind}_id", distinct=True) for kind in kinds)))
        .order_by("-shared", "-article_id")
        .values_list("article_id", flat=True)[: limit * 4]
    )
    through_mentions = reduce(
        or_, (Q(**{f"mentions__{kind}_id": pk}) for kind, pk, _ in rarest)
    ) & Q(mentions__review_status__in=PUBLIC_REVIEW_STATUSES)
    shared_entities = reduce(
        add,
        (Count(f"mentions__{kind}", filter=through_mentions, distinct=True) for kind in kinds),
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
    grouped: dict[str, list[MentionedEntity]] = {kind: [] for kind in ENTITY_MODELS}
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


# --- entity pages ------------------------------------------------------------------------------


def resolve_entity(kind: str, slug: str) -> tuple[Entity, Entity | None]:
    """(the entity with this slug, the record it was merged into or None).

    Raises Http404 for an unknown slug, a rejected entity, or a merge chain that ends in a
    rejected record or loops.
    """
    model = ENTITY_MODELS[kind]
    entity = with_detail_relations(model.objects.all(), kind).filter(slug=slug).first()
    if entity is None:
        raise Http404(f"No {kind} {slug!r}.")
    if entity.merged_into_id is None:
        if entity.review_status == ReviewStatus.REJECTED:
            raise Http404(f"No {kind} {slug!r}.")
        return entity, None
    survivor: Entity = entity
    seen = {entity.pk}
    while survivor.merged_into_id is not None:
        if survivor.merged_into_id in seen or len(seen) > MAX_MERGE_CHAIN:
            raise Http404(f"No {kind} {slug!r}.")
        seen.add(survivor.merged_into_id)
        survivor = model.objects.get(pk=survivor.merged_into_id)
    if survivor.review_status == ReviewStatus.REJECTED:
        raise Http404(f"No {kind} {slug!r}.")
    return entity, survivor


def with_detail_relations(queryset: QuerySet[Entity], kind: str) -> QuerySet[Entity]:
    """`queryset` joined to the single records an entity's page and list show."""
    model = ENTITY_MODELS[kind]
    if model is Organization:
        queryset = queryset.select_related("country")
    elif model is Person:
        queryset = queryset.select_related("affiliation")
    elif model is Event:
        queryset = queryset.select_related("place", "place__country")
    elif model is Place:
        queryset = queryset.select_related("country")
    return queryset


@dataclass
class MentionSentence:
    """A sentence naming an entity, with where (relative to the sentence) each mention is."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def _span_in_sentence(
    sentence: str, window: str, window_start: int, start: int, end: int, text: str
) -> tuple[int, int] | None:
    """Where body[start:end] lies in `sentence`, found through the body `window` around it.

    The sentence is the body's text, trimmed and possibly shortened with "…" at either end;
    it can contain the mention's words more than once (and inside a longer name), so the span
    is placed by position in the body, not by searching for the words.
    """
    core = sentence.strip("…").strip()
    if core:
        lead = sentence.find(core)
        position = window.find(core)
        while position != -1:
            core_start = window_start + position
            if core_start <= start and end <= core_start + len(core):
                offset = lead + start - core_start
                return offset, offset + (end - start)
            position = window.find(core, position + 1)
    # The body changed since extraction: fall back to the first copy of the words.
    found = sentence.find(text)
    return (found, found + len(text)) if found != -1 and text else None


def mention_sentences(entity: Entity, article_ids: list[int]) -> dict[int, list[MentionSentence]]:
    """{article id: the distinct sentences that mention `entity`, in reading order}.

    Each sentence carries the spans of this entity's mentions in it, so a page can mark the
    mention itself rather than every copy of the name (one query).
    """
    sentences: dict[int, list[MentionSentence]] = defaultdict(list)
    window_start = Greatest(F("start") - Length("sentence"), Value(0))
    rows = (
        Mention.objects.visible()
        .filter(article_id__in=article_ids, **{entity.kind_of_entity: entity})
        .annotate(
            window_start=window_start,
            window=Substr(
                "article__body",
                window_start + 1,
                F("end") - F("start") + 2 * Length("sentence"),
            ),
        )
        .order_by("article_id", "start", "id")
        .values_list("article_id", "sentence", "text", "start", "end", "window", "window_start")
    )
    for article_id, sentence, text, start, end, window, first in rows:
        shown = sentence.strip() or text
        found = next((item for item in sentences[article_id] if item.text == shown), None)
        if found is None:
            found = MentionSentence(shown)
            sentences[article_id].append(found)
        span = _span_in_sentence(shown, window or "", first, start, end, text)
        if span is not None and span not in found.spans:
            found.spans.append(span)
    return dict(sentences)


def entity_facts(entity: Entity) -> dict[str, list[Entity]]:
    """Public records linked to `entity` by the model (not by co-mention): a fixed few queries."""
    facts: dict[str, list[Entity]] = {}
    if isinstance(entity, Organization):
        facts["people"] = list(entity.people.public().order_by("name")[:50])
        facts["events"] = list(entity.organized_events.public().select_related("place")[:50])
    elif isinstance(entity, Event):
        facts["organizers"] = list(entity.organizers.public().order_by("name"))
    elif isinstance(entity, Place):
        facts["events"] = list(entity.events.public().select_related("place")[:50])
        if entity.kind == Place.Kind.COUNTRY:
            facts["places"] = list(entity.places_within.public().order_by("name")[:100])
    return facts


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
        sources=Source.objects.filter(articles__status=ArticleStatus.PUBLISHED).distinct().count(),
        organizations=Organization.objects.public().count(),
        people=Person.objects.public().count(),
        events=Event.objects.public().count(),
        places=Place.objects.public().count(),
    )


def most_mentioned(kind: str, limit: int = 8) -> list[Entity]:
    """Public entities of `kind` named in the most published articles."""
    return list(
        ENTITY_MODELS[kind]
        .objects.public()
        .with_article_counts()
        .filter(article_count__gt=0)
        .order_by("-article_count", "name", "id")[:limit]
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
