"""The places on an entity's, a search's and a story's map: counted in one bounded query."""

import datetime
import itertools

import pytest

from archive.models import Article, ArticleStatus, ReviewStatus
from archive.services import maps
from archive.services.maps import MapPlace, PlaceMap
from tests.factories import (
    ArticleFactory,
    MentionFactory,
    OrganizationFactory,
    PlaceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def place(name: str, latitude: float | None = 41.0, longitude: float | None = 2.0, **fields):
    slug = name.lower().replace(" ", "-")
    return PlaceFactory(name=name, slug=slug, latitude=latitude, longitude=longitude, **fields)


_starts = itertools.count()


def mention(article, entity, **fields):
    """A mention of `entity` in `article`, at a place in the body no other mention takes."""
    kind = entity.kind_of_entity
    fields.setdefault("start", next(_starts) % 60)
    return MentionFactory(
        article=article, kind=kind, **{"organization": None, kind: entity}, **fields
    )


def map_place(entity, count: int) -> MapPlace:
    return MapPlace(entity.slug, entity.name, entity.latitude, entity.longitude, count)


@pytest.fixture
def archive():
    """Three articles: Lisbon in all three (twice in one), Porto in two, Braga in one, a place
    without coordinates in all, a rejected place in all; an organization in the first two."""
    lisbon = place("Lisbon", 38.72, -9.14)
    porto = place("Porto", 41.15, -8.61)
    braga = place("Braga", 41.55, -8.42)
    nowhere = place("Nowhere Valley", None, None)
    rejected = place("Rejected Town", 40.0, -8.0, review_status=ReviewStatus.REJECTED)
    agency = OrganizationFactory(name="Port Authority", slug="port-authority")
    articles = [ArticleFactory(published_on=datetime.date(2024, 1, day)) for day in (1, 2, 3)]
    for article in articles:
        mention(article, lisbon)
        mention(article, nowhere)
        mention(article, rejected)
    mention(articles[0], lisbon)
    mention(articles[0], porto)
    mention(articles[1], porto)
    mention(articles[2], braga)
    mention(articles[0], agency)
    mention(articles[1], agency)
    return {
        "articles": articles,
        "lisbon": lisbon,
        "porto": porto,
        "braga": braga,
        "agency": agency,
    }


def test_places_are_counted_by_articles_most_named_first(archive, django_assert_num_queries):
    ids = [article.pk for article in archive["articles"]]
    with django_assert_num_queries(1):
        places = maps.places_in(ids)
    assert places == [
        map_place(archive["lisbon"], 3),
        map_place(archive["porto"], 2),
        map_place(archive["braga"], 1),
    ]


def test_places_are_bounded_to_the_most_named(archive):
    ids = [article.pk for article in archive["articles"]]
    assert maps.places_in(ids, limit=2) == [
        map_place(archive["lisbon"], 3),
        map_place(archive["porto"], 2),
    ]


def test_no_articles_means_no_places_and_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert maps.places_in([]) == []


def test_rejected_mentions_and_merged_places_are_left_out(archive):
    first, second, third = archive["articles"]
    first.mentions.filter(place=archive["porto"]).update(review_status=ReviewStatus.REJECTED)
    survivor = place("Braga District", 41.5, -8.4)
    archive["braga"].merged_into = survivor
    archive["braga"].save()
    ids = [first.pk, second.pk, third.pk]
    assert maps.places_in(ids) == [map_place(archive["lisbon"], 3), map_place(archive["porto"], 1)]


def test_entity_map_counts_over_the_entitys_articles(archive, django_assert_num_queries):
    with django_assert_num_queries(2):
        place_map = maps.entity_map(archive["agency"])
    assert place_map == PlaceMap([map_place(archive["lisbon"], 2), map_place(archive["porto"], 2)])


def test_entity_map_takes_the_ids_the_page_read(archive, django_assert_num_queries):
    with django_assert_num_queries(1):
        place_map = maps.entity_map(archive["agency"], [archive["articles"][2].pk])
    assert place_map.places == [map_place(archive["braga"], 1), map_place(archive["lisbon"], 1)]


def test_search_map_counts_the_filtered_articles(archive, django_assert_num_queries):
    narrowed = Article.objects.published().filter(pk__in=[a.pk for a in archive["articles"][1:]])
    with django_assert_num_queries(1):
        place_map = maps.search_map(narrowed.order_by("-published_on"))
    assert place_map == PlaceMap(
        [
            map_place(archive["lisbon"], 2),
            map_place(archive["braga"], 1),
            map_place(archive["porto"], 1),
        ]
    )


def test_search_map_samples_the_newest_matches(archive, django_assert_num_queries):
    with django_assert_num_queries(2):
        place_map = maps.search_map(Article.objects.published(), sample=1)
    # The newest article is the third: Lisbon and Braga.
    assert place_map == PlaceMap(
        [map_place(archive["braga"], 1), map_place(archive["lisbon"], 1)], sample=1
    )


def test_story_map_counts_the_published_copies(archive, django_assert_num_queries):
    first, _, third = archive["articles"]
    story = StoryFactory()
    Article.objects.filter(pk__in=[first.pk, third.pk]).update(story=story)
    draft = ArticleFactory(status=ArticleStatus.DRAFT, story=story)
    mention(draft, place("Coimbra", 40.2, -8.4))
    first.refresh_from_db()
    with django_assert_num_queries(1):
        place_map = maps.story_map(first)
    assert place_map.places == [
        map_place(archive["lisbon"], 2),
        map_place(archive["braga"], 1),
        map_place(archive["porto"], 1),
    ]


def test_story_map_of_an_article_in_no_story_is_its_own(archive):
    second = archive["articles"][1]
    assert maps.story_map(second).places == [
        map_place(archive["lisbon"], 1),
        map_place(archive["porto"], 1),
    ]


def test_map_data_is_what_the_script_reads(settings):
    settings.MAP_TILE_URL = ""
    lisbon = MapPlace("lisbon", "Lisbon <b>", 38.72, -9.14, 3)
    assert PlaceMap([lisbon]).data() == {
        "places": [
            {"name": "Lisbon <b>", "url": "/places/lisbon/", "lat": 38.72, "lng": -9.14, "count": 3}
        ],
        "tiles": None,
    }
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example mappers"
    assert PlaceMap([lisbon]).data()["tiles"] == {
        "url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "© Example mappers",
    }


def test_an_empty_map_is_false():
    assert not PlaceMap()
    assert PlaceMap([MapPlace("a", "A", 0.0, 0.0, 1)])


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "https://*.tiles.example.org"),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
    ],
)
def test_tile_csp_source(url, source):
    assert maps.tile_csp_source(url) == source


@pytest.mark.parametrize("url", ["javascript:alert(1)", "/tiles/{z}/{x}/{y}.png", "https://"])
def test_tile_csp_source_refuses_what_is_not_an_address(url):
    with pytest.raises(ValueError):
        maps.tile_csp_source(url)
