"""What an article was before an import updated it: ImportRecord.previous_state.

An import run can be undone (`archive.services.import_undo`) from these snapshots.
"""

from __future__ import annotations

from datetime import date

from archive.kinds import KINDS
from archive.models import Article, Mention, Quote, ReviewStatus

#: Article fields a re-import replaces (unless a curator edited them).
UPDATABLE_ARTICLE_FIELDS = (
    "title",
    "body",
    "raw_text",
    "lede",
    "published_on",
    "published_on_origin",
    "byline",
    "source",
    "url",
    "language",
    "word_count",
    "content_hash",
    "removed_blocks",
)

#: Fields stored in ImportRecord.previous_state["article"]: what a re-import may replace
#: (foreign keys by id), and what a curator or the loader sets beside it.
SNAPSHOT_ARTICLE_FIELDS = (
    *(("source_id" if name == "source" else name) for name in UPDATABLE_ARTICLE_FIELDS),
    "slug",
    "origin",
    "status",
    "needs_review",
    "review_note",
    "curated_fields",
)


def article_snapshot(article: Article, mentions: list[Mention], quotes: list[Quote]) -> dict:
    """The JSON stored in ImportRecord.previous_state before an update (format 1).

    ::

        {
          "format": 1,
          "article": {"title", "slug", "body", "raw_text", "lede",
                      "published_on": "YYYY-MM-DD" | null, "published_on_origin", "byline",
                      "source_id": int | null, "url", "origin", "language", "word_count",
                      "content_hash", "status", "needs_review", "review_note",
                      "curated_fields"},
          "mentions":      [MENTION, ...],  # machine mentions (suggested): the update deleted them
          "quotes":        [QUOTE, ...],    # machine quotes (suggested): the update deleted them
          "kept_mentions": [MENTION, ...],  # confirmed/rejected mentions as they were (an update
          "kept_quotes":   [QUOTE, ...],    #   may move or delete them, see the module docstring)
        }
        MENTION = {"id", "kind", "entity_id", "start", "end", "text", "sentence", "role",
                   "extractor", "confidence", "review_status"}
        QUOTE   = {"id", "speaker_id": int | null, "speaker_name", "text", "start", "end",
                   "extractor", "review_status"}

    To undo the update: restore the article's fields from "article", delete the article's
    current mentions and quotes whose review_status is "suggested", recreate "mentions" and
    "quotes", and put every "kept_*" row back as it was (update by id, or recreate it).
    Entities the update created are not listed; they are "suggested" records a curator can
    reject or merge.
    """
    values = {}
    for name in SNAPSHOT_ARTICLE_FIELDS:
        value = getattr(article, name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    machine = ReviewStatus.SUGGESTED
    return {
        "format": 1,
        "article": values,
        "mentions": [_mention_row(m) for m in mentions if m.review_status == machine],
        "quotes": [_quote_row(q) for q in quotes if q.review_status == machine],
        "kept_mentions": [_mention_row(m) for m in mentions if m.review_status != machine],
        "kept_quotes": [_quote_row(q) for q in quotes if q.review_status != machine],
    }


def _mention_row(mention: Mention) -> dict:
    return {
        "id": mention.id,
        "kind": mention.kind,
        "entity_id": getattr(mention, KINDS[mention.kind].mention_column),
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "sentence": mention.sentence,
        "role": mention.role,
        "extractor": mention.extractor,
        "confidence": mention.confidence,
        "review_status": mention.review_status,
    }


def _quote_row(quote: Quote) -> dict:
    return {
        "id": quote.id,
        "speaker_id": quote.speaker_id,
        "speaker_name": quote.speaker_name,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "extractor": quote.extractor,
        "review_status": quote.review_status,
    }
