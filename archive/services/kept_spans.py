"""Mentions and quotes a curator kept, moved to their text when an update changes the body.

When an article is updated, a confirmed or rejected mention whose text no longer sits at its
span is moved to the nearest occurrence of its text in the new body. If the text is gone, a
rejected mention is deleted (it no longer rejects anything) and a confirmed one is kept where it
was and the article is flagged for review, because a curator's decision is never discarded
silently. Quotes are treated the same way.
"""

from __future__ import annotations

from archive.models import Mention, Quote, ReviewStatus
from archive.services.sentences import sentence_around


def _nearest_occurrence(body: str, text: str, near: int) -> int:
    """Start of the occurrence of `text` in `body` closest to `near`, or -1."""
    best = -1
    position = body.find(text)
    while position != -1:
        if best == -1 or abs(position - near) < abs(best - near):
            best = position
        position = body.find(text, position + 1)
    return best


def relocate_kept(body: str, mentions: list[Mention], quotes: list[Quote]) -> bool:
    """Move kept mentions/quotes to their text in the new body; True if a confirmed one is lost.

    Saves the moved rows with one bulk update per model and deletes lost rejected rows; the
    rows it deletes get pk None so callers can leave them out.
    """
    lost_confirmed = False
    moved_mentions: list[Mention] = []
    dropped_mentions: list[int] = []
    taken_spans: set[tuple[str, int, int]] = set()
    for mention in mentions:
        if body[mention.start : mention.end] == mention.text and (
            (mention.kind, mention.start, mention.end) not in taken_spans
        ):
            taken_spans.add((mention.kind, mention.start, mention.end))
            continue
        start = _nearest_occurrence(body, mention.text, mention.start) if mention.text else -1
        span = (mention.kind, start, start + len(mention.text))
        if start != -1 and span not in taken_spans:
            mention.start, mention.end = start, start + len(mention.text)
            mention.sentence = sentence_around(body, mention.start, mention.end)
            moved_mentions.append(mention)
            taken_spans.add(span)
        elif mention.review_status == ReviewStatus.CONFIRMED:
            lost_confirmed = True
            taken_spans.add((mention.kind, mention.start, mention.end))
        else:
            dropped_mentions.append(mention.pk)
            mention.pk = None
    moved_quotes: list[Quote] = []
    dropped_quotes: list[int] = []
    taken_starts: set[int] = set()
    for quote in quotes:
        if body[quote.start : quote.end] == quote.text and quote.start not in taken_starts:
            taken_starts.add(quote.start)
            continue
        start = _nearest_occurrence(body, quote.text, quote.start)
        if start != -1 and start not in taken_starts:
            quote.start, quote.end = start, start + len(quote.text)
            moved_quotes.append(quote)
            taken_starts.add(start)
        elif quote.review_status == ReviewStatus.CONFIRMED:
            lost_confirmed = True
            taken_starts.add(quote.start)
        else:
            dropped_quotes.append(quote.pk)
            quote.pk = None
    if dropped_mentions:
        Mention.objects.filter(id__in=dropped_mentions).delete()
    if dropped_quotes:
        Quote.objects.filter(id__in=dropped_quotes).delete()
    if moved_mentions:
        move_spans(Mention, moved_mentions, ["start", "end", "sentence"])
    if moved_quotes:
        move_spans(Quote, moved_quotes, ["start", "end"])
    return lost_confirmed


#: Added to spans while rows move, so rows trading places never meet on a unique constraint.
_PARKING_OFFSET = 1_000_000_000


def move_spans(model: type[Mention] | type[Quote], rows: list, fields: list[str]) -> None:
    """Save rows whose start/end were already set to new spans (and `fields`, which must
    include "start" and "end") in two bulk updates: first out of the way, then to their place."""
    for row in rows:
        row.start += _PARKING_OFFSET
        row.end += _PARKING_OFFSET
    model.objects.bulk_update(rows, ["start", "end"])
    for row in rows:
        row.start -= _PARKING_OFFSET
        row.end -= _PARKING_OFFSET
    model.objects.bulk_update(rows, fields)
