"""The querysets the API serves, built on the public pages' services (archive.services).

Each list or detail is a fixed number of queries: the rows, then one prefetch per nested list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..kinds import KINDS
from ..models import Article, Mention, Quote, ReviewStatus, Source, Story
from ..models.articles import SEARCH_INDEX_FIELDS
from ..services import research, stories

#: Columns no API response shows (the body only when asked for).
HEAVY_ARTICLE_FIELDS = ("raw_text", *SEARCH_INDEX_FIELDS, "curated_fields", "removed_blocks")


#: What a mention in a list shows of its entity: kind, slug and name, not its text fields.
UNSHOWN_ENTITY_FIELDS = ("aliases", "description", "curated_fields")
#: The same fields, through a mention's link to its entity, for each kind.
UNSHOWN_ENTITY_COLUMNS = tuple(
    kind.mention_lookup(unshown) for kind in KINDS for unshown in UNSHOWN_ENTITY_FIELDS
)


class EntityRef(NamedTuple):
    """What a mention in an article says of its entity: enough to name it and link it."""

    kind: str
    slug: str
    name: str


class MentionRow(NamedTuple):
    """An article's mention as the API shows it (MentionInArticleSerializer): a page of
    articles shows hundreds of mentions, and making a Mention and an entity instance of each
    was about a quarter of the page's time (docs/benchmarks.md, 2026-12-05)."""

    id: int
    kind: str
    entity: EntityRef
    start: int
    end: int
    text: str
    role: str
    review_status: str


_MENTION_COLUMNS = ("article_id", "id", "kind", "start", "end", "text", "role", "review_status")
#: Each kind's (slug, name) columns through the mention's link, in registry order, and where
#: a kind's pair starts among them.
_ENTITY_COLUMNS = tuple(kind.mention_lookup(shown) for kind in KINDS for shown in ("slug", "name"))
_ENTITY_PLACE = {kind.value: 2 * place for place, kind in enumerate(KINDS)}


def article_mentions() -> QuerySet[Mention]:
    """What an article page marks: visible mentions of entities that are not rejected."""
    return (
        Mention.objects.visible()
        .filter(research.mention_entity_is_linkable_q())
        .order_by("start", "-end", "id")
    )


def attach_mentions(articles: Sequence[Article]) -> None:
    """Give each of `articles` its `api_mentions` (MentionRow, in text order): one query for
    any number of articles, values rather than model instances."""
    by_article: dict[int, list[MentionRow]] = {article.pk: [] for article in articles}
    if by_article:
        rows = article_mentions().filter(article_id__in=list(by_article))
        for article_id, pk, kind, start, end, text, role, status, *entities in rows.values_list(
            *_MENTION_COLUMNS, *_ENTITY_COLUMNS
        ):
            place = _ENTITY_PLACE[kind]
            entity = EntityRef(kind, entities[place], entities[place + 1])
            by_article[article_id].append(
                MentionRow(pk, kind, entity, start, end, text, role, status)
            )
    for article in articles:
        article.api_mentions = by_article[article.pk]


def article_quotes() -> QuerySet[Quote]:
    """Quotes that are not rejected, each speaker with the role the article gives them
    (as research.article_quotes, for many articles at once)."""
    role_here = (
        Mention.objects.filter(article=OuterRef("article"), person=OuterRef("speaker"))
        .exclude(role="")
        .order_by("start")
        .values("role")[:1]
    )
    return (
        Quote.objects.exclude(review_status=ReviewStatus.REJECTED)
        .select_related("speaker")
        .annotate(speaker_role=Coalesce(Subquery(role_here), Value("")))
        .order_by("start", "id")
    )


def articles(*, staff: bool = False, include_body: bool = False) -> QuerySet[Article]:
    """Articles with their source and quotes (two queries for any number); their mentions
    come with `attach_mentions` (one more).

    The public get published articles only; staff all of them (their FilterSet chooses)."""
    queryset = Article.objects.all() if staff else research.public_articles()
    deferred = (*HEAVY_ARTICLE_FIELDS, *(() if include_body else ("body",)))
    return (
        queryset.with_source()
        .defer(*deferred)
        .prefetch_related(Prefetch("quotes", queryset=article_quotes(), to_attr="api_quotes"))
    )


def mentions() -> QuerySet[Mention]:
    """Visible mentions of public entities in published articles, with both loaded.

    As research.public_mentions(), with "published" as a correlated EXISTS on the article's
    primary key rather than a join condition or `IN (published ids)`: the planner then walks
    the mentions' (article, start) index in the list's order and stops at the page's end. A
    join condition made SQLite scan every article and sort; `IN (...)` made it build the list
    of every published id first (about 100 ms at 100,000 articles, on every page)."""
    published = research.public_articles().filter(pk=OuterRef("article_id"))
    return (
        Mention.objects.visible()
        .filter(research.mention_entity_is_public_q(), Exists(published))
        .with_entity()
        .select_related("article")
        .defer(
            "sentence",
            *(f"article__{field}" for field in (*HEAVY_ARTICLE_FIELDS, "body")),
            *UNSHOWN_ENTITY_COLUMNS,
        )
        .order_by("article_id", "start", "id")
    )


def sources() -> QuerySet[Source]:
    """Sources of at least one published article, with how many."""
    return Source.objects.with_article_counts().filter(article_count__gt=0).order_by("name", "id")


def _per_story(aggregate) -> Subquery:
    """`aggregate` over the published copies of the outer story (a correlated subquery: a
    page of stories reads its rows of the story index, never groups the whole archive)."""
    copies = research.public_articles().filter(story_id=OuterRef("pk")).order_by()
    return Subquery(copies.values("story_id").annotate(value=aggregate).values("value")[:1])


def stories_with_copies() -> QuerySet[Story]:
    """Stories with at least one published copy, newest story first: how many copies, their
    first and last dates, and the copies themselves (two queries for any number)."""
    published = research.public_articles().filter(story_id=OuterRef("pk"))
    return (
        Story.objects.filter(Exists(published))
        .annotate(
            copy_count=_per_story(Count("pk")),
            first_published_on=_per_story(Min("published_on")),
            last_published_on=_per_story(Max("published_on")),
        )
        .only("pk")
        .prefetch_related(
            Prefetch("articles", queryset=stories.published_copies(), to_attr="api_copies")
        )
        .order_by("-pk")
    )
