"""The API's search pages share the search page's window (archive.search_window): best match
first among the newest SEARCH_RANK_CANDIDATES matches, then the others newest first. Walking
every page forwards or backwards lists every match once, in the order the search page shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article
from tests.factories import ArticleFactory
from tests.test_search_pages import full_order, scored, tram_articles

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


@pytest.fixture
def small_window(settings):
    settings.SEARCH_RANK_CANDIDATES = 4


def _ids(rows) -> list[int]:
    slugs = [row["slug"] for row in rows]
    by_slug = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return [by_slug[slug] for slug in slugs]


def walk(client, params) -> tuple[list[int], str]:
    """Every row, page by page, by `next` links; and the last page's address."""
    seen: list[int] = []
    response = client.get(ARTICLES, params)
    for _ in range(100):
        assert response.status_code == 200, response.content
        data = response.json()
        seen += _ids(data["results"])
        if not data["next"]:
            return seen, response.wsgi_request.get_full_path()
        response = client.get(data["next"])
    raise AssertionError("No last page")


def walk_back(client, url: str) -> list[int]:
    seen: list[int] = []
    response = client.get(url)
    for _ in range(100):
        data = response.json()
        seen = _ids(data["results"]) + seen
        if not data["previous"]:
            return seen
        response = client.get(data["previous"])
    raise AssertionError("No first page")


@pytest.mark.parametrize("page_size", [1, 2, 3, 5])
@pytest.mark.parametrize("text", ["tram", '"tram runs"', "tra"])
def test_walking_every_search_page_lists_every_match_once_in_the_pages_order(
    client, small_window, page_size, text
):
    tram_articles()
    expected = full_order({"q": text})
    assert len(expected) > 4  # past the ranked window

    forwards, last_page = walk(client, {"q": text, "page_size": page_size})

    assert forwards == expected
    assert walk_back(client, last_page) == expected


def test_a_page_read_backwards_after_the_ranked_window_reads_no_scores(client, small_window):
    tram_articles()
    _, last_page = walk(client, {"q": "tram", "page_size": 2})
    previous = client.get(last_page).json()["previous"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get(previous)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert not scored([query["sql"] for query in queries.captured_queries])
    with CaptureQueriesContext(connection) as queries:
        client.get(ARTICLES, {"q": "tram", "page_size": 2})
    assert scored([query["sql"] for query in queries.captured_queries])


def test_the_first_page_ranks_the_newest_matches_only(client, small_window):
    tram_articles()

    with CaptureQueriesContext(connection) as queries:
        rows = client.get(ARTICLES, {"q": "tram", "page_size": 100}).json()["results"]

    assert _ids(rows) == full_order({"q": "tram"})
    statements = [query["sql"].upper() for query in queries.captured_queries]
    assert not [sql for sql in statements if "ORDER BY CASE" in sql or "COUNT(" in sql]


def test_a_search_cursor_keeps_its_window_when_articles_are_added(client, small_window):
    """A newer match added between two pages does not push the window's oldest matches out
    of it (they would be skipped): the cursor ranks the same window upwards from its floor."""
    tram_articles()
    expected = full_order({"q": "tram"})
    first = client.get(ARTICLES, {"q": "tram", "page_size": 2}).json()
    ArticleFactory(title="Tram news", body="A tram.", published_on=datetime.date(2030, 1, 1))

    seen = _ids(first["results"])
    response = client.get(first["next"])
    while True:
        data = response.json()
        seen += _ids(data["results"])
        if not data["next"]:
            break
        response = client.get(data["next"])

    newer = Article.objects.get(title="Tram news").pk
    assert [pk for pk in seen if pk != newer] == expected


def test_a_forged_search_cursor_is_refused(client, small_window):
    tram_articles()
    response = client.get(ARTICLES, {"q": "tram", "cursor": "nonsense"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "cursor"


def test_pages_after_a_withdrawn_row_go_on_from_where_it_stood(client, small_window):
    tram_articles()
    expected = full_order({"q": "tram"})
    first = client.get(ARTICLES, {"q": "tram", "page_size": 2}).json()
    second = client.get(first["next"]).json()
    shown = _ids(second["results"])
    Article.objects.filter(pk=shown[-1]).update(status="withdrawn")
    Article.objects.filter(pk=shown[0]).update(status="withdrawn")

    after = client.get(second["next"].replace("page_size=2", "page_size=100")).json()
    before = client.get(second["previous"]).json()

    assert _ids(after["results"]) == expected[4:]
    assert _ids(before["results"]) == expected[:2]
