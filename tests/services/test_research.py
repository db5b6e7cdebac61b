"""Read-side queries of the public site."""

import datetime

import pytest
from django.http import Http404

from archive.models import Article, ReviewStatus
from archive.search import search_articles
from archive.services import entity_pages, facets, research
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    mention_everywhere,
)

pytestmark = pytest.mark.django_db


def test_article_facets_count_distinct_articles_per_value():
    ada = PersonFactory(name="Ada", slug="ada")
    bo = PersonFactory(name="Bo", slug="bo")
    first = ArticleFactory(body="Ada and Ada and Bo.", published_on=datetime.date(2022, 1, 5))
    second = ArticleFactory(body="Ada alone.", published_on=datetime.date(2023, 1, 5))
    for article in (first, second):
        mention_everywhere(article, ada)
    mention_everywhere(first, bo)
    found = facets.article_facets(Article.objects.published(), active={"person": "bo"})
    assert [(v.label, v.count, v.active) for v in found["person"]] == [
        ("Ada", 2, False),
        ("Bo", 1, True),
    ]
    assert [(v.value, v.count) for v in found["year"]] == [("2023", 1), ("2022", 1)]
    assert found.label_for("person", "bo") == "Bo"
    assert found.label_for("person", "zed") == "zed"


def test_article_facets_work_on_a_searched_queryset():
    ada = PersonFactory(name="Ada", slug="ada")
    tram = ArticleFactory(body="Ada rides the tram.")
    bus = ArticleFactory(body="Ada rides the bus.")
    mention_everywhere(tram, ada)
    mention_everywhere(bus, ada)
    searched = search_articles(Article.objects.published(), "tram")
    assert [(v.label, v.count) for v in facets.article_facets(searched)["person"]] == [("Ada", 1)]


def test_mentions_per_month_counts_visible_mentions_in_published_articles():
    place = PlaceFactory(name="Oslo")
    january = ArticleFactory(body="Oslo, Oslo.", published_on=datetime.date(2024, 1, 20))
    march = ArticleFactory(body="Oslo.", published_on=datetime.date(2024, 3, 2))
    draft = ArticleFactory(body="Oslo.", status="draft", published_on=datetime.date(2024, 3, 2))
    mention_everywhere(january, place)
    mention_everywhere(march, place, review_status=ReviewStatus.CONFIRMED)
    mention_everywhere(draft, place)
    mention_everywhere(ArticleFactory(body="Oslo.", published_on=None), place)
    assert research.mentions_per_month(place) == {
        datetime.date(2024, 1, 1): 2,
        datetime.date(2024, 3, 1): 1,
    }


def test_resolve_entity_follows_merges_and_hides_rejected():
    survivor = OrganizationFactory(slug="survivor")
    merged = OrganizationFactory(slug="merged", merged_into=survivor)
    OrganizationFactory(slug="rejected", review_status=ReviewStatus.REJECTED)
    assert entity_pages.resolve_entity("organization", "survivor") == (survivor, None)
    assert entity_pages.resolve_entity("organization", "merged") == (merged, survivor)
    with pytest.raises(Http404):
        entity_pages.resolve_entity("organization", "rejected")
    with pytest.raises(Http404):
        entity_pages.resolve_entity("organization", "missing")


def test_archive_counts_count_public_records_only():
    ArticleFactory()
    ArticleFactory(status="draft")
    OrganizationFactory()
    OrganizationFactory(review_status=ReviewStatus.REJECTED)
    counts = research.archive_counts()
    assert (counts.articles, counts.sources, counts.organizations) == (1, 1, 1)
