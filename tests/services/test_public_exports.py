"""Row streaming for the public CSV and JSON exports."""

import csv
import datetime
import io
import json

import pytest

from archive.models import Article, ReviewStatus
from archive.services import entity_pages
from archive.services.public_exports import (
    article_rows,
    csv_line,
    csv_lines,
    entity_rows,
    json_chunks,
)
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    mention_of,
)
from tests.services.export_archive import streaming_savepoint_queries


def test_csv_lines_neutralise_formulas_and_join_lists():
    lines = list(
        csv_lines(
            ["title", "people", "flag"],
            [{"title": "=SUM(A1)", "people": ["Ann", "Bo"], "flag": True}],
        )
    )
    assert lines == ["\ufefftitle,people,flag\r\n", "'=SUM(A1),Ann; Bo,true\r\n"]


def test_csv_lines_write_numbers_lists_dates_and_nothing_as_their_text_neutralised():
    row = {
        "id": 7,
        "delta": -3,
        "names": ["=Board", "Bo, Ann"],
        "none": None,
        "day": datetime.date(2024, 1, 2),
        "flag": False,
        "pair": ("a", 1),
        "ratio": 0.5,
    }
    lines = list(csv_lines(list(row), [row]))
    assert lines[1] == "7,'-3,\"'=Board; Bo, Ann\",,2024-01-02,false,a; 1,0.5\r\n"


@pytest.mark.parametrize(
    "cells",
    [
        ["plain", "two words", ""],
        [""],
        ["", ""],
        ["a, b", 'say "hi"', "line\nbreak", "carriage\rreturn", "both\r\n"],
        [' "', ",", '""', "tab\there", " spaced ", "Zoë Ünal", "\u2028 and \x85 and \x0b"],
        ["nul\x00inside", "'=quoted", "; joined; names"],
    ],
)
def test_csv_line_writes_what_the_csv_module_writes(cells):
    stream = io.StringIO()
    csv.writer(stream).writerow(cells)

    assert csv_line(cells) == stream.getvalue()


def test_json_chunks_make_one_array_with_iso_dates():
    rows = [{"day": datetime.date(2024, 1, 2), "name": "Zürich"}, {"day": None, "name": "B"}]
    text = "".join(json_chunks(rows))
    assert json.loads(text) == [{"day": "2024-01-02", "name": "Zürich"}, {"day": None, "name": "B"}]
    assert "Zürich" in text


def test_json_chunks_of_nothing_is_an_empty_array():
    assert json.loads("".join(json_chunks([]))) == []


# --- article rows ------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return "http://archive.test" + path


@pytest.mark.django_db
def test_article_rows_list_public_names_in_text_order_once_each():
    article = ArticleFactory(slug="tram-data", url="javascript:alert(1)")
    later, earlier = OrganizationFactory(name="Tram Board"), OrganizationFactory(name="City Hall")
    rejected = OrganizationFactory(name="Menu Item", review_status=ReviewStatus.REJECTED)
    survivor = PersonFactory(name="Ana Costa")
    merged = PersonFactory(name="A. Costa", merged_into=survivor)
    place = PlaceFactory(name="Porto")
    mention_of(later, article, start=30)
    mention_of(earlier, article, start=5)
    mention_of(later, article, start=60)
    mention_of(rejected, article, start=1)
    mention_of(merged, article, start=2)
    mention_of(place, article, start=70, status=ReviewStatus.REJECTED)

    (row,) = article_rows(Article.objects.all(), absolute)

    assert row["public_url"] == "http://archive.test/articles/tram-data/"
    assert row["original_url"] == ""
    assert (row["organizations"], row["people"], row["events"], row["places"]) == (
        ["City Hall", "Tram Board"],
        [],
        [],
        [],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("chunk_size", [2, 500])
def test_article_rows_take_five_queries_whatever_the_chunk_size(
    chunk_size, django_assert_num_queries, monkeypatch
):
    popular = OrganizationFactory(name="Open Data Institute")
    articles = ArticleFactory.create_batch(5)
    for number, article in enumerate(articles):
        mention_of(popular, article)
        mention_of(PersonFactory(name=f"Person {number}"), article)
    monkeypatch.setattr("archive.services.public_exports.CHUNK_SIZE", chunk_size)

    # The names of the public records, one query per kind; then the articles with the ids
    # they mention in their rows: one query, read chunk_size rows at a time.
    with django_assert_num_queries(4 + 1 + streaming_savepoint_queries()):
        rows = list(article_rows(Article.objects.order_by("id"), absolute))

    assert [row["organizations"] for row in rows] == [["Open Data Institute"]] * 5
    assert [row["people"] for row in rows] == [[f"Person {n}"] for n in range(5)]


@pytest.mark.django_db
@pytest.mark.parametrize("chunk_size", [2, 500])
def test_entity_rows_take_one_query_whatever_the_chunk_size(
    chunk_size, django_assert_num_queries, monkeypatch
):
    country = PlaceFactory(name="Portugal", kind="country")
    for number in range(5):
        PlaceFactory(name=f"Town {number}", country=country)
    monkeypatch.setattr("archive.services.public_exports.CHUNK_SIZE", chunk_size)
    places = entity_pages.entity_list_queryset("place")

    with django_assert_num_queries(1 + streaming_savepoint_queries()):
        rows = list(entity_rows("place", places, absolute))

    assert [(row["name"], row["country"]) for row in rows] == [
        ("Portugal", ""),
        *((f"Town {number}", "Portugal") for number in range(5)),
    ]
