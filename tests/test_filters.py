"""The FilterSets on their own (no views): run on SQLite and on PostgreSQL."""

import datetime

import pytest
from django.http import QueryDict

from archive.filters import (
    ArticleFilter,
    EventFilter,
    OrganizationFilter,
    PersonFilter,
    PlaceFilter,
)
from archive.models import Article, Event, Organization, Person, Place, ReviewStatus
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
    mention_everywhere,
)

pytestmark = pytest.mark.django_db


def article_titles(data: dict) -> list[str]:
    filterset = ArticleFilter(QueryDict(mutable=True) | data, queryset=Article.objects.all())
    return [article.title for article in filterset.qs]


def names(filterset_class, model, data: dict) -> list[str]:
    filterset = filterset_class(QueryDict(mutable=True) | data, queryset=model.objects.all())
    return [entity.name for entity in filterset.qs]


@pytest.fixture
def archive():
    """Three articles, two naming an organization (one of those through a rejected mention)."""
    city_hall = OrganizationFactory(name="City Hall", slug="city-hall")
    ana = PersonFactory(name="Ana Reyes", slug="ana-reyes")
    expo = EventFactory(name="Urban Expo", slug="urban-expo")
    lima = PlaceFactory(name="Lima", slug="lima")
    daily = SourceFactory(name="Daily", slug="daily")
    weekly = SourceFactory(name="Weekly", slug="weekly")
    first = ArticleFactory(
        title="Alpha",
        body="City Hall met Ana Reyes at Urban Expo in Lima.",
        published_on=datetime.date(2023, 3, 1),
        source=daily,
    )
    second = ArticleFactory(
        title="Beta",
        body="City Hall was named here, but a curator rejected it.",
        published_on=datetime.date(2024, 6, 1),
        source=weekly,
    )
    ArticleFactory(title="Gamma", body="Nothing.", published_on=None, source=daily)
    ArticleFactory(title="Draft", body="City Hall draft.", status="draft", source=daily)
    for entity in (city_hall, ana, expo, lima):
        mention_everywhere(first, entity)
    mention_everywhere(second, city_hall, review_status=ReviewStatus.REJECTED)
    return {"city_hall": city_hall, "ana": ana, "expo": expo, "lima": lima}


def test_article_filter_only_published(archive):
    assert article_titles({}) == ["Beta", "Alpha", "Gamma"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"organization": "city-hall"}, ["Alpha"]),
        ({"person": "ana-reyes"}, ["Alpha"]),
        ({"event": "urban-expo"}, ["Alpha"]),
        ({"place": "lima"}, ["Alpha"]),
        ({"organization": "no-such-slug"}, []),
        ({"source": "daily"}, ["Alpha", "Gamma"]),
        ({"year": "2024"}, ["Beta"]),
        ({"published_from": "2023-06-01"}, ["Beta"]),
        ({"published_to": "2023-06-01"}, ["Alpha"]),
        ({"published_from": "2023-01-01", "published_to": "2024-12-31"}, ["Beta", "Alpha"]),
        ({"source": "daily", "organization": "city-hall"}, ["Alpha"]),
    ],
)
def test_article_filter_each_filter(archive, data, expected):
    assert article_titles(data) == expected


def test_article_filter_ignores_rejected_entities(archive):
    archive["city_hall"].review_status = ReviewStatus.REJECTED
    archive["city_hall"].save()
    assert article_titles({"organization": "city-hall"}) == []


def test_article_filter_ignores_merged_away_entities(archive):
    survivor = OrganizationFactory()
    archive["city_hall"].merged_into = survivor
    archive["city_hall"].save()
    assert article_titles({"organization": "city-hall"}) == []


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("newest", ["Beta", "Alpha", "Gamma"]),
        ("oldest", ["Alpha", "Beta", "Gamma"]),
        ("title", ["Alpha", "Beta", "Gamma"]),
        # Without a search there is no relevance: newest first.
        ("relevance", ["Beta", "Alpha", "Gamma"]),
    ],
)
def test_article_filter_ordering(archive, ordering, expected):
    assert article_titles({"ordering": ordering}) == expected


def test_article_filter_search_orders_by_relevance_by_default():
    ArticleFactory(title="Budget", body="Council budget. Also a tram.")
    ArticleFactory(title="Tram line opens", body="The tram line opens; tram fares fall.")
    assert article_titles({"q": "tram"}) == ["Tram line opens", "Budget"]
    assert article_titles({"q": "tram", "ordering": "title"}) == ["Budget", "Tram line opens"]


