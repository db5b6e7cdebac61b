"""Search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector): run this on both."""

import pytest
from django.db import connection

from archive.models import Article
from archive.search import (
    MARK_END,
    MARK_START,
    RANK_FIELD,
    ParsedQuery,
    SearchTerm,
    highlight_articles,
    is_ranked,
    marks_to_html,
    parse_query,
    search_articles,
)
from tests.factories import ArticleFactory

JUNK_QUERIES = [
    '"',
    '""',
    "*",
    "**",
    "AND (",
    "NEAR(",
    "NEAR(a b, 3)",
    "OR",
    "NOT",
    "-",
    "title:city",
    "^city",
    "city AND (",
    "a & | ! <-> :* b",
    "'; DROP TABLE archive_article; --",
    "!!!???...,,,",
    "\\",
    "city" * 200,
    "word " * 500,
    "\x00city",
    "☃ 🚀",
    '"unterminated phrase',
    "-city",
    "(smart) city)",
    "digit*al",
]


def search(text: str) -> list[str]:
    """Titles of the published articles matching `text`, most relevant first."""
    results = search_articles(Article.objects.published(), text)
    if not is_ranked(results):
        return sorted(results.values_list("title", flat=True))
    return list(results.order_by(f"-{RANK_FIELD}", "title").values_list("title", flat=True))


