"""The search page's pages come from its newest matches' ids, read once, and its count is
bounded (archive.pagination.SearchPaginator): every page must list what the search's ordered
queryset lists there, in every order, on both databases."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.filters import ArticleFilter
from archive.models import Article, ArticleStatus
from archive.pagination import NEWEST
from archive.search import best_matches_first
from archive.services import research
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LIST = reverse("archive:article-list")


@pytest.fixture
def small_windows(settings):
    """Windows of a few articles, so that a dozen matches go past each of them."""
    settings.SEARCH_RANK_CANDIDATES = 4
    settings.SEARCH_FACET_SAMPLE_SIZE = 3
    settings.SEARCH_COUNT_LIMIT = 3
    settings.ARCHIVE_PAGE_SIZES = (2, 20)


def tram_articles(count: int = 12) -> None:
    """Matches of "tram" of varied relevance and dates, two undated, one not published."""
    for n in range(count):
        ArticleFactory(
            title="Tram lines" if n % 3 == 0 else f"Transport report {n}",
            body="The tram runs. " * (1 + n % 4) + "Buses and bicycles share the streets.",
            published_on=None if n in (4, 9) else datetime.date(2021, 1, 1) + datetime.timedelta(n),
        )
    ArticleFactory(title="Tram draft", body="A tram.", status=ArticleStatus.DRAFT)
    ArticleFactory(title="Buses only", body="No rail here.")


def newest_tram_ids() -> list[int]:
    """The published matches of "tram", newest first, undated last."""
    matches = Article.objects.filter(status=ArticleStatus.PUBLISHED, body__icontains="tram")
    return list(matches.order_by(*NEWEST).values_list("pk", flat=True))


def full_order(params: dict[str, str]) -> list[int]:
    """Every match in the order of the list's queryset (the search backends' own ranking)."""
    filterset = ArticleFilter(params, queryset=research.article_list_queryset())
    return list(filterset.qs.values_list("pk", flat=True))


def every_page(client, params: dict[str, str]) -> list[int]:
    ids: list[int] = []
    number = 1
    while True:
        response = client.get(LIST, {**params, "page": number})
        page = response.context["page_obj"]
        assert page.number == number
        ids.extend(article.pk for article in page)
        if not page.has_next():
            return ids
        number += 1


@pytest.mark.parametrize("ordering", ["", "relevance", "newest", "oldest", "title"])
@pytest.mark.parametrize("text", ["tram", '"tram runs"', "tra"])
def test_every_page_lists_what_the_ordered_search_lists(client, small_windows, ordering, text):
    tram_articles()
    params = {"q": text, **({"ordering": ordering} if ordering else {})}

    expected = full_order(params)

    assert len(expected) > 4  # past every window
    assert every_page(client, params) == expected


def test_best_matches_first_orders_by_rank_then_newest(small_windows):
    tram_articles()
    params = {"q": "tram", "ordering": "relevance"}
    newest = full_order({"q": "tram", "ordering": "newest"})

    assert best_matches_first(newest[:4], "tram") == full_order(params)[:4]
    # A half-typed word is scored as the prefix the search used.
    assert best_matches_first(newest[:4], "tra") == full_order({**params, "q": "tra"})[:4]


def test_a_search_counts_up_to_its_limit_and_says_more(client, small_windows):
    tram_articles()

    response = client.get(LIST, {"q": "tram"})
    content = response.content.decode()

    paginator = response.context["paginator"]
    assert (paginator.count, paginator.count_is_bounded) == (3, True)
    assert "More than 3 articles" in content
    assert "Counts among the newest 3 of more than 3 matching articles." in content
    assert "Best matches first among the newest 4 matching articles" in content
    assert response.context["page_obj"].has_next()


def test_a_later_page_counts_further(client, small_windows):
    tram_articles()

    paginator = client.get(LIST, {"q": "tram", "page": 3}).context["paginator"]
    assert (paginator.count, paginator.count_is_bounded) == (9, True)
    last = client.get(LIST, {"q": "tram", "page": 6}).context["paginator"]
    assert (last.count, last.count_is_bounded) == (12, False)


def test_a_search_below_its_limit_shows_its_exact_count(client, small_windows):
    tram_articles(3)

    response = client.get(LIST, {"q": "tram"})

    paginator = response.context["paginator"]
    assert (paginator.count, paginator.count_is_bounded) == (3, False)
    assert "3 articles" in response.content.decode()
    assert "More than" not in response.content.decode()


@pytest.mark.parametrize("count", [6, 12])
def test_a_search_page_runs_the_same_queries_past_its_windows(
    client, small_windows, django_assert_num_queries, count
):
    """The first pages need no count (the newest ids tell of more), and no sort of every
    match by rank; a page past the ranked window reads no scores, and the window reads as far
    as a later page and its count need (within DEEP_WINDOW_STEPS counts)."""
    tram_articles(count)

    with django_assert_num_queries(11 + scoring_apart()):
        client.get(LIST, {"q": "tram"})
    with django_assert_num_queries(11):
        client.get(LIST, {"q": "tram", "page": 3})


@pytest.mark.parametrize("count", [6, 12])
def test_a_page_beyond_the_windows_reach_counts_and_reads_its_ids(
    client, small_windows, settings, django_assert_num_queries, count
):
    """Past DEEP_WINDOW_STEPS counts the window reads no further: the page counts its
    matches up to its limit and reads its ids by offset, two more queries."""
    settings.SEARCH_COUNT_LIMIT = 1  # page 3 of 2 would count to 7, past 5 steps of 1
    tram_articles(count)

    with django_assert_num_queries(13):
        response = client.get(LIST, {"q": "tram", "page": 3})
    assert [a.pk for a in response.context["page_obj"]] == newest_tram_ids()[4:6]


def test_a_later_page_read_from_the_window_shows_the_newest_matches_in_order(client, small_windows):
    tram_articles()

    response = client.get(LIST, {"q": "tram", "page": 3})

    paginator = response.context["paginator"]
    assert len(paginator.newest_ids) == 10  # page 3 of 2 counts to 9: the window reads 9 + 1
    assert [a.pk for a in response.context["page_obj"]] == newest_tram_ids()[4:6]
    assert (paginator.count, paginator.count_is_bounded) == (9, True)


def scored(statements: list[str]) -> bool:
    """Whether a search's statements score its ranked window (on SQLite in the window's own
    query, on PostgreSQL apart)."""
    scoring = "bm25(" if connection.vendor == "sqlite" else "ts_rank("
    return any(scoring in sql for sql in statements)


def scoring_apart() -> int:
    """The queries a search page in its ranked window runs to score the window apart: the
    scores, and the search's other names asked for them (PostgreSQL). None on SQLite, whose
    window's query selects the score itself (SearchBackend.scan_score)."""
    return 0 if connection.vendor == "sqlite" else 2


