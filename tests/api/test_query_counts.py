"""Every list and detail of the API runs the same number of queries for 1 and for 3 rows."""

import pytest
from django.urls import reverse

from archive.kinds import KINDS
from archive.models import Mention
from tests.test_search_pages import scoring_apart
from tests.test_views import _entity, build_articles

pytestmark = pytest.mark.django_db

# Articles: the page, then one query for all their mentions and one for all their quotes.
LISTS = {
    "articles": (lambda articles: reverse("api:article-list"), 3),
    # A search: whether its exact words find anything (else it looks for the last as a
    # prefix), its newest matches' dates and ids, their scores (with them on SQLite), then the
    # page's rows by id; searching and scoring each first ask whether the query is a record's
    # name.
    "articles-search": (
        lambda articles: reverse("api:article-list") + "?q=sensor",
        6 + scoring_apart(),
    ),
    "articles-filtered": (
        lambda articles: (
            reverse("api:article-list")
            + f"?source={articles[0].source.slug}&year=2024"
            + "&published_from=2024-01-01&ordering=oldest"
        ),
        3,
    ),
    "articles-with-body": (lambda articles: reverse("api:article-list") + "?include=body", 3),
    "mentions": (lambda articles: reverse("api:mention-list"), 1),
    "mentions-of-article": (
        lambda articles: reverse("api:mention-list") + f"?article={articles[0].slug}",
        1,
    ),
    # The entity's id first (archive.api.filters.MentionFilter.filter_entity), then the page.
    "mentions-of-organization": (
        lambda articles: reverse("api:mention-list") + "?organization=transit-agency-1",
        2,
    ),
    "sources": (lambda articles: reverse("api:source-list"), 1),
    # The country filter checks that the country exists.
    "places-in-country": (lambda articles: reverse("api:place-list") + "?country=country-1", 2),
    **{
        f"{kind.value}-list": (
            lambda articles, kind=kind: reverse(f"api:{kind.value}-list") + "?ordering=mentions",
            1,
        )
        for kind in KINDS
    },
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("name", sorted(LISTS))
def test_lists_query_count_is_constant(client, django_assert_num_queries, name, count):
    articles = build_articles(count)
    url_for, expected = LISTS[name]
    with django_assert_num_queries(expected):
        response = client.get(url_for(articles))
    assert response.status_code == 200
    assert response.json()["results"]


def _connect_all(articles):
    """The first article names every article's entities and every article names the first
    article's: details list `count` of everything (as tests/test_views.py does for pages)."""
    main = articles[0]
    for offset, other in enumerate(articles[1:], start=1):
        for kind in KINDS:
            first_entity = _entity(main, kind.value)
            other_entity = _entity(other, kind.value)
            Mention.objects.create(
                article=other,
                kind=kind.value,
                **{kind.mention_field: first_entity},
                start=0,
                end=5,
                text=other.body[:5],
            )
            Mention.objects.create(
                article=main,
                kind=kind.value,
                **{kind.mention_field: other_entity},
                start=len(main.body) - 5 - offset,
                end=len(main.body) - offset,
                text=main.body[-5 - offset : len(main.body) - offset],
            )


DETAILS = {
    "article": (lambda a: reverse("api:article-detail", args=[a.slug]), 3),
    "article-with-body": (
        lambda a: reverse("api:article-detail", args=[a.slug]) + "?include=body",
        3,
    ),
    "mention": (lambda a: reverse("api:mention-detail", args=[a.mentions.first().pk]), 1),
    "source": (lambda a: reverse("api:source-detail", args=[a.source.slug]), 1),
    **{
        f"{kind.value}": (
            lambda a, kind=kind: reverse(
                f"api:{kind.value}-detail", args=[_entity(a, kind.value).slug]
            ),
            1,
        )
        for kind in KINDS
    },
    # The record, its latest article ids, then the counts (research.co_mentioned).
    **{
        f"{kind.value}-co-mentions": (
            lambda a, kind=kind: reverse(
                f"api:{kind.value}-co-mentions", args=[_entity(a, kind.value).slug]
            ),
            3,
        )
        for kind in KINDS
    },
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("name", sorted(DETAILS))
def test_details_query_count_is_constant(client, django_assert_num_queries, name, count):
    articles = build_articles(count)
    _connect_all(articles)
    url_for, expected = DETAILS[name]
    url = url_for(articles[0])
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    assert response.has_header("ETag")