def indexed_article_ids(word: str) -> set[int]:
    """Ask the database's own index (not the articles table) which rows contain `word`."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM archive_article_fts WHERE archive_article_fts MATCH %s",
                [f'"{word}"'],
            )
        else:
            cursor.execute(
                "SELECT id FROM archive_article "
                "WHERE search_vector @@ to_tsquery('archive_search', %s)",
                [f"'{word}'"],
            )
        return {row[0] for row in cursor.fetchall()}


# --- the query parser (no database) ------------------------------------------------------------


def test_parse_query_words_are_anded_clauses():
    assert parse_query("smart  city") == ParsedQuery(
        clauses=((SearchTerm(("smart",)),), (SearchTerm(("city",)),))
    )


def test_parse_query_phrase_and_prefix():
    assert parse_query('"smart city" digit*') == ParsedQuery(
        clauses=((SearchTerm(("smart", "city")),), (SearchTerm(("digit",), prefix=True),))
    )


def test_parse_query_prefix_after_closing_quote_applies_to_phrase():
    assert parse_query('"smart cit"*').clauses == ((SearchTerm(("smart", "cit"), prefix=True),),)


def test_parse_query_or_groups_and_exclusions():
    assert parse_query("bus OR tram -car NOT bike") == ParsedQuery(
        clauses=((SearchTerm(("bus",)), SearchTerm(("tram",))),),
        excluded=(SearchTerm(("car",)), SearchTerm(("bike",))),
    )


def test_parse_query_hyphenated_word_is_a_phrase():
    assert parse_query("e-government").clauses == ((SearchTerm(("e", "government")),),)


@pytest.mark.parametrize("junk", ['"', "*", "AND (", "(", "!!!", "", "   ", "OR", "-"])
def test_parse_query_without_words_is_empty(junk):
    assert parse_query(junk).is_empty is True


def test_parse_query_limits_long_input():
    parsed = parse_query("word " * 500)
    assert len(parsed.clauses) == 12


def test_parse_query_automatic_prefix_on_last_word():
    assert parse_query("smart transpo").with_automatic_prefix() == ParsedQuery(
        clauses=((SearchTerm(("smart",)),), (SearchTerm(("transpo",), prefix=True),))
    )
    assert parse_query("go").with_automatic_prefix() is None


def test_marks_to_html_escapes_text_before_marking():
    text = f"<b>{MARK_START}Smart & city{MARK_END}</b> {MARK_END}{MARK_START}x"
    assert marks_to_html(text) == "&lt;b&gt;<mark>Smart &amp; city</mark>&lt;/b&gt; <mark>x</mark>"


# --- the search itself, on the database in use -------------------------------------------------


@pytest.mark.django_db
def test_search_articles_phrase_needs_words_in_order():
    ArticleFactory(title="One", body="The smart city plan was approved.")
    ArticleFactory(title="Two", body="A city that is smart about parking.")
    assert search('"smart city"') == ["One"]
    assert search("smart city") == ["One", "Two"]


@pytest.mark.django_db
def test_search_articles_explicit_prefix():
    ArticleFactory(title="One", body="Public transportation is free on Sundays.")
    ArticleFactory(title="Two", body="Parks open late.")
    assert search("transp*") == ["One"]


@pytest.mark.django_db
def test_search_articles_automatic_prefix_on_last_word_when_nothing_matches():
    ArticleFactory(title="One", body="Public transportation is free on Sundays.")
    ArticleFactory(title="Two", body="Public parks open late.")
    assert search("public transpo") == ["One"]


@pytest.mark.django_db
def test_search_articles_stemming_finds_other_forms():
    ArticleFactory(title="One", body="Several cities connected their sensors.")
    ArticleFactory(title="Two", body="Parks open late.")
    assert search("city") == ["One"]
    assert search("connecting sensor") == ["One"]


@pytest.mark.django_db
def test_search_articles_ignores_case_and_accents():
    ArticleFactory(title="One", body="The Zürich café opened a data lab.")
    ArticleFactory(title="Two", body="Parks open late.")
    assert search("zurich CAFE") == ["One"]
    assert search("Zürich") == ["One"]


@pytest.mark.django_db
def test_search_articles_several_words_must_all_match():
    ArticleFactory(title="One", body="Sensors measure air quality.")
    ArticleFactory(title="Two", body="Sensors count bicycles.")
    assert search("sensors air") == ["One"]


@pytest.mark.django_db
def test_search_articles_or_and_exclusion():
    ArticleFactory(title="One", body="Trams run all night.")
    ArticleFactory(title="Two", body="Buses run all night.")
    ArticleFactory(title="Three", body="Buses and trams run all night.")
    assert search("tram OR bus -trams") == ["Two"]


@pytest.mark.django_db
def test_search_articles_ranks_title_matches_first():
    ArticleFactory(title="Budget news", body="The council discussed parking and, once, lidar.")
    ArticleFactory(title="Lidar maps every street", body="The lidar survey covers the city.")
    ArticleFactory(title="Unrelated", body="Nothing to see.")
    assert search("lidar") == ["Lidar maps every street", "Budget news"]


@pytest.mark.django_db
def test_search_articles_no_match_is_empty():
    ArticleFactory(title="One", body="Trams run all night.")
    assert search("zeppelin") == []


@pytest.mark.django_db
def test_search_articles_only_searches_the_given_queryset():
    ArticleFactory(title="Draft", body="Trams run all night.", status="draft")
    ArticleFactory(title="Published", body="Trams run all day.")
    assert search("trams") == ["Published"]


@pytest.mark.django_db
@pytest.mark.parametrize("junk", JUNK_QUERIES)
def test_search_articles_junk_input_never_raises(junk):
    ArticleFactory(title="City news", body="The city council met.")
    titles = search(junk)
    assert titles in ([], ["City news"])
    results = search_articles(Article.objects.published(), junk)
    ids = list(results.values_list("pk", flat=True))
    assert isinstance(highlight_articles(ids, junk), dict)


@pytest.mark.django_db
def test_search_index_follows_create_update_delete():
    article = ArticleFactory(title="Aqueduct repairs", lede="", body="Crews fixed the aqueduct.")
    assert indexed_article_ids("aqueduct") == {article.pk}

    article.title = "Viaduct repairs"
    article.body = "Crews fixed the viaduct."
    article.save()
    assert indexed_article_ids("aqueduct") == set()
    assert indexed_article_ids("viaduct") == {article.pk}

    Article.objects.filter(pk=article.pk).update(lede="A funicular too.")
    assert indexed_article_ids("funicular") == {article.pk}
    assert search("funicular") == ["Viaduct repairs"]

    article.delete()
    assert indexed_article_ids("viaduct") == set()
    assert search("viaduct") == []


@pytest.mark.django_db
def test_highlight_articles_escapes_and_marks_matches():
    article = ArticleFactory(
        title="Lidar <script> maps", body="First paragraph.\n\nThe <b>lidar</b> survey & more."
    )
    highlight = highlight_articles([article.pk], "lidar")[article.pk]
    assert "<mark>Lidar</mark>" in highlight.title
    assert "&lt;script&gt;" in highlight.title
    # PostgreSQL's ts_headline drops what looks like HTML tags; FTS5 keeps them as text.
    # Either way nothing from the article becomes markup.
    assert "<mark>lidar</mark>" in highlight.snippet
    assert "survey &amp; more" in highlight.snippet
    assert "<b>" not in highlight.snippet
    assert "<script>" not in highlight.title


@pytest.mark.django_db
def test_searched_queryset_works_as_a_subquery():
    from archive.models import Mention
    from tests.factories import MentionFactory

    article = ArticleFactory(title="One", body="Trams run all night.")
    MentionFactory(article=article)
    MentionFactory(article=ArticleFactory(title="Two", body="Buses run."))
    matching = search_articles(Article.objects.published(), "trams")
    mentioned = Mention.objects.filter(article__in=matching).values_list("article_id", flat=True)
    assert list(mentioned) == [article.pk]


# --- possessives and punctuation ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "lagos's",
        "lagos\u2019s",
        "lagos\u02bcs",
        "lagos\u2019s,",
        "(lagos's)",
        "lagos.",
        "\u201clagos\u201d",
        "lagos!?",
    ],
)
def test_parse_query_possessives_and_punctuation_leave_the_bare_word(text):
    assert parse_query(text) == parse_query("lagos")


def test_parse_query_possessive_inside_a_phrase_also_tries_it_without():
    assert parse_query('"lagos\u2019s bus lanes"').clauses == (
        (SearchTerm(("lagos", "bus", "lanes")), SearchTerm(("lagos", "s", "bus", "lanes"))),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["lagos's", "Lagos\u2019s", "LAGOS'S", "lagos\u2019s,", "lagos'", "(Lagos)", "lagos's*"]
)
def test_search_articles_possessive_finds_what_the_bare_word_finds(text):
    ArticleFactory(title="One", body="Lagos opened a new control room.")
    ArticleFactory(title="Two", body="The council praised Lagos's traffic lights.")
    ArticleFactory(title="Three", body="Nairobi\u2019s buses run on time.")
    assert search("lagos") == ["One", "Two"]
    assert search(text) == ["One", "Two"]


@pytest.mark.django_db
def test_search_articles_possessive_phrase_matches_with_and_without_the_s():
    ArticleFactory(title="One", body="They toured Lagos bus lanes at dawn.")
    ArticleFactory(title="Two", body="They toured Lagos\u2019s bus lanes at dusk.")
    ArticleFactory(title="Three", body="Bus lanes in Lagos are new.")
    assert search('"lagos\'s bus lanes"') == ["One", "Two"]


@pytest.mark.django_db
def test_highlight_articles_marks_the_bare_word_of_a_possessive_query():
    article = ArticleFactory(title="Lagos at night", body="Lagos opened a new control room.")
    highlight = highlight_articles([article.pk], "lagos\u2019s")[article.pk]
    assert highlight.title == "<mark>Lagos</mark> at night"


# --- Both databases rank a bounded set of candidates -------------------------------------------


def full_ranking(word: str) -> list[int]:
    """Every match ranked by the engine (ts_rank, bm25), as the search did before it bounded
    the candidates."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM archive_article WHERE status = 'published' AND search_vector @@ "
                "to_tsquery('archive_search', %s) ORDER BY ts_rank(search_vector, "
                "to_tsquery('archive_search', %s)) DESC, published_on DESC NULLS LAST, id DESC",
                [f"'{word}'", f"'{word}'"],
            )
        else:
            cursor.execute(
                "SELECT a.id FROM archive_article a JOIN archive_article_fts f ON f.rowid = a.id "
                "WHERE a.status = 'published' AND archive_article_fts MATCH %s "
                "ORDER BY bm25(archive_article_fts, 10, 4, 1, 10, 4, 1), "
                "a.published_on DESC NULLS LAST, a.id DESC",
                [f'"{word}"'],
            )
        return [row[0] for row in cursor.fetchall()]


