"""The worker entry point, and the corpus of realistic pages (tests/corpus/pages).

Each corpus page NAME.txt / NAME.html / NAME.jsonl has NAME.json with what the cleaned page must
look like. For .jsonl the JSON holds "records": one expectation per non-blank line, either the
page fields or {"error": "..."} for a record that must be refused.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from archive.pipeline.process import content_hash, parse_document, process_document, raw_hash
from archive.pipeline.reading import SUPPORTED_SUFFIXES, read_path
from archive.pipeline.types import BadInput, Gazetteer, RawDocument

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "pages"
MAX_BYTES = 5 * 1024 * 1024
TODAY = date(2026, 11, 22)  # fixed, so date widgets and "future" dates judge the same way
CORPUS_PAGES = sorted(
    path for path in CORPUS.iterdir() if path.suffix in SUPPORTED_SUFFIXES and path.is_file()
)


def test_corpus_is_varied_enough() -> None:
    suffixes = [path.suffix for path in CORPUS_PAGES]

    assert len(CORPUS_PAGES) >= 15
    assert suffixes.count(".html") >= 2
    assert suffixes.count(".jsonl") >= 1
    assert all(path.with_suffix(".json").exists() for path in CORPUS_PAGES)


def _check_page(document: RawDocument, expected: dict) -> None:
    if "error" in expected:
        with pytest.raises(BadInput) as caught:
            parse_document(document, today=TODAY)
        assert str(caught.value).startswith(expected["error"])
        return
    page = parse_document(document, today=TODAY)
    published = date.fromisoformat(expected["published_on"]) if expected["published_on"] else None
    assert page.title == expected["title"]
    assert page.published_on == published
    assert page.byline == expected["byline"]
    assert page.body.startswith(expected["body_starts"]), page.body[:300]
    assert page.body.endswith(expected["body_ends"]), page.body[-300:]
    for text in expected["must_not_contain"]:
        assert text not in page.body, text
    for text in expected.get("must_contain", []):
        assert text in page.body, text
    optional_fields = (
        "has_headline",
        "language",
        "published_on_origin",
        "source_name",
        "source_domain",
    )
    for name in optional_fields:
        if name in expected:
            assert getattr(page, name) == expected[name], name
    if "paragraph_count" in expected:
        assert len(page.body.split("\n\n")) == expected["paragraph_count"]
    assert "\n\n\n" not in page.body
    assert page.body == page.body.strip()
    assert page.lede and page.lede in page.body


@pytest.mark.parametrize("path", CORPUS_PAGES, ids=[path.name for path in CORPUS_PAGES])
def test_corpus_page_matches_its_expected_result(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    documents = read_path(path, MAX_BYTES)

    if "records" not in expected:
        (document,) = documents
        _check_page(document, expected)
        return
    assert [document.origin.rsplit("#", 1)[1] for document in documents] == [
        record["origin_suffix"].lstrip("#") for record in expected["records"]
    ]
    for document, record in zip(documents, expected["records"], strict=True):
        _check_page(document, record)


# ----- process_document ------------------------------------------------------------------------


def test_process_document_reports_bad_input_as_an_error() -> None:
    document = RawDocument(origin="scan.txt", data=b"%PDF-1.4\n%binary")

    result = process_document(document, Gazetteer())

    assert (result.origin, result.error, result.page, result.extraction, result.content_hash) == (
        "scan.txt",
        "not text: the bytes are a PDF document",
        None,
        None,
        "",
    )
    assert result.raw_hash == hashlib.sha256(b"%PDF-1.4\n%binary").hexdigest()


def test_process_document_reports_a_bad_record_as_an_error() -> None:
    document = RawDocument(origin="feed.jsonl#L3", error="record has neither text nor html")

    result = process_document(document, Gazetteer())

    assert (result.error, result.page) == ("record has neither text nor html", None)


@pytest.mark.skipif(
    importlib.util.find_spec("archive.pipeline.extraction") is None
    or not hasattr(importlib.import_module("archive.pipeline.extraction"), "extract"),
    reason="the entity extractor is not written yet",
)
def test_process_document_returns_page_hashes_and_extraction() -> None:
    data = (
        b"Utrecht connects its traffic lights\n\n3 March 2021\n\n"
        b"The city council of Utrecht approved a plan on Monday to connect all of its traffic "
        b"lights to a central platform by the end of next year.\n"
    )

    result = process_document(RawDocument(origin="utrecht.txt", data=data), Gazetteer())

    assert result.error == ""
    assert result.page is not None
    assert (result.page.title, result.page.published_on) == (
        "Utrecht connects its traffic lights",
        date(2021, 3, 3),
    )
    assert result.content_hash == content_hash(result.page.title, result.page.body)
    assert result.raw_hash == hashlib.sha256(data).hexdigest()
    assert result.extraction is not None


def test_parse_document_reads_raw_html_saved_as_txt() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Oslo opens a bike lane network</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Oslo opens a bike lane network</h1>"
        "<p>The city of Oslo has opened 12 kilometres of protected bike lanes, the council said "
        "on Monday, and plans another 20 kilometres by the end of next year.</p>"
        "</article></body></html>"
    )

    page = parse_document(RawDocument(origin="oslo.txt", data=html.encode()), today=TODAY)

    assert (page.title, page.body) == (
        "Oslo opens a bike lane network",
        "The city of Oslo has opened 12 kilometres of protected bike lanes, the council said on "
        "Monday, and plans another 20 kilometres by the end of next year.",
    )


# ----- hashes ----------------------------------------------------------------------------------


def test_content_hash_ignores_case_and_whitespace_but_not_words() -> None:
    first = content_hash("Utrecht  Connects", "The city\n\nsaid so.")
    second = content_hash("utrecht connects", "The  city said   so.")
    different = content_hash("Utrecht connects", "The city said no.")

    assert (first == second, first == different) == (True, False)
    assert first == hashlib.sha256(b"utrecht connects\nthe city said so.").hexdigest()


def test_raw_hash_of_a_record_changes_with_its_fields() -> None:
    record = RawDocument(origin="a.jsonl#L1", text="Body.", title="Title")
    same = RawDocument(origin="b.jsonl#L9", text="Body.", title="Title")
    edited = RawDocument(origin="a.jsonl#L1", text="Body!", title="Title")

    assert (raw_hash(record) == raw_hash(same), raw_hash(record) == raw_hash(edited)) == (
        True,
        False,
    )
