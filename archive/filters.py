"""django-filter FilterSets for the public lists: articles and the four entity kinds.

Every filter names its field and lookup explicitly. Entity filters on articles go through
mentions that are not rejected, of entities that are public, and use EXISTS so that an article
never appears twice. Bad values (a year of "abc") are ignored with a message on the form
rather than emptying the list: the views run the FilterSets non-strict.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from .models import (
    Article,
    ArticleStatus,
    EntityKind,
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
from .services.research import PUBLIC_REVIEW_STATUSES, public_entity_lookups


class ArticleOrdering:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"

    CHOICES = (
        (NEWEST, "Newest first"),
        (OLDEST, "Oldest first"),
        (TITLE, "Title A to Z"),
        (RELEVANCE, "Best match"),
    )
    ORDER_BY = {
        # Undated articles last in both directions, on every database.
        NEWEST: (F("published_on").desc(nulls_last=True), "-id"),
        OLDEST: (F("published_on").asc(nulls_last=True), "id"),
        TITLE: (Lower("title"), "id"),
    }


def mentions_entity(kind: str, slug: str) -> Q:
    """Articles with a visible mention of the public `kind` entity `slug`.

    `id IN (...)` rather than a correlated EXISTS, which the planner runs once per article."""
    return Q(
        pk__in=Mention.objects.filter(
            kind=kind,
            review_status__in=PUBLIC_REVIEW_STATUSES,
            **{f"{kind}__slug": slug},
            **public_entity_lookups(kind),
        ).values("article_id")
    )


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
    q = django_filters.CharFilter(
        field_name="search", method="filter_search", label="Search articles", max_length=300
    )
    organization = django_filters.CharFilter(
        field_name="mentions__organization__slug", method="filter_mentioned", label="Organization"
    )
    person = django_filters.CharFilter(
        field_name="mentions__person__slug", method="filter_mentioned", label="Person"
    )
    event = django_filters.CharFilter(
        field_name="mentions__event__slug", method="filter_mentioned", label="Event"
    )
    place = django_filters.CharFilter(
        field_name="mentions__place__slug", method="filter_mentioned", label="Place"
    )
    source = django_filters.CharFilter(
        field_name="source__slug", lookup_expr="exact", label="Source"
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
    ordering = django_filters.ChoiceFilter(
        field_name="ordering",
        choices=ArticleOrdering.CHOICES,
        method="filter_nothing",  # applied last, in filter_queryset, so it sees the search rank
        label="Sort by",
        empty_label=None,
    )

    class Meta:
        model = Article
        fields: list[str] = []  # all filters are declared explicitly above

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # The default order depends on the search: best match for one, newest otherwise.
        # Putting it in the data makes the form show the order actually in effect.
        default_ordering = ArticleOrdering.NEWEST
        if data is not None and not data.get("ordering"):
            if not parse_query(data.get("q") or "").is_empty:
                default_ordering = ArticleOrdering.RELEVANCE
            data = data.copy()
            data["ordering"] = default_ordering
        # Only published articles are public, whatever queryset a caller passes in.
        base = queryset if queryset is not None else Article.objects.all()
        published = self.apply_ordering(base.filter(status=ArticleStatus.PUBLISHED), "")
        super().__init__(data, published, request=request, prefix=prefix)
        self.form.fields["ordering"].required = False
        self.form.fields["ordering"].initial = default_ordering

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        query = parse_query(value)
        if query.is_empty and query.excluded:
            return exclude_matching(queryset, query)
        return search_articles(queryset, value)

    def filter_mentioned(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        kind = name.split("__")[1]
        return queryset.filter(mentions_entity(kind, value))

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        return self.apply_ordering(queryset, self.form.cleaned_data.get("ordering") or "")

    @staticmethod
    def apply_ordering(queryset: QuerySet, ordering: str) -> QuerySet:
        ranked = is_ranked(queryset)
        if not ordering:
            ordering = ArticleOrdering.RELEVANCE if ranked else ArticleOrdering.NEWEST
        if ordering == ArticleOrdering.RELEVANCE:
            if not ranked:
                ordering = ArticleOrdering.NEWEST
            else:
                return queryset.order_by(f"-{RANK_FIELD}", *ArticleOrdering.ORDER_BY["newest"])
        return queryset.order_by(*ArticleOrdering.ORDER_BY[ordering])

    @property
    def has_search(self) -> bool:
        return is_ranked(self.qs)


# --- entities ----------------------------------------------------------------------------------


class EntityOrdering:
    NAME = "name"
    MOST_MENTIONED = "mentioned"
    NEWEST = "newest"
    OLDEST = "oldest"


def mentioned_in_year_exists(kind: str, year: int) -> Exists:
    return Exists(
        Mention.objects.filter(
            **{kind: OuterRef("pk")},
            review_status__in=PUBLIC_REVIEW_STATUSES,
            article__status=ArticleStatus.PUBLISHED,
            article__published_on__year=year,
        )
    )


class EntityFilter(django_filters.FilterSet):
    """What every entity list offers: a name search, the year of mention, and ordering."""

    kind_of_entity: str = ""
    ordering_choices: tuple[tuple[str, str], ...] = (
        (EntityOrdering.NAME, "Name A to Z"),
        (EntityOrdering.MOST_MENTIONED, "Most articles"),
    )

    q = django_filters.CharFilter(
        field_name="name", method="filter_name", label="Name contains", max_length=200
    )
    year = django_filters.NumberFilter(
        field_name="mentions__article__published_on",
        lookup_expr="year",
        method="filter_year",
        label="Mentioned in year",
        min_value=1,
        max_value=9999,
    )
    ordering = django_filters.ChoiceFilter(
        field_name="ordering",
        choices=(),
        method="filter_nothing",
        label="Sort by",
        empty_label=None,
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        model = self._meta.model
        base = queryset if queryset is not None else model.objects.all()
        # Ordered even when no filter runs (unbound form): pagination needs a stable order.
        public = self.apply_ordering(base.public().with_article_counts(), "")
        super().__init__(data, public, request=request, prefix=prefix)
        self.form.fields["ordering"].choices = self.ordering_choices
        self.form.fields["ordering"].required = False
        self.form.label_suffix = ""
        self.form.order_fields(["q", "kind", "role", "country", "year", "ordering"])

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # Other names are a JSON list; matching its text finds an alias or an acronym too.
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))

    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(mentioned_in_year_exists(self.kind_of_entity, int(value)))

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        return self.apply_ordering(queryset, self.form.cleaned_data.get("ordering") or "")

    def apply_ordering(self, queryset: QuerySet, ordering: str) -> QuerySet:
        if ordering == EntityOrdering.MOST_MENTIONED:
            return queryset.order_by("-article_count", Lower("name"), "id")
        return queryset.order_by(Lower("name"), "id")


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
    kind_of_entity = EntityKind.ORGANIZATION

    kind = _type_choice_filter(Organization.Kind.choices)
    country = _country_choice_filter("country")

    class Meta:
        model = Organization
        fields: list[str] = []


class PersonFilter(EntityFilter):
    kind_of_entity = EntityKind.PERSON

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


class EventFilter(EntityFilter):
    kind_of_entity = EntityKind.EVENT
    ordering_choices = (
        (EntityOrdering.NEWEST, "Latest first"),
        (EntityOrdering.OLDEST, "Earliest first"),
        (EntityOrdering.NAME, "Name A to Z"),
        (EntityOrdering.MOST_MENTIONED, "Most articles"),
    )

    kind = _type_choice_filter(Event.Kind.choices)
    year = django_filters.NumberFilter(
        field_name="start_date",
        lookup_expr="year",
        method="filter_event_year",
        label="Year",
        min_value=1,
        max_value=9999,
    )
    country = _country_choice_filter("place__country", method="filter_country")

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

    def apply_ordering(self, queryset: QuerySet, ordering: str) -> QuerySet:
        if ordering in ("", EntityOrdering.NEWEST):
            return queryset.order_by(
                F("start_date").desc(nulls_last=True), F("year").desc(nulls_last=True), "name", "id"
            )
        if ordering == EntityOrdering.OLDEST:
            return queryset.order_by(
                F("start_date").asc(nulls_last=True), F("year").asc(nulls_last=True), "name", "id"
            )
        return super().apply_ordering(queryset, ordering)


class PlaceFilter(EntityFilter):
    kind_of_entity = EntityKind.PLACE

    kind = _type_choice_filter(Place.Kind.choices)
    country = _country_choice_filter("country")

    class Meta:
        model = Place
        fields: list[str] = []


ENTITY_FILTERS: dict[str, type[EntityFilter]] = {
    EntityKind.ORGANIZATION: OrganizationFilter,
    EntityKind.PERSON: PersonFilter,
    EntityKind.EVENT: EventFilter,
    EntityKind.PLACE: PlaceFilter,
}
