"""Hostile and broken input: the reader and cleaner raise only BadInput, and say why.

Property tests throw arbitrary bytes, text and JSON at the entry points; a fixed corpus, written
by the tests themselves, covers the cases that random data rarely reaches.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.pipeline.cleaning import clean_page
from archive.pipeline.decoding import FORMAT_CONTROLS, MAX_TEXT_CHARS, decode, normalise_text
from archive.pipeline.html_text import html_to_text
from archive.pipeline.process import parse_document
from archive.pipeline.reading import (
    MAX_RECORD_DEPTH,
    read_documents,
    read_path,
    record_to_document,
)
from archive.pipeline.types import BadInput, ParsedPage, RawDocument

MAX_BYTES = 6_000_000
BODY = (
    "The city council approved a plan to fit motion sensors to every street light in the "
    "district, and the work starts in the spring."
)
BIDI_AND_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\x00\x07"
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def outcome(call) -> str:
    """'ok' or the BadInput reason; any other exception fails the test."""
    try:
        call()
    except BadInput as problem:
        assert str(problem).strip(), "a refusal must say why"
        return str(problem)
    return "ok"


# ----- properties ------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.binary(max_size=4000))
def test_decode_raises_only_bad_input_for_any_bytes(data):
    outcome(lambda: decode(data))


@PROPERTY_SETTINGS
@given(st.text(max_size=2000))
def test_normalised_text_has_no_bidi_or_control_characters(text):
    normalised = normalise_text(text)

    assert FORMAT_CONTROLS.search(normalised) is None


@PROPERTY_SETTINGS
@given(st.text(max_size=3000))
def test_clean_page_raises_only_bad_input_for_any_text(text):
    outcome(lambda: clean_page(text))


@PROPERTY_SETTINGS
@given(
    st.text(max_size=1500),
    st.text(max_size=300),
    st.text(max_size=100),
    st.text(max_size=100),
)
def test_parse_document_of_a_record_raises_only_bad_input(text, title, byline, published):
    document = RawDocument(
        "record", text=text, title=title, byline=byline, published=published, url="x"
    )

    outcome(lambda: parse_document(document))


MARKUP = st.sampled_from(
    [
        "<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<h1>",
        "</h1>", "<title>", "</title>", "<!--", "-->", "<![CDATA[", "]]>", "<br/>", "&amp;",
        "&#0;", "&#xD800;", "<?xml version='1.0'?>", "<meta charset='x-unknown'>",
        "<table><tr><td>", "<ul><li>", "\x00",
    ]
)  # fmt: skip


@PROPERTY_SETTINGS
@given(st.lists(MARKUP | st.text(max_size=80), max_size=30))
def test_html_to_text_raises_only_bad_input_for_any_markup(parts):
    outcome(lambda: html_to_text("".join(parts)))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@PROPERTY_SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(["text", "html", "title", "author", "authors", "source", "date", "url"]),
        JSON_VALUES,
    )
)
def test_any_json_record_becomes_a_document_or_an_error(record):
    document = record_to_document(record, "records.jsonl#L1")

    assert isinstance(document, RawDocument)
    for field in (document.title, document.byline, document.source, document.url):
        assert FORMAT_CONTROLS.search(field) is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.binary(max_size=300) | st.text(max_size=300).map(str.encode), max_size=6))
def test_jsonl_file_of_any_lines_is_read_without_raising(tmp_path, lines):
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))

    documents: list[RawDocument] = []
    # The file as a whole may be refused (UTF-16 that is not text): BadInput, like any file.
    outcome(lambda: documents.extend(read_path(path, MAX_BYTES)))
    for document in documents:
        outcome(lambda document=document: parse_document(document))


# ----- a fixed hostile corpus ------------------------------------------------------------------


def nested_json(depth: int) -> str:
    return json.dumps({"title": "Deep", "text": BODY, "extra": "["})[:-1] + (
        ', "tree": ' + "[" * depth + "]" * depth + "}"
    )


HOSTILE_FILES: dict[str, bytes] = {
    "random-unicode.txt": ("Σ∂ƒ© 中文 \U0001f600 " * 40 + "\n\n" + BODY).encode(),
    "nul-bytes.txt": b"Head\x00line\n\n" + BODY.encode() + b"\x00" * 50,
    "one-megabyte-line.txt": ("word " * 210_000).encode(),
    "rtl-and-combining.txt": (
        "\u202eSensors\u202c in Tel Aviv \u05e2\u05d9\u05e8 e\u0301\u0301\u0301\n\n" + BODY
    ).encode(),
    "script-in-text.txt": ("<script>alert(1)</script>\n\n" + BODY).encode(),
    "long-headline.txt": ("Sensors " * 1250 + "\n\n" + BODY).encode(),
    "deep-html.html": (
        "<html><body>" + "<div>" * 5000 + f"<p>{BODY}</p>" + "</div>" * 5000 + "</body></html>"
    ).encode(),
    "five-megabytes.txt": ((BODY + "\n\n") * 40_000).encode(),
    "five-megabytes.html": ("<html><body>" + f"<p>{BODY}</p>" * 38_000 + "</body></html>").encode(),
    "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "binary.html": b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4,
    "noise.txt": bytes((index * 73 + 41) % 128 + 128 for index in range(3000)),
    "records.jsonl": "\n".join(
        [
            json.dumps({"title": "First", "text": BODY}),
            "[" * 100_000 + "]" * 100_000,
            nested_json(MAX_RECORD_DEPTH + 5),
            json.dumps({"title": "Too long", "text": "a" * (MAX_TEXT_CHARS + 1)}),
            json.dumps({"title": "\u202eTitle\u202c with\x00 controls", "text": BODY}),
        ]
    ).encode(),
}


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, data in HOSTILE_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "back-up.txt").symlink_to(folder / "sub" / "missing.txt")
    (folder / "sub" / "folder-loop").symlink_to(folder)
    return folder


def test_hostile_corpus_fails_file_by_file_with_clear_reasons(hostile_folder: Path):
    outcomes: dict[str, str] = {}
    for document in read_documents([hostile_folder], MAX_BYTES):
        name = os.path.relpath(document.origin, hostile_folder)
        outcomes[name] = outcome(lambda document=document: parse_document(document))

    assert outcomes == {
        "binary.html": "not text: the bytes are an executable",
        "binary.txt": "not text: the bytes are a PNG image",
        "deep-html.html": outcomes["deep-html.html"],  # text or "no article text": never a crash
        # 38,000 paragraphs joined by blank lines: the extracted text, not the markup, is judged.
        "five-megabytes.html": f"text is {38_000 * len(BODY) + 37_999 * 2:,} characters long,"
        " over the 1,000,000 character limit",
        "five-megabytes.txt": "text is 5,200,000 characters long, over the 1,000,000 character"
        " limit",
        "long-headline.txt": "ok",
        "loop.txt": "broken symbolic link",
        "noise.txt": "the bytes are not valid in any text encoding we know",
        "nul-bytes.txt": "not text: the bytes contain NUL characters (binary data)",
        "one-megabyte-line.txt": "text is 1,050,000 characters long, over the 1,000,000 character"
        " limit",
        "random-unicode.txt": "ok",
        "records.jsonl#L1": "ok",
        "records.jsonl#L2": f"record is nested more than {MAX_RECORD_DEPTH} levels deep",
        "records.jsonl#L3": f"record is nested more than {MAX_RECORD_DEPTH} levels deep",
        "records.jsonl#L4": "text is 1,000,001 characters long, over the 1,000,000 character limit",
        "records.jsonl#L5": "ok",
        "rtl-and-combining.txt": "ok",
        "script-in-text.txt": "ok",
        "sub/back-up.txt": "broken symbolic link",
    }
    assert outcomes["deep-html.html"] in ("ok", "no article text found in the HTML")


def test_bidi_controls_are_stripped_from_titles_and_record_fields():
    text_page = parse_document(
        RawDocument("page.txt", data=("Mayor \u202eevil\u202c plan\n\n" + BODY).encode())
    )
    record = record_to_document(
        {"title": "\u2067Title\u2069", "author": "A\u200f Writer", "text": BODY}, "r#L1"
    )
    record_page = parse_document(record)

    assert text_page.title == "Mayor evil plan"
    assert (record.title, record.byline) == ("Title", "A Writer")
    assert FORMAT_CONTROLS.search(record_page.title + record_page.body + record_page.byline) is None


def test_html_in_a_text_file_stays_text():
    page = parse_document(
        RawDocument("page.txt", data=("<script>alert(1)</script>\n\n" + BODY).encode())
    )

    assert isinstance(page, ParsedPage)
    assert BODY in page.body


def test_a_file_that_vanishes_before_reading_is_bad_input(tmp_path: Path):
    path = tmp_path / "gone.txt"
    path.write_text(BODY)
    path.unlink()

    with pytest.raises(BadInput) as caught:
        read_path(path, MAX_BYTES)

    assert str(caught.value) == "file disappeared before it could be read"


def test_a_fifo_named_txt_is_not_read(tmp_path: Path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)

    with pytest.raises(BadInput) as caught:
        read_path(path, MAX_BYTES)

    assert str(caught.value) == "not a regular file"


@pytest.mark.parametrize("mark", [b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\xef\xbb\xbf"])
def test_a_byte_order_mark_alone_is_an_empty_file(mark):
    # Found by the property test above: this used to divide by zero.
    assert outcome(lambda: decode(mark)) == "file contains only whitespace"


@pytest.mark.parametrize("markup", ["<body><html><script>", "<body><html><style>x</style>"])
def test_a_stray_html_tag_before_a_script_is_no_article_text(markup):
    # Found by the property test above: the date search dropped the script that was all that
    # was left of the page, and lxml's assertion about its missing parent came out as a crash.
    assert outcome(lambda: html_to_text(markup)) == "no article text found in the HTML"