def test_only_a_page_in_the_ranked_window_reads_the_scores(client, small_windows):
    tram_articles()
    statements = {}
    for page in (1, 2, 3, 5):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"q": "tram", "page": page})
        statements[page] = [query["sql"] for query in queries.captured_queries]
        assert response.status_code == 200

    # Four ranked matches, two a page: pages 1 and 2 are the window, 3 and 5 come after it.
    assert {page: scored(sql) for page, sql in statements.items()} == {
        1: True,
        2: True,
        3: False,
        5: False,
    }


def test_the_first_page_counts_nothing_and_sorts_no_rank(client, small_windows):
    tram_articles()

    with CaptureQueriesContext(connection) as queries:
        client.get(LIST, {"q": "tram"})

    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if "COUNT(*)" in sql.upper()]
    assert not [sql for sql in statements if "ORDER BY CASE" in sql.upper()]


def test_the_counts_beside_a_search_take_its_newest_ids_as_one_parameter(client, small_windows):
    """Facets and map count among the newest matches, passed as one parameter (a JSON list on
    SQLite, an array on PostgreSQL) rather than one per id, and count the same."""
    tram_articles()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"q": "tram"})

    counts = [q["sql"] for q in queries.captured_queries if "COUNT(DISTINCT" in q["sql"]]
    listed = "json_each(" if connection.vendor == "sqlite" else "unnest("
    assert len(counts) == 3  # the entity facets (one grouped query), sources, the map
    assert all(listed in sql for sql in counts)
    newest = full_order({"q": "tram", "ordering": "newest"})[:3]
    (group,) = [g for g in response.context["facet_groups"] if g["name"] == "source"]
    expected: dict[str, int] = {}
    for article in Article.objects.filter(pk__in=newest).select_related("source"):
        expected[article.source.name] = expected.get(article.source.name, 0) + 1
    assert {value["label"]: value["count"] for value in group["values"]} == expected
