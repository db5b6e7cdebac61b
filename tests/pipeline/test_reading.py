# ruff: noqa: RUF001 - typographic text is what these tests feed in.
"""Reading files: finding inputs, decoding bytes, refusing what is not text, HTML, JSON Lines."""

from __future__ import annotations

import json
import os
import socket
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from archive.pipeline.decoding import decode
from archive.pipeline.html_text import html_to_text
from archive.pipeline.reading import (
    TEXT_HTML,
    TEXT_PLAIN,
    iter_input_paths,
    read_documents,
    read_path,
)
from archive.pipeline.types import BadInput

MAX_BYTES = 5 * 1024 * 1024
ARTICLE = (
    "Oslo opens a new bike lane network\n\n"
    "The city of Oslo has opened 12 kilometres of protected bike lanes, the council said.\n"
)


# ----- iter_input_paths ------------------------------------------------------------------------


def test_iter_input_paths_walks_folders_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "b" / "1.html").write_text("x")
    (tmp_path / "a.jsonl").write_text("x")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")

    found = [path.relative_to(tmp_path).as_posix() for path in iter_input_paths([tmp_path])]

    assert found == ["a.jsonl", "b/1.html", "b/2.txt"]


def test_iter_input_paths_missing_path_raises_before_anything_is_yielded(tmp_path: Path) -> None:
    existing = tmp_path / "page.txt"
    existing.write_text("x")

    with pytest.raises(FileNotFoundError):
        iter_input_paths([existing, tmp_path / "missing.txt"])


def test_iter_input_paths_explicit_file_is_yielded_whatever_its_suffix(tmp_path: Path) -> None:
    explicit = tmp_path / "page.md"
    explicit.write_text("x")

    assert list(iter_input_paths([explicit])) == [explicit]


# ----- decode ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "Café – “smart” city\r\nline two\rline three".encode(),
            "Café – “smart” city\nline two\nline three",
        ),
        (b"\xef\xbb\xbfWith a BOM", "With a BOM"),
        (b"\xff\xfe" + "UTF-16 with a BOM".encode("utf-16-le"), "UTF-16 with a BOM"),
        ("UTF-16 LE, no BOM at all".encode("utf-16-le"), "UTF-16 LE, no BOM at all"),
        ("UTF-16 BE, no BOM at all".encode("utf-16-be"), "UTF-16 BE, no BOM at all"),
        (
            "The city’s “smart” café plan costs €2 million – Zürich’s mayor said.".encode("cp1252"),
            "The city’s “smart” café plan costs €2 million – Zürich’s mayor said.",
        ),
        (
            "São Paulo e Málaga: la ciudad inteligente según el alcalde.".encode("latin-1"),
            "São Paulo e Málaga: la ciudad inteligente según el alcalde.",
        ),
        (
            "Москва открывает центр искусственного интеллекта для умного города.".encode("koi8-r"),
            "Москва открывает центр искусственного интеллекта для умного города.",
        ),
        (
            "Москва открывает центр искусственного интеллекта.".encode("cp1251"),
            "Москва открывает центр искусственного интеллекта.",
        ),
        ("Itâ€™s SÃ£o Paulo’s turn".encode(), "It’s São Paulo’s turn"),
        ("e\u0301te\u0301".encode(), "été"),
    ],
    ids=[
        "utf8-crlf",
        "utf8-bom",
        "utf16-bom",
        "utf16le-nul-pattern",
        "utf16be-nul-pattern",
        "cp1252",
        "latin1",
        "koi8r",
        "cp1251",
        "mojibake",
        "nfc",
    ],
)
def test_decode_reads_common_encodings(data: bytes, expected: str) -> None:
    assert decode(data) == expected


