"""SearchWindow: a search's newest matches, ranked by the scores its own query selects (where
the backend reads them with the match) or scored apart, the same either way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.filters import ArticleFilter
from archive.search_window import SearchWindow
from archive.services import research
from tests.test_search_pages import scored, tram_articles

pytestmark = pytest.mark.django_db


def _window(text: str, *, with_scores: bool) -> SearchWindow:
    filterset = ArticleFilter({"q": text}, queryset=research.article_list_queryset())
    return SearchWindow(filterset.qs, text, size=8, with_scores=with_scores)


@pytest.mark.parametrize("text", ["tram", '"tram runs"', "tra", "tram -report", "tram OR bus"])
def test_scores_read_with_the_window_are_those_scored_apart(text):
    tram_articles()
    with_the_window = _window(text, with_scores=True)
    apart = _window(text, with_scores=False)

    assert with_the_window.newest == apart.newest
    assert [(m.key, pytest.approx(m.score)) for m in with_the_window.ranked] == [
        (m.key, m.score) for m in apart.ranked
    ]
    # Scores that differ (PostgreSQL's ts_rank gives a query with an excluded word one tiny
    # value for every match).
    assert len({m.score for m in apart.ranked}) > 1 or "-" in text


def _read_then_rank(window: SearchWindow) -> tuple[list[str], list[str]]:
    """The statements that read the window's matches, then those that rank them."""
    with CaptureQueriesContext(connection) as reading:
        assert window.newest
    with CaptureQueriesContext(connection) as ranking:
        assert window.ranked
    return (
        [query["sql"] for query in reading.captured_queries],
        [query["sql"] for query in ranking.captured_queries],
    )


def test_the_window_reads_its_scores_with_its_matches_on_sqlite_only():
    tram_articles()

    reading, ranking = _read_then_rank(_window("tram", with_scores=True))

    in_the_window = connection.vendor == "sqlite"
    assert scored(reading) == in_the_window
    assert len(ranking) == (0 if in_the_window else 2)


def test_a_window_not_meant_to_rank_is_read_without_scores_and_scores_apart_if_asked():
    tram_articles()

    reading, ranking = _read_then_rank(_window("tram", with_scores=False))

    assert not scored(reading)
    assert scored(ranking)