def ranked_ids(text: str) -> list[int]:
    from archive.filters import NEWEST_ARTICLES

    results = search_articles(Article.objects.published(), text)
    return list(results.order_by(f"-{RANK_FIELD}", *NEWEST_ARTICLES).values_list("pk", flat=True))


def varied_lidar_articles() -> None:
    import datetime

    for n in range(12):
        ArticleFactory(
            title="Lidar survey" if n % 4 == 0 else f"Survey {n}",
            body="The lidar maps streets. " * (1 + n % 3) + "Other words follow here.",
            published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )


@pytest.mark.django_db
def test_search_ranks_like_a_full_ranking_below_the_candidate_bound():
    varied_lidar_articles()
    assert ranked_ids("lidar") == full_ranking("lidar")


@pytest.mark.django_db
def test_search_ranks_only_the_newest_candidates_above_the_bound(settings):
    varied_lidar_articles()
    settings.SEARCH_RANK_CANDIDATES = 5
    newest_first = Article.objects.order_by("-published_on").values_list("pk", flat=True)
    candidates = set(newest_first[:5])
    ranked = ranked_ids("lidar")
    # The five newest matches come first, in rank order; the others follow, newest first.
    assert ranked[:5] == [pk for pk in full_ranking("lidar") if pk in candidates]
    assert ranked[5:] == list(newest_first[5:])