def _zip_bytes() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t \r\n", "file contains only whitespace"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "not text: the bytes are a PNG image",
        ),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200), "not text: the bytes are a JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not text: the bytes are a PDF document"),
        (_zip_bytes(), "not text: the bytes are a ZIP archive (or an Office document)"),
        (
            b"text\x00\x01\x02\x00\xff\x00binary\x00\x10\x00\x00",
            "not text: the bytes contain NUL characters (binary data)",
        ),
        (
            b"abc\x01\x02\x03\x04\x05\x06def\x07\x08\x0e\x0f" * 20,
            "not text: too many control characters (binary data)",
        ),
    ],
    ids=["empty", "whitespace", "png", "jpeg", "pdf", "zip", "nul-bytes", "control-characters"],
)
def test_decode_refuses_what_is_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(BadInput) as caught:
        decode(data)

    assert str(caught.value) == reason


def test_decode_refuses_bytes_no_encoding_explains() -> None:
    # Random high bytes: every legacy codec "decodes" them, none into words.
    noise = bytes((index * 73 + 41) % 128 + 128 for index in range(3000))

    with pytest.raises(BadInput) as caught:
        decode(noise)

    assert str(caught.value) == "the bytes are not valid in any text encoding we know"


# ----- read_path -------------------------------------------------------------------------------


def test_read_path_txt_gives_one_plain_text_document(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(ARTICLE)

    (document,) = read_path(page, MAX_BYTES)

    assert (document.origin, document.media_type, document.data) == (
        str(page),
        TEXT_PLAIN,
        ARTICLE.encode(),
    )


def test_read_path_html_gives_one_html_document(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text("<p>x</p>")

    (document,) = read_path(page, MAX_BYTES)

    assert document.media_type == TEXT_HTML


def test_read_path_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    page.write_bytes(b"a" * int(5.3 * 1024 * 1024))

    with pytest.raises(BadInput) as caught:
        read_path(page, MAX_BYTES)

    assert str(caught.value) == "file is 5.3 MB, over the 5.0 MB limit"


def test_read_path_refuses_a_file_that_grows_over_the_limit_while_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"Short at first.\n")
    read_bytes = Path.read_bytes

    def written_to_meanwhile(self: Path) -> bytes:
        # Another program appends to the file between the size check and the read.
        if self == path:
            path.write_bytes(b"word " * 400)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", written_to_meanwhile)

    with pytest.raises(BadInput) as caught:
        read_path(path, 1000)

    assert str(caught.value) == "file is 2.0 KB, over the 1.0 KB limit"


def test_read_path_refuses_a_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")

    with pytest.raises(BadInput) as caught:
        read_path(link, MAX_BYTES)

    assert str(caught.value) == "broken symbolic link"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_read_path_refuses_an_unreadable_file(tmp_path: Path) -> None:
    page = tmp_path / "secret.txt"
    page.write_text("x")
    page.chmod(0)

    with pytest.raises(BadInput) as caught:
        read_path(page, MAX_BYTES)

    assert str(caught.value) == "permission denied: the file is not readable"


def test_read_path_refuses_an_unsupported_type(tmp_path: Path) -> None:
    page = tmp_path / "page.docx"
    page.write_bytes(b"x")

    with pytest.raises(BadInput) as caught:
        read_path(page, MAX_BYTES)

    assert str(caught.value) == "unsupported file type '.docx'"


def test_read_path_jsonl_gives_one_document_per_record_and_flags_bad_records(
    tmp_path: Path,
) -> None:
    records = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "Body one.", "title": "One", "url": "https://a.example/1"}),
        "",
        json.dumps({"html": "<p>Two</p>", "published": "2021-05-25", "author": ["A B", "C D"]}),
        json.dumps({"title": "no text"}),
        "[1, 2]",
        "{broken",
        json.dumps({"text": {"nested": True}}),
    ]
    records.write_text("\n".join(lines) + "\n")

    documents = read_path(records, MAX_BYTES)

    summary = [
        (document.origin.rsplit("#", 1)[1], document.media_type, document.error)
        for document in documents
    ]
    assert summary == [
        ("L1", TEXT_PLAIN, ""),
        ("L3", TEXT_HTML, ""),
        ("L4", TEXT_PLAIN, "record has neither text nor html"),
        ("L5", TEXT_PLAIN, "record is not a JSON object"),
        (
            "L6",
            TEXT_PLAIN,
            "record is not valid JSON (Expecting property name enclosed in double quotes)",
        ),
        ("L7", TEXT_PLAIN, "record field 'text' is not text"),
    ]
    assert (documents[0].text, documents[0].title, documents[0].url) == (
        "Body one.",
        "One",
        "https://a.example/1",
    )
    assert (documents[1].html, documents[1].published, documents[1].byline) == (
        "<p>Two</p>",
        "2021-05-25",
        "A B, C D",
    )


