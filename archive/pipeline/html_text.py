"""An HTML page to plain text shaped like a scraped .txt page (`html_to_text`), with the page
metadata trafilatura finds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from archive.pipeline.decoding import (
    check_text_length,
    decode,
    normalise_text,
    strip_format_controls,
)
from archive.pipeline.types import BadInput

META_CHARSET_PATTERN = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)


@dataclass(frozen=True)
class HtmlText:
    """An HTML page as plain text, shaped like a scraped .txt page, with its metadata."""

    text: str  # headline line, blank line, body paragraphs separated by blank lines
    title: str = ""
    published: str = ""  # as trafilatura found it in the page metadata (YYYY-MM-DD)
    byline: str = ""
    source: str = ""  # site name
    url: str = ""


def declared_html_encoding(data: bytes) -> str:
    """The charset an HTML page declares in a <meta> tag near its top, or ""."""
    match = META_CHARSET_PATTERN.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else ""


def decode_html(data: bytes) -> str:
    return decode(data, declared_encoding=declared_html_encoding(data), max_chars=None)


def html_to_text(html: str, url: str = "") -> HtmlText:
    """The main text and metadata of an HTML page, via trafilatura, fully offline.

    trafilatura only parses the string it is given; nothing is fetched. Date extraction is
    limited to metadata and markup (no "extensive search" through the text), because a date
    guessed from the body would be an invented publication date.
    """
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    options = {
        "url": url or None,
        "include_comments": False,
        "include_tables": True,
        "with_metadata": True,
        "date_extraction_params": {"extensive_search": False, "original_date": True},
    }
    document = _extraction(html, options, favor_precision=True)
    if document is None or not _body_blocks(document.body):
        # Short pages fall under precision mode's thresholds; recall mode still skips menus.
        document = _extraction(html, options, favor_recall=True)
    blocks = _body_blocks(document.body) if document is not None else []
    if not blocks:
        fallback = trafilatura.html2txt(html) if html.strip() else ""
        blocks = [line for line in fallback.split("\n") if line.strip()]
    if not blocks:
        raise BadInput("no article text found in the HTML")
    title = _meta_text(document, "title")
    if title and _same_text(blocks[0], title):
        blocks = blocks[1:]
    text = "\n\n".join([title, *blocks]) if title else "\n\n".join(blocks)
    check_text_length(text)
    return HtmlText(
        text=normalise_text(text),
        title=title,
        published=_meta_text(document, "date"),
        byline=_meta_text(document, "author"),
        source=_meta_text(document, "sitename"),
        url=_meta_text(document, "url") or url,
    )


def _extraction(html: str, options: dict[str, Any], **mode: bool) -> Any:
    """trafilatura's extraction of `html`, read again without the page metadata when finding
    the metadata fails.

    The date search (htmldate) drops the page's script and style elements, and lxml refuses,
    with an AssertionError, to drop one that has no parent: the root of a broken page such as
    a stray <html> inside <body> followed by a script. The page's text does not need the
    date; it is read without it rather than lost (tests/pipeline/test_hostile_input.py)."""
    import trafilatura  # already imported by html_to_text: a lookup

    try:
        return trafilatura.bare_extraction(html, **mode, **options)
    except AssertionError:
        return trafilatura.bare_extraction(html, **mode, **{**options, "with_metadata": False})


def _meta_text(document: object, name: str) -> str:
    value = getattr(document, name, None) if document is not None else None
    return " ".join(strip_format_controls(value).split()) if isinstance(value, str) else ""


def _same_text(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _body_blocks(body: object) -> list[str]:
    """Paragraph-sized blocks of trafilatura's XML body: the .txt page shape.

    <p>/<head>/<quote> become paragraphs (<lb/> a line break inside one), <list> becomes one
    block of "- item" lines, <table> one block of "cell | cell" rows.
    """
    if body is None:
        return []
    blocks: list[str] = []
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "list":
            items = [_element_text(item) for item in element.iter("item")]
            items = [f"- {item}" for item in items if item]
            if items:
                blocks.append("\n".join(items))
        elif tag == "table":
            rows = []
            for row in element.iter("row"):
                cells = [_element_text(cell) for cell in row.iter("cell")]
                if any(cells):
                    rows.append(" | ".join(cells))
            if rows:
                blocks.append("\n".join(rows))
        elif tag in ("graphic", "ref") and not _element_text(element):
            continue
        else:
            text = _element_text(element, keep_line_breaks=True)
            if text:
                blocks.append(text)
    return blocks


def _element_text(element: object, keep_line_breaks: bool = False) -> str:
    parts: list[str] = []

    def walk(node: object) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n" if keep_line_breaks else " ")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)
