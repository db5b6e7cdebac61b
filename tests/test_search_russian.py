"""Russian full-text search, on SQLite (stem columns) and PostgreSQL (russian configuration):
run this on both. English search is covered by tests/test_search.py and must not change."""

import pytest
from django.db import connection

from archive.models import Article
from archive.search import highlight_articles, parse_query, search_articles
from tests.factories import ArticleFactory
from tests.test_search import search


def search_as_written(text: str) -> list[str]:
    """Titles found without the automatic prefix retry (which on PostgreSQL may also find a
    Russian word's stem as the prefix of a word in an English article)."""
    results = search_articles(Article.objects.published(), text, automatic_prefix=False)
    return sorted(results.values_list("title", flat=True))


def russian(title: str, body: str, **kwargs) -> Article:
    return ArticleFactory(title=title, lede="", body=body, language="ru", **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Казань", "Казани", "казанью", "КАЗАНЬ"])
def test_any_inflection_of_a_word_finds_the_article(query):
    russian("Трамваи ходят всю ночь", "В Казани трамваи теперь ходят круглые сутки.")
    russian("Парки", "Парки открыты допоздна.")
    assert search(query) == ["Трамваи ходят всю ночь"]


@pytest.mark.django_db
def test_an_inflected_phrase_keeps_its_word_order():
    russian("Один", "Глава комитета городского транспорта выступил на заседании.")
    russian("Два", "Транспорт городского комитета тоже обсуждали.")
    assert search('"комитет городского транспорта"') == ["Один"]
    assert sorted(search("комитет транспорт")) == ["Два", "Один"]


@pytest.mark.django_db
def test_prefix_exclusion_and_or_work_on_russian_words():
    russian("Один", "Новые датчики измеряют качество воздуха.")
    russian("Два", "Новые датчики считают велосипеды.")
    russian("Три", "Велосипедные дорожки продлили.")
    assert search("датчик -велосипедов") == ["Один"]
    assert sorted(search("воздух OR велосипед")) == ["Два", "Один"]
    assert search("велосипедн*") == ["Три"]


@pytest.mark.django_db
def test_yo_and_ye_spellings_find_each_other():
    russian("Ёлки", "На площади поставили ёлку.")
    assert search("елка") == ["Ёлки"]
    assert search("ёлкой") == ["Ёлки"]


@pytest.mark.django_db
def test_mixed_archive_each_language_finds_its_articles():
    russian("Русская", "Мэрия Казани запустила портал открытых данных.")
    ArticleFactory(title="English", lede="", body="Kazan city hall launched an open data portal.")
    ArticleFactory(title="Glossed", lede="", body="The city of Kazan (Казань) runs trams.")
    assert search("Казани") == ["Русская"]
    assert sorted(search("Казань")) == ["Glossed", "Русская"]
    assert sorted(search("kazan")) == ["English", "Glossed"]
    assert search("portal") == ["English"]
    assert sorted(search("portals OR данными")) == ["English", "Русская"]


@pytest.mark.django_db
def test_russian_words_in_an_english_article_match_only_as_written():
    ArticleFactory(title="Glossed", lede="", body="The city of Kazan (Казань) runs trams.")
    assert search_as_written("Казань") == ["Glossed"]
    assert search_as_written("Казани") == []


@pytest.mark.django_db
def test_latin_words_in_a_russian_article_are_stemmed_as_english():
    russian("Один", "Проект Smart Cities обсуждали в мэрии.")
    assert search("smart city") == ["Один"]


@pytest.mark.django_db
def test_a_russian_title_match_ranks_first():
    russian("Парковки в Казани", "Обсуждали бюджет и один раз парковку.")
    russian("Бюджет", "Обсуждали бюджет и парковки, парковки, парковки.")
    assert search("парковка")[0] == "Парковки в Казани"


@pytest.mark.django_db
def test_the_index_follows_text_and_language_changes():
    article = ArticleFactory(title="Заметка", lede="", body="Трамваи ходят в Казани.")
    assert search_as_written("Казань") == []  # an English article: the word as written only

    article.language = "ru"
    article.save()
    assert search("Казань") == ["Заметка"]

    article.body = "Трамваи ходят в Самаре."
    article.save(update_fields=["body"])
    assert search_as_written("Казань") == []
    assert search("Самара") == ["Заметка"]

    article.delete()
    assert search("Самара") == []


@pytest.mark.django_db
def test_stems_are_written_on_save_and_never_loaded_with_the_article():
    article = russian("Заметка", "Трамваи ходят в Казани.")
    stored = Article.objects.filter(pk=article.pk).values_list("stemmed_body", flat=True).get()
    assert stored == "трамва ход в казан"
    english = ArticleFactory(body="Trams run in Kazan.")
    assert Article.objects.filter(pk=english.pk).values_list("stemmed_body", flat=True).get() == ""
    assert "stemmed_body" in Article.objects.get(pk=article.pk).get_deferred_fields()


@pytest.mark.django_db
def test_russian_highlights_mark_the_inflected_word():
    article = russian("Трамваи в Казани", "Первый абзац.\n\nВ Казани трамваи ходят ночью.")
    highlight = highlight_articles([article.pk], "Казань")[article.pk]
    assert "<mark>Казани</mark>" in highlight.title
    assert "<mark>Казани</mark>" in highlight.snippet


@pytest.mark.django_db
def test_english_queries_read_as_before():
    """A query without Cyrillic is the very expression English search always sent."""
    query = parse_query('smart "digital twin" transpo* -bus')
    if connection.vendor == "sqlite":
        from archive.search_backends.sqlite import to_fts5_query

        assert to_fts5_query(query) == ('("smart" AND "digital twin" AND "transpo"*) NOT ("bus")')
    else:
        from django.contrib.postgres.search import SearchQuery

        from archive.search_backends.postgres import CONFIG, _search_query, to_tsquery_text

        assert _search_query(query) == SearchQuery(
            to_tsquery_text(query), search_type="raw", config=CONFIG
        )


@pytest.mark.django_db
def test_text_changed_around_save_is_found_once_the_index_is_repaired():
    from archive.search import ensure_search_index, search_index_in_step

    article = russian("Заметка", "Трамваи ходят в Казани.")
    Article.objects.filter(pk=article.pk).update(body="Трамваи ходят в Самаре.")
    if connection.vendor == "sqlite":
        # The stems were not rewritten: dbcheck sees it, and its repair restems.
        assert search_index_in_step() is False
        assert search("Самара") == []
        ensure_search_index()
    assert search_index_in_step() is True
    assert search("Самара") == ["Заметка"]
    assert search_as_written("Казань") == []


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table only")
def test_an_index_made_before_the_stem_columns_is_remade():
    from archive.search import ensure_search_index
    from archive.search_backends import sqlite

    russian("Заметка", "Трамваи ходят в Казани.")
    with connection.cursor() as cursor:
        for statement in sqlite.UNINSTALL_STATEMENTS:
            cursor.execute(statement)
        cursor.execute(
            f"CREATE VIRTUAL TABLE {sqlite.FTS_TABLE} USING fts5(title, lede, body, "
            "content='archive_article', content_rowid='id')"
        )
    ensure_search_index()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM pragma_table_info('{sqlite.FTS_TABLE}')")
        assert tuple(row[0] for row in cursor.fetchall()) == sqlite.COLUMNS
    assert search("Казань") == ["Заметка"]