def test_read_path_jsonl_limit_applies_per_record(tmp_path: Path) -> None:
    records = tmp_path / "feed.jsonl"
    records.write_text(
        json.dumps({"text": "short"}) + "\n" + json.dumps({"text": "x" * 3100}) + "\n"
    )

    documents = read_path(records, 2048)

    assert [document.error for document in documents] == [
        "",
        "record is 3.0 KB, over the 2.0 KB limit",
    ]


def test_read_path_jsonl_in_utf16_is_read(tmp_path: Path) -> None:
    records = tmp_path / "feed.jsonl"
    records.write_bytes(
        b"\xff\xfe"
        + (json.dumps({"text": "Zürich"}, ensure_ascii=False) + "\n").encode("utf-16-le")
    )

    (document,) = read_path(records, MAX_BYTES)

    assert document.text == "Zürich"


def test_read_documents_turns_unreadable_files_into_documents_with_errors(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").symlink_to(tmp_path / "nowhere.txt")

    documents = list(read_documents([tmp_path], MAX_BYTES))

    assert [(Path(document.origin).name, document.error) for document in documents] == [
        ("a.txt", ""),
        ("b.txt", "broken symbolic link"),
    ]


def test_read_documents_missing_path_raises_immediately(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_documents([tmp_path / "missing"], MAX_BYTES)


# ----- HTML --------------------------------------------------------------------------------------

HTML_PAGE = """<html><head><title>Ghent expands sensor network | City Review</title>
<meta property="og:site_name" content="City Review">
<meta property="article:published_time" content="2021-06-01T10:00:00Z">
<meta name="author" content="Jan Peeters"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ghent expands sensor network</h1>
<p>Ghent will install 300 more air quality sensors on street lights across the city,
the council said.</p>
<p>The first sensors went up in 2019.<br>They report every ten minutes.</p>
<ul><li>Nitrogen dioxide</li><li>Fine particles</li></ul>
</article><footer>© 2021 City Review</footer></body></html>"""


def test_html_to_text_gives_headline_and_paragraphs_with_metadata() -> None:
    extracted = html_to_text(HTML_PAGE, url="https://cityreview.example/ghent")

    assert extracted.text == (
        "Ghent expands sensor network\n\n"
        "Ghent will install 300 more air quality sensors on street lights across the city, "
        "the council said.\n\n"
        "The first sensors went up in 2019.\nThey report every ten minutes.\n\n"
        "- Nitrogen dioxide\n- Fine particles"
    )
    assert (extracted.title, extracted.published, extracted.byline, extracted.source) == (
        "Ghent expands sensor network",
        "2021-06-01",
        "Jan Peeters",
        "City Review",
    )


def test_html_to_text_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("trafilatura tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    extracted = html_to_text(HTML_PAGE, url="https://cityreview.example/ghent")

    assert extracted.title == "Ghent expands sensor network"


def test_html_to_text_without_article_text_is_bad_input() -> None:
    with pytest.raises(BadInput) as caught:
        html_to_text("<html><head><title></title></head><body><script>x()</script></body></html>")

    assert str(caught.value) == "no article text found in the HTML"
