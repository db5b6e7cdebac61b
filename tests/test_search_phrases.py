"""Phrases on PostgreSQL are found through the index of word pairs (search_backends.postgres,
PhraseMatch): the answer must be exactly the one the phrase operator gives on the vectors.
On SQLite (FTS5 has positions) the same cases check the phrase search itself."""

import pytest
from django.db import connection

from archive.models import Article
from archive.search import search_articles
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# Texts written for the cases a pair index could get wrong: the words apart, in the other
# order, across a stop word, across the title and the lede, inside a hyphenated word, a
# possessive, repeated, and the prefix of a phrase's last word.
TEXTS = {
    "adjacent": ("Budget", "", "The council opened its open data portal to residents."),
    "apart": ("Portal", "", "Open the data of every bus to the public."),
    "reversed": ("Feeds", "", "The data is open to anyone who asks."),
    "stop word": ("Lanes", "", "The city of London planned new lanes."),
    "across fields": ("Sensors in the city", "Data from them", "Air quality is published."),
    "hyphenated": ("Portal", "", "An e-government portal answers residents."),
    "three words": ("Portal", "", "The smart city data platform went live."),
    "three apart": ("Grid", "", "A smart city and its data platform: the grid."),
    "possessive": ("Buses", "", "Lagos's bus network grew; the Lagos bus lanes opened."),
    "repeated": ("Echo", "", "Data data everywhere, and open open doors."),
    "prefix": ("Transit", "", "Smart transportation reached the suburbs."),
}

PHRASES = [
    '"open data"',
    '"data open"',
    '"city of london"',
    '"city london"',
    '"city data"',
    '"e government"',
    '"smart city data"',
    '"city data platform"',
    '"lagos bus"',
    '"data data"',
    '"open open doors"',
    '"smart transport"*',
    '"smart city data platform"*',
    '"open data" residents',
    '"open data" -residents',
    '"open data" OR "bus network"',
    '"smart city" "data platform"',
    '"the open data"',
]


@pytest.fixture
def varied_articles(db) -> dict[str, int]:
    return {
        name: ArticleFactory(title=title, lede=lede, body=body, status="published").pk
        for name, (title, lede, body) in TEXTS.items()
    }


def found(text: str) -> set[int]:
    return set(search_articles(Article.objects.published(), text).values_list("pk", flat=True))


def phrase_operator_finds(text: str) -> set[int]:
    """What the engine's own phrase operator finds, every vector tested (no pairs)."""
    from archive.search import parse_query
    from archive.search_backends.postgres import to_tsquery_text

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM archive_article WHERE status = 'published' AND "
            "search_vector @@ to_tsquery('archive_search', %s)",
            [to_tsquery_text(parse_query(text))],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("text", PHRASES)
def test_phrase_search_finds_what_the_phrase_operator_finds(varied_articles, text):
    if connection.vendor != "postgresql":
        pytest.skip("the phrase operator of PostgreSQL's vectors is the reference")
    assert found(text) == phrase_operator_finds(text)


def test_phrase_search_finds_only_the_words_in_order(varied_articles):
    ids = varied_articles
    assert found('"open data"') == {ids["adjacent"]}
    assert found('"data open"') == set()
    assert found('"smart city data"') == {ids["three words"]}
    assert found('"city data platform"') == {ids["three words"]}
    assert found('"e government"') == {ids["hyphenated"]}
    assert found('"lagos bus"') == {ids["possessive"]}
    assert found('"smart transport"*') == {ids["prefix"]}
    assert found('"open data" -residents') == set()
    assert found('"open data" OR "bus network"') == {ids["adjacent"], ids["possessive"]}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pairs column")
def test_word_pairs_follow_the_text():
    article = ArticleFactory(title="Pilot", lede="", body="Open data helps.", status="published")

    def pairs() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(search_pairs) FROM archive_article WHERE id = %s",
                [article.pk],
            )
            return sorted(cursor.fetchone()[0])

    assert pairs() == ["data help", "open data", "pilot open"]
    Article.objects.filter(pk=article.pk).update(body="Closed feeds.")
    assert pairs() == ["close feed", "pilot close"]
    assert found('"open data"') == set()
    assert found('"closed feeds"') == {article.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pairs column")
def test_stale_pairs_are_out_of_step_and_repaired():
    from archive.search import ensure_search_index, search_index_in_step

    ArticleFactory(title="Pilot", body="Open data helps.", status="published")
    assert search_index_in_step()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_article SET search_pairs = NULL")
    assert not search_index_in_step()
    ensure_search_index()
    assert search_index_in_step()