def test_article_filter_search_combines_with_filters(archive):
    assert article_titles({"q": "city hall", "year": "2023"}) == ["Alpha"]
    assert sorted(article_titles({"q": "city hall"})) == ["Alpha", "Beta"]


def test_article_filter_bad_values_are_dropped(archive):
    filterset = ArticleFilter(
        QueryDict("year=abc&published_from=soon&ordering=sideways"), queryset=Article.objects.all()
    )
    assert sorted(filterset.form.errors) == ["ordering", "published_from", "year"]
    assert [article.title for article in filterset.qs] == ["Beta", "Alpha", "Gamma"]


# --- entity filters ----------------------------------------------------------------------------


def test_organization_filter_kind_country_and_name_or_alias():
    spain = PlaceFactory(name="Spain", slug="spain", kind="country")
    OrganizationFactory(name="Barcelona City Council", kind="government", country=spain)
    OrganizationFactory(name="Acme Sensors", kind="company", aliases=["ACME"])
    OrganizationFactory(name="Hidden", kind="company", review_status=ReviewStatus.REJECTED)
    assert names(OrganizationFilter, Organization, {}) == ["Acme Sensors", "Barcelona City Council"]
    assert names(OrganizationFilter, Organization, {"kind": "company"}) == ["Acme Sensors"]
    assert names(OrganizationFilter, Organization, {"country": "spain"}) == [
        "Barcelona City Council"
    ]
    assert names(OrganizationFilter, Organization, {"q": "acme"}) == ["Acme Sensors"]
    assert names(OrganizationFilter, Organization, {"q": "council"}) == ["Barcelona City Council"]


def test_organization_filter_year_of_mention_and_most_mentioned_order():
    busy = OrganizationFactory(name="Busy")
    quiet = OrganizationFactory(name="Quiet")
    for year in (2022, 2023):
        article = ArticleFactory(body="Busy and Quiet.", published_on=datetime.date(year, 1, 1))
        mention_everywhere(article, busy)
    mention_everywhere(ArticleFactory(body="Quiet.", published_on=datetime.date(2021, 1, 1)), quiet)
    assert names(OrganizationFilter, Organization, {"year": "2022"}) == ["Busy"]
    assert names(OrganizationFilter, Organization, {"ordering": "mentioned"}) == ["Busy", "Quiet"]
    counts = OrganizationFilter(QueryDict(), queryset=Organization.objects.all()).qs
    assert {o.name: o.article_count for o in counts} == {"Busy": 2, "Quiet": 1}


def test_person_filter_role_and_affiliation():
    agency = OrganizationFactory(slug="agency")
    PersonFactory(name="Ann", role="Mayor", affiliation=agency)
    PersonFactory(name="Bob", role="Chief Data Officer")
    assert names(PersonFilter, Person, {"role": "mayor"}) == ["Ann"]
    assert names(PersonFilter, Person, {"affiliation": "agency"}) == ["Ann"]


def test_event_filter_year_uses_start_date_or_bare_year_in_date_order():
    EventFactory(name="Spring Forum", start_date=datetime.date(2024, 4, 1))
    EventFactory(name="Autumn Forum", start_date=datetime.date(2024, 10, 1))
    EventFactory(name="Some Summit", year=2024)
    EventFactory(name="Old Expo", start_date=datetime.date(2019, 1, 1))
    assert names(EventFilter, Event, {"year": "2024"}) == [
        "Autumn Forum",
        "Spring Forum",
        "Some Summit",
    ]
    assert names(EventFilter, Event, {"ordering": "oldest"}) == [
        "Old Expo",
        "Spring Forum",
        "Autumn Forum",
        "Some Summit",
    ]


def test_event_filter_country_includes_events_in_its_cities():
    peru = PlaceFactory(name="Peru", slug="peru", kind="country")
    lima = PlaceFactory(name="Lima", country=peru)
    EventFactory(name="Lima Forum", place=lima)
    EventFactory(name="Peru Summit", place=peru)
    EventFactory(name="Elsewhere")
    assert sorted(names(EventFilter, Event, {"country": "peru"})) == ["Lima Forum", "Peru Summit"]


def test_place_filter_kind_and_country():
    peru = PlaceFactory(name="Peru", slug="peru", kind="country")
    PlaceFactory(name="Lima", kind="city", country=peru)
    PlaceFactory(name="Cusco Region", kind="region", country=peru)
    PlaceFactory(name="Oslo", kind="city")
    assert names(PlaceFilter, Place, {"kind": "city"}) == ["Lima", "Oslo"]
    assert names(PlaceFilter, Place, {"country": "peru"}) == ["Cusco Region", "Lima"]
