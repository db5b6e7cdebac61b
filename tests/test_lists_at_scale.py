"""What keeps the article lists and entity pages fast on a large archive gives the same pages.

The whole archive's facets and map come from the stored counts, a widely named entity is
filtered through a correlated EXISTS, a page's rows are read by an ids subquery, timelines
are grouped by day: each is checked against the plain count it replaces.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from archive.models import Article, ArticleStatus, ReviewStatus
from archive.services import facets, maps, research
from archive.services.entity_counts import recount_all
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
    mention_everywhere,
)

pytestmark = pytest.mark.django_db


def small_archive() -> dict:
    """Three sources, twelve organizations named unevenly, places with and without
    coordinates, a rejected mention, a rejected person, an unpublished and an undated article."""
    sources = [SourceFactory(name=f"Source {n}") for n in range(3)]
    organizations = [OrganizationFactory(name=f"Agency {n}") for n in range(12)]
    harbour = PlaceFactory(name="Harbour", latitude=41.1, longitude=-8.6)
    inland = PlaceFactory(name="Inland")  # no coordinates: on no map
    rejected_person = PersonFactory(name="Nobody Known", review_status=ReviewStatus.REJECTED)
    for number in range(14):
        named = organizations[: 1 + number % 12]
        body = " ".join(f"{o.name} met." for o in named) + " Harbour and Inland. Nobody Known."
        article = ArticleFactory(
            body=body,
            source=sources[number % 3],
            published_on=None
            if number == 5
            else datetime.date(2015 + number % 4, 1 + number, 1)
            if number < 12
            else datetime.date(2020, 3, number),
            status=ArticleStatus.DRAFT if number == 7 else ArticleStatus.PUBLISHED,
        )
        for organization in named:
            mention_everywhere(article, organization)
        mention_everywhere(article, harbour)
        mention_everywhere(article, inland)
        mention_everywhere(article, rejected_person)
    first = Article.objects.order_by("id").first()
    first.mentions.filter(organization=organizations[1]).update(review_status=ReviewStatus.REJECTED)
    # As the review service does after such a change.
    recount_all()
    return {"organizations": organizations}


def test_the_whole_archives_facets_from_stored_counts_equal_the_counted_ones():
    small_archive()
    published = Article.objects.published()
    for expanded in ("", "organization"):
        counted = facets.article_facets(published, expanded=expanded)
        stored = facets.archive_facets(expanded=expanded)
        assert stored.by_name == counted.by_name
        assert stored.has_more == counted.has_more
    assert facets.archive_facets().sample is None


def test_the_whole_archives_map_from_stored_counts_equals_the_counted_one():
    small_archive()
    assert maps.archive_map() == maps.search_map(Article.objects.published())
    assert [place.name for place in maps.archive_map().places] == ["Harbour"]


def test_months_grouped_by_day_count_as_months_and_undated():
    for day in (datetime.date(2020, 1, 3), datetime.date(2020, 1, 30), datetime.date(2021, 5, 1)):
        ArticleFactory(published_on=day)
    ArticleFactory(published_on=None)
    ArticleFactory(published_on=datetime.date(2020, 1, 9), status=ArticleStatus.DRAFT)
    assert research.article_months() == research.MonthlyCounts(
        {datetime.date(2020, 1, 1): 2, datetime.date(2021, 5, 1): 1}, undated=1
    )


def test_an_entitys_monthly_mentions_are_grouped_by_the_articles_months():
    organization = OrganizationFactory(name="Tram Board")
    for day in (datetime.date(2020, 1, 3), datetime.date(2020, 1, 30), None):
        mention_everywhere(
            ArticleFactory(published_on=day, body="Tram Board met. Tram Board spoke."),
            organization,
        )
    assert research.mention_months(organization) == research.MonthlyCounts(
        {datetime.date(2020, 1, 1): 4}, undated=2
    )


@pytest.mark.parametrize("widely_named_from", [1, 10**9])
def test_both_forms_of_the_entity_filter_select_the_same_articles(
    client, monkeypatch, widely_named_from
):
    """A widely named entity's filter is a correlated EXISTS, a rare one's `id IN (...)`
    (chosen by the stored count): the list, its count and the entity's page are the same."""
    organizations = small_archive()["organizations"]
    monkeypatch.setattr(research, "WIDELY_NAMED_ARTICLES", widely_named_from)
    agency = organizations[1]
    expected = list(
        Article.objects.published()
        .filter(mentions__organization=agency)
        .exclude(mentions__review_status=ReviewStatus.REJECTED)
        .distinct()
        .order_by(*research_newest())
        .values_list("pk", flat=True)
    )
    response = client.get(reverse("archive:article-list"), {"organization": agency.slug})
    page = response.context["page_obj"]
    assert [article.pk for article in page] == expected[:20]
    assert page.paginator.count == len(expected)
    listed = research.articles_mentioning(agency).order_by(*research_newest())
    assert list(listed.values_list("pk", flat=True)) == expected
    entity_page = client.get(agency.get_absolute_url())
    assert [article.pk for article in entity_page.context["page_obj"]] == expected[:20]


def research_newest():
    from archive.filters import NEWEST_ARTICLES

    return NEWEST_ARTICLES


def test_a_list_narrowed_by_one_entity_takes_its_count_from_the_stored_count(
    client, django_assert_num_queries
):
    """No count query: the entity's stored article count is the list's count. The same
    number of queries with 1 and with 3 articles."""
    organization = OrganizationFactory(name="Tram Board", slug="tram-board")
    url = reverse("archive:article-list") + "?organization=tram-board"
    for total in (1, 3):
        while Article.objects.count() < total:
            mention_everywhere(ArticleFactory(body="Tram Board met."), organization)
        recount_all()
        # The entity, the newest matches' ids, the entity facets, sources, years, the map,
        # the page: seven, and no count.
        with django_assert_num_queries(7):
            response = client.get(url)
        assert response.context["page_obj"].paginator.count == total


def test_a_deep_page_reads_the_same_rows_in_the_same_order(client):
    """Page rows are chosen by an ids subquery: page 2 is the list's rows 21 to 40."""
    for number in range(45):
        ArticleFactory(published_on=datetime.date(2020, 1, 1 + number % 28))
    ArticleFactory(published_on=None)
    expected = list(
        Article.objects.published().order_by(*research_newest()).values_list("pk", flat=True)
    )
    for number, ordering in ((2, ""), (3, "oldest"), (2, "title")):
        response = client.get(
            reverse("archive:article-list"), {"page": number, "ordering": ordering}
        )
        listed = [article.pk for article in response.context["page_obj"]]
        if ordering == "":
            assert listed == expected[20:40]
        else:
            assert len(listed) == (20 if number == 2 else 6)
    oldest = client.get(reverse("archive:article-list"), {"page": 3, "ordering": "oldest"})
    assert [article.pk for article in oldest.context["page_obj"]][-1] == expected[-1]
