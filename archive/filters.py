"""django-filter FilterSets for the public lists: articles and the four entity kinds.

Every filter names its field and lookup explicitly; orderings are OrderingFilters. Entity
filters on articles go through mentions that are not rejected, of entities that are public,
with `id IN (...)` so that an article never appears twice. A bad value (a year of "abc", an
unknown order) is the form's error, shown on the page, and that filter is left out rather
than emptying the list: the views run the FilterSets non-strict.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from .kinds import KINDS
from .languages import language_choices
from .models import (
    Article,
    ArticleStatus,
    Event,
    Mention,
    Organization,
    Person,
    Place,
)
from .search import (
    RANK_FIELD,
    ParsedQuery,
    backend_for,
    is_ranked,
    parse_query,
    search_articles,
)
from .services.public_cache import cached_count
from .services.research import PUBLIC_REVIEW_STATUSES, mentioning
from .services.stories import collapse_stories, story_count


class NamedOrderingFilter(django_filters.OrderingFilter):
    """An OrderingFilter whose choices each name a whole ordering, not one field.

    django-filter's OrderingFilter orders by the fields a choice names; the archive's orders
    need expressions (undated last in both directions, on every database) and ties broken by
    id so that pages are stable. With no value the `default` choice applies. An unknown
    choice is the form's error, shown beside the list, and the default applies.
    """

    def __init__(self, *, orderings: dict[str, tuple[str, tuple[Any, ...]]], default: str, **kw):
        self.orderings = {value: order_by for value, (_, order_by) in orderings.items()}
        self.default = default
        kw.setdefault("label", "Sort by")
        kw.setdefault("empty_label", None)
        super().__init__(choices=[(value, label) for value, (label, _) in orderings.items()], **kw)

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        return qs.order_by(*self.orderings[self.chosen(qs, value)])

    def chosen(self, qs: QuerySet, value: list[str] | None) -> str:
        """The first choice given; empty ones (`?ordering=,`) are no choice."""
        return next((choice for choice in value or () if choice), None) or self.default_for(qs)

    def default_for(self, qs: QuerySet) -> str:
        return self.default


#: Undated articles last in both directions, on every database.
NEWEST_ARTICLES = (F("published_on").desc(nulls_last=True), "-id")
OLDEST_ARTICLES = (F("published_on").asc(nulls_last=True), "id")


class ArticleOrderingFilter(NamedOrderingFilter):
    """Best match first for a search (the search filter, applied before, ranks); newest
    first otherwise, and for "best match" when there is nothing to rank."""

    RELEVANCE = "relevance"

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        chosen = self.chosen(qs, value)
        if chosen == self.RELEVANCE:
            if not is_ranked(qs):
                return qs.order_by(*NEWEST_ARTICLES)
            return qs.order_by(f"-{RANK_FIELD}", *NEWEST_ARTICLES)
        return qs.order_by(*self.orderings[chosen])

    def default_for(self, qs: QuerySet) -> str:
        return self.RELEVANCE if is_ranked(qs) else self.default


def public_entity_id_and_count(kind: str, slug: str) -> tuple[int, int]:
    """The id and stored article count of the public `kind` entity `slug` (one query);
    (0, 0) when there is none (0 is no row's id)."""
    row = (
        KINDS[kind]
        .model.objects.filter(
            slug=slug, review_status__in=PUBLIC_REVIEW_STATUSES, merged_into__isnull=True
        )
        .values_list("pk", "public_article_count")
        .first()
    )
    return row or (0, 0)


def mentions_entity(kind: str, slug: str, found: tuple[int, int] | None = None) -> Q:
    """Articles with a visible mention of the public `kind` entity `slug`.

    The entity's id and stored count are read first (one query; `found` when the caller has
    read them). Given the id, the planners tell a widely named entity from a rare one, where
    through the slug PostgreSQL expected a rare one and gathered and sorted all of the
    entity's articles (6.5 s against 40 ms for the most named organization at 100,000
    articles, docs/benchmarks.md). The stored count chooses the form of the filter: a
    correlated EXISTS for a widely named entity, `id IN (...)` for a rare one
    (research.mentioning). No `kind = ...`: a mention links to an entity of its own kind only
    (a constraint)."""
    entity_id, article_count = found or public_entity_id_and_count(kind, slug)
    return mentioning(kind, entity_id, article_count)


def exclude_matching(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """`queryset` less the articles with any of the query's excluded terms ("-moscow" alone).

    The engines cannot run a query that only excludes, so the excluded terms are searched
    for as alternatives and what they find is left out (not ranked: there is nothing to rank).
    """
    wanted = ParsedQuery(clauses=(tuple(query.excluded),))
    backend = backend_for(connections[queryset.db])
    matching = backend.filter(Article.objects.all(), wanted).values("pk")
    return queryset.exclude(pk__in=matching)


class ArticleFilter(django_filters.FilterSet):
    """The article list's filters; the feed and the list's removable chips use the same.

    One filter per entity kind (`?organization=<slug>`, ...) comes from the registry of kinds
    (`get_filters`), so a new kind filters articles without a change here.
    """

    q = django_filters.CharFilter(
        field_name="search", method="filter_search", label="Search articles", max_length=300
    )
    source = django_filters.CharFilter(
        field_name="source__slug", lookup_expr="exact", label="Source"
    )
    language = django_filters.ChoiceFilter(
        field_name="language",
        # A callable: the choices follow settings.ARCHIVE_LANGUAGES, read when a form is made.
        choices=language_choices,
        label="Language",
        empty_label="Any language",
    )
    published_from = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        label="Published from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_to = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        label="Published to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    year = django_filters.NumberFilter(
        field_name="published_on", lookup_expr="year", label="Year", min_value=1, max_value=9999
    )
    collapse = django_filters.ChoiceFilter(
        choices=[("stories", "One row per story")],
        method="filter_collapse",
        label="Copies",
        empty_label="Every copy",
    )
    # Declared last: it runs after the search, so it can order by the search's rank.
    ordering = ArticleOrderingFilter(
        orderings={
            "newest": ("Newest first", NEWEST_ARTICLES),
            "oldest": ("Oldest first", OLDEST_ARTICLES),
            "title": ("Title A to Z", (Lower("title"), "id")),
            ArticleOrderingFilter.RELEVANCE: ("Best match", ()),
        },
        default="newest",
        empty_label="Best match, or newest",
    )

    class Meta:
        model = Article
        fields: list[str] = []  # all filters are declared explicitly above

    @classmethod
    def get_filters(cls) -> dict[str, django_filters.Filter]:
        filters = super().get_filters()
        by_entity = {
            kind.value: django_filters.CharFilter(
                field_name=kind.article_lookup("slug"),
                method="filter_mentioned",
                label=kind.label,
            )
            for kind in KINDS
        }
        # Entity filters come right after the search, as on the page.
        q = {"q": filters.pop("q")} if "q" in filters else {}
        return {**q, **by_entity, **filters}

    @property
    def qs(self) -> QuerySet[Article]:
        # Only published articles are public, whatever queryset a caller passes in.
        return super().qs.filter(status=ArticleStatus.PUBLISHED)

    @classmethod
    def chip_filters(cls) -> list[str]:
        """The filters a page shows as removable chips: all but the search box and the order."""
        return [name for name in cls.base_filters if name not in ("q", "ordering")]

    @classmethod
    def feed_filters(cls) -> list[str]:
        """The parameters an Atom feed of the list keeps: every filter but the order."""
        return [name for name in cls.base_filters if name != "ordering"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        query = parse_query(value)
        if query.is_empty and query.excluded:
            return exclude_matching(queryset, query)
        return search_articles(queryset, value)

    def filter_collapse(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return collapse_stories(queryset) if value == "stories" else queryset

    def filter_mentioned(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        kind = name.split("__")[1]
        found = public_entity_id_and_count(kind, value)
        self.entity_counts[kind] = found[1]
        return queryset.filter(mentions_entity(kind, value, found))

    @property
    def entity_counts(self) -> dict[str, int]:
        """{kind: the stored article count of the entity its filter selects}, once filtered."""
        if not hasattr(self, "_entity_counts"):
            self._entity_counts: dict[str, int] = {}
        return self._entity_counts

    def narrowing(self) -> list[str]:
        """The names of the filters in use (the ordering is none)."""
        cleaned = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return [
            name
            for name, value in cleaned.items()
            if name != "ordering" and value not in (None, "", [])
        ]

    def known_count(self) -> int | None:
        """How many articles the list holds, when it can be told without counting its rows:
        a list narrowed by one entity alone holds that entity's stored article count
        (archive.services.entity_counts counts what the filter selects); the whole archive one
        row per story holds its published stories (`story_count`, from an index: counting the
        collapsed rows ran the first-copy subquery for every article). None otherwise."""
        if not (self.is_bound and self.form.is_valid()):
            return None
        self.qs  # noqa: B018  (the filters run, and read the entities' counts, once)
        narrowing = self.narrowing()
        if len(narrowing) == 1 and narrowing[0] in self.entity_counts:
            return self.entity_counts[narrowing[0]]
        if narrowing == ["collapse"] and self.form.cleaned_data["collapse"] == "stories":
            # The same for every visitor, and changed only by an import or a curator: kept a
            # while, as the whole archive's counts are (archive.services.public_cache).
            return cached_count(
                "list:story-count", lambda: story_count(Article.objects.published())
            )
        return None

    @property
    def has_search(self) -> bool:
        return is_ranked(self.qs)


# --- entities ----------------------------------------------------------------------------------


def mentioned_in_year_exists(kind: str, year: int) -> Exists:
    return Exists(
        Mention.objects.filter(
            **{KINDS[kind].mention_field: OuterRef("pk")},
            review_status__in=PUBLIC_REVIEW_STATUSES,
            article__status=ArticleStatus.PUBLISHED,
            article__published_on__year=year,
        )
    )


#: The orderings every entity list offers. Lists are given querysets annotated with
#: `article_count` (entity_pages.entity_list_queryset).
BY_NAME = ("Name A to Z", (Lower("name"), "id"))
MOST_ARTICLES = ("Most articles", ("-article_count", "-mention_count", Lower("name"), "id"))
MOST_MENTIONS = ("Most mentions", ("-mention_count", "-article_count", Lower("name"), "id"))


def _year_filter(field_name: str, method: str, label: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        field_name=field_name,
        lookup_expr="year",
        method=method,
        label=label,
        min_value=1,
        max_value=9999,
    )


class EntityFilter(django_filters.FilterSet):
    """What every entity list offers: a name search, the year of mention, and ordering.

    Each kind's FilterSet is named in its registry entry (archive.kinds)."""

    q = django_filters.CharFilter(
        field_name="name", method="filter_name", label="Name contains", max_length=200
    )
    year = _year_filter("mentions__article__published_on", "filter_year", "Mentioned in year")
    ordering = NamedOrderingFilter(
        orderings={"name": BY_NAME, "mentioned": MOST_ARTICLES, "mentions": MOST_MENTIONS},
        default="name",
    )

    @classmethod
    def get_filters(cls) -> dict[str, django_filters.Filter]:
        filters = super().get_filters()
        # A kind whose model has a type (`kind`) or a country filters by them, unless its
        # FilterSet declares its own.
        model = cls._meta.model  # None on this abstract base
        fields = {field.name: field for field in model._meta.get_fields()} if model else {}
        if "kind" in fields and "kind" not in filters:
            filters["kind"] = _type_choice_filter(fields["kind"].choices)
        if "country" in fields and "country" not in filters:
            filters["country"] = _country_choice_filter("country")
        # The name search and the type first; a kind's own filters (role, country) before
        # the year and the order.
        first = [name for name in ("q", "kind") if name in filters]
        last = [name for name in ("year", "ordering") if name in filters]
        middle = [name for name in filters if name not in first + last]
        return {name: filters[name] for name in first + middle + last}

    @property
    def qs(self) -> QuerySet:
        # Only public records are listed, with the article counts the list shows and orders
        # by, whatever queryset a caller passes in.
        if "article_count" not in self.queryset.query.annotations:
            self.queryset = self.queryset.with_article_counts()
        return super().qs.public()

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # Other names are a JSON list; matching its text finds an alias or an acronym too.
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))

    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        kind = KINDS.of(self._meta.model)
        return queryset.filter(mentioned_in_year_exists(kind.value, int(value)))


def _country_choice_filter(
    field_name: str, method: str | None = None
) -> django_filters.ModelChoiceFilter:
    """A country picked by slug; `method` filters by hand when the plain lookup is not enough."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        lookup_expr="exact",
        method=method,
        queryset=Place.objects.public().filter(kind=Place.Kind.COUNTRY).order_by("name"),
        to_field_name="slug",
        label="Country",
        empty_label="Any country",
    )


def _type_choice_filter(choices: list[tuple[str, str]]) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name="kind",
        lookup_expr="exact",
        choices=choices,
        label="Type",
        empty_label="Any type",
    )


class OrganizationFilter(EntityFilter):
    class Meta:
        model = Organization
        fields: list[str] = []


class PersonFilter(EntityFilter):
    role = django_filters.CharFilter(
        field_name="role", lookup_expr="icontains", label="Role contains", max_length=200
    )
    affiliation = django_filters.CharFilter(
        field_name="affiliation__slug", lookup_expr="exact", label="Organization"
    )
    country = _country_choice_filter("affiliation__country")

    class Meta:
        model = Person
        fields: list[str] = []


def _by_event_date(*, descending: bool) -> tuple[Any, ...]:
    """By start date, or the bare year where only that is known; undated events last."""
    by = [F("start_date"), F("year")]
    dated = [f.desc(nulls_last=True) if descending else f.asc(nulls_last=True) for f in by]
    return (*dated, "name", "id")


class EventFilter(EntityFilter):
    year = _year_filter("start_date", "filter_event_year", "Year")
    country = _country_choice_filter("place__country", method="filter_country")
    ordering = NamedOrderingFilter(
        orderings={
            "newest": ("Latest first", _by_event_date(descending=True)),
            "oldest": ("Earliest first", _by_event_date(descending=False)),
            "name": BY_NAME,
            "mentioned": MOST_ARTICLES,
            "mentions": MOST_MENTIONS,
        },
        default="newest",
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_event_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # An event's year is its start date's, or the bare year when only that is known.
        year = int(value)
        return queryset.filter(Q(start_date__year=year) | Q(start_date__isnull=True, year=year))

    def filter_country(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # An event may be placed in a city of the country, or in the country itself.
        return queryset.filter(Q(place__country=value) | Q(place=value))


class PlaceFilter(EntityFilter):
    class Meta:
        model = Place
        fields: list[str] = []
