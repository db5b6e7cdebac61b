"""Putting back text the cleaner removed from an article, on a curator's word.

The importer stores every block the cleaner took out of a page on the article
(`Article.removed_blocks`, each with kind, reason, text and position = the number of body
paragraphs above it). Restoring one inserts its text as a paragraph at that position, moves the
mention and quote spans below it, and marks body and removed blocks as curated, so a re-import
keeps the curator's text. The search index follows the body through its database triggers;
the change is recorded in the article's history.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from archive.models import Article, Mention, Quote
from archive.services.history import attribute_change
from archive.services.publishing import with_curated

PARAGRAPH_BREAK = "\n\n"


class RestoreError(Exception):
    """The block cannot be restored (it is gone, or the index is wrong); one line."""


@transaction.atomic
def restore_removed_block(article: Article, index: int, *, user: Any | None = None) -> Article:
    """Put `article.removed_blocks[index]` back into the body where it stood; return the article.

    Raises RestoreError when there is no such block.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    blocks = list(article.removed_blocks or [])
    if not 0 <= index < len(blocks):
        raise RestoreError(f"there is no removed block number {index + 1}")
    block = blocks.pop(index)
    text = "\n".join(line.strip() for line in str(block["text"]).split("\n") if line.strip())
    if not text:
        raise RestoreError("the removed block holds no text")
    paragraph_starts = _paragraph_starts(article.body)
    position = max(0, int(block.get("position", 0)))
    if not article.body:
        offset, article.body, shift = 0, text, 0
    elif position < len(paragraph_starts):
        offset = paragraph_starts[position]
        inserted = text + PARAGRAPH_BREAK
        article.body = article.body[:offset] + inserted + article.body[offset:]
        shift = len(inserted)
    else:
        offset, shift = len(article.body), 0
        article.body = article.body + PARAGRAPH_BREAK + text
    # The blocks that stood below the restored one now have one more paragraph above them.
    for other_index, other in enumerate(blocks):
        other_position = int(other.get("position", 0))
        if other_position > position or (other_position == position and other_index >= index):
            blocks[other_index] = {**other, "position": other_position + 1}
    article.removed_blocks = blocks
    article.word_count = len(article.body.split())
    article.curated_fields = with_curated(article.curated_fields, "body", "removed_blocks")
    if shift:
        _shift_spans(article, offset, shift)
    attribute_change(article, f"Restored a removed {block.get('kind', 'block')} block", user)
    article.save()
    return article


def _paragraph_starts(body: str) -> list[int]:
    """Character offsets where each paragraph of `body` begins."""
    starts: list[int] = []
    offset = 0
    for paragraph in body.split(PARAGRAPH_BREAK):
        if paragraph.strip():
            starts.append(offset)
        offset += len(paragraph) + len(PARAGRAPH_BREAK)
    return starts


def _shift_spans(article: Article, offset: int, shift: int) -> None:
    """Move the mentions and quotes at or after `offset` down by `shift` characters, the last
    first, so that no span ever lands on one not moved yet (spans are unique per kind)."""
    for model in (Mention, Quote):
        rows = model.objects.filter(article=article, start__gte=offset).order_by("-start", "-id")
        for row in rows.only("id", "start", "end"):
            model.objects.filter(pk=row.pk).update(start=row.start + shift, end=row.end + shift)
