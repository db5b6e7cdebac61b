"""The pure pipeline entry point that worker processes run: one RawDocument -> ImportResult.

    for document in read_documents(paths, max_bytes):      # FileNotFoundError: command error
        result = process_document(document, gazetteer)      # never raises for bad input
        if result.error: report(result.origin, result.error)

`process_document` reads (decode / HTML extraction), cleans, hashes and extracts entities.
Every problem with one document comes back as `ImportResult.error` (one line) with
`page=None`, so one bad file never stops an import.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from archive.pipeline.cleaning import clean_page
from archive.pipeline.decoding import check_text_is_readable, decode, normalise_text
from archive.pipeline.html_text import decode_html, html_to_text
from archive.pipeline.languages import DEFAULT_LANGUAGES
from archive.pipeline.reading import TEXT_HTML, read_documents, read_path
from archive.pipeline.types import BadInput, Gazetteer, ImportResult, ParsedPage, RawDocument

__all__ = [
    "content_hash",
    "parse_document",
    "process_document",
    "raw_hash",
    "read_documents",
    "read_path",
]


def process_document(doc: RawDocument, gazetteer: Gazetteer) -> ImportResult:
    """Parse, hash and extract one document; bad input becomes `error`, never an exception.

    Invariant for the loader: `error` is set exactly when `page` is None. An unexpected
    exception inside our own code (a bug met on a strange page) is reported as an error for
    this document too, with its type, so a worker survives it and the loader can name the
    file; the import of the other documents goes on.
    """
    fingerprint = raw_hash(doc)
    try:
        page = parse_document(doc, languages=gazetteer.languages)
    except BadInput as problem:
        return ImportResult(doc.origin, content_hash="", raw_hash=fingerprint, error=str(problem))
    except Exception as bug:  # a bug met on one strange page must not end the whole import
        return ImportResult(
            doc.origin, content_hash="", raw_hash=fingerprint, error=_describe_bug("reading", bug)
        )
    result = ImportResult(
        doc.origin,
        content_hash=content_hash(page.title, page.body),
        raw_hash=fingerprint,
        page=page,
    )
    # Imported here, not at module level: the extractors load their models (spaCy, Natasha),
    # which only workers need.
    from archive.pipeline.language_pipelines import extract

    try:
        result.extraction = extract(page, gazetteer)
    except Exception as bug:  # same: report the document, keep the worker alive
        # No half-imported articles: `error` always comes with page=None.
        return ImportResult(
            doc.origin,
            content_hash="",
            raw_hash=fingerprint,
            error=_describe_bug("entity extraction", bug),
        )
    return result


def parse_document(
    doc: RawDocument,
    *,
    today: date | None = None,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> ParsedPage:
    """The cleaned page of one document (BadInput when it is not a usable article).

    Record fields (title, published, byline, url, source) are hints that win over what the
    page text says; for HTML, the page metadata trafilatura finds fills the hints the record
    left empty. `raw_text` is the text that cleaning started from: the decoded file, the
    record's text, or for HTML the extracted text (the markup itself is not kept). The page's
    language is detected among `languages`.
    """
    if doc.error:
        raise BadInput(doc.error)
    hints = {
        "hint_title": doc.title,
        "hint_published": doc.published,
        "hint_byline": doc.byline,
        "hint_url": doc.url,
        "hint_source": doc.source,
    }
    options = {"today": today, "languages": languages}
    if doc.text is not None and doc.text.strip():
        check_text_is_readable(doc.text)
        return clean_page(normalise_text(doc.text), **options, **hints)
    if doc.html is not None and doc.html.strip():
        return _clean_html(normalise_text(doc.html), hints, options)
    if doc.text is not None or doc.html is not None:
        raise BadInput("record has neither text nor html")
    if doc.media_type == TEXT_HTML:
        return _clean_html(decode_html(doc.data), hints, options)
    text = decode(doc.data)
    if looks_like_html(text):  # a scraper saved the raw page under .txt
        return _clean_html(text, hints, options)
    return clean_page(text, **options, **hints)


def looks_like_html(text: str) -> bool:
    start = text.lstrip()[:200].casefold()
    return start.startswith(("<!doctype html", "<html", "<?xml")) and "<body" in text.casefold()


def _clean_html(html: str, hints: dict[str, str], options: dict[str, Any]) -> ParsedPage:
    extracted = html_to_text(html, url=hints["hint_url"])
    page_metadata = {
        "hint_title": extracted.title,
        "hint_published": extracted.published,
        "hint_byline": extracted.byline,
        "hint_url": extracted.url,
        "hint_source": extracted.source,
    }
    merged = {name: hints[name] or page_metadata[name] for name in hints}
    return clean_page(extracted.text, **options, **merged)


def content_hash(title: str, body: str) -> str:
    """sha256 of the casefolded, whitespace-collapsed title and body: Article.content_hash."""
    normalised = " ".join(title.split()).casefold() + "\n" + " ".join(body.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def raw_hash(doc: RawDocument) -> str:
    """sha256 of what was read: the file bytes, or the record's fields as canonical JSON."""
    if doc.text is None and doc.html is None and not doc.error:
        return hashlib.sha256(doc.data).hexdigest()
    record = {
        "text": doc.text,
        "html": doc.html,
        "url": doc.url,
        "title": doc.title,
        "published": doc.published,
        "byline": doc.byline,
        "source": doc.source,
        "error": doc.error,
    }
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _describe_bug(stage: str, bug: Exception) -> str:
    message = " ".join(str(bug).split())[:200]
    return f"internal error during {stage}: {type(bug).__name__}: {message}".rstrip(": ")
