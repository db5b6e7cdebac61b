"""An imported article's machine mentions and quotes, written after its entities are resolved.

A mention is written only where the extractor's offsets fit the article's body and the span is
not already taken (by a mention a curator kept, or rejected, at the same place); a quote only
once per start. Both are "suggested" until a curator decides.
"""

from __future__ import annotations

from archive.models import Article, Entity, EntityKind, Mention, Person, Quote, ReviewStatus
from archive.pipeline.types import ExtractedMention, ExtractedQuote, Extraction
from archive.services.entity_attributes import clean_text
from archive.services.entity_resolver import resolve_entities
from archive.services.sentences import sentence_around


def write_extraction(
    article: Article,
    extraction: Extraction,
    *,
    kept_mentions: list[Mention],
    kept_quotes: list[Quote],
) -> None:
    """Resolve the extraction's entities and write its mentions and quotes beside the kept ones."""
    records = resolve_entities(extraction.entities)
    roles = {
        entity.key: clean_text(
            entity.attributes.get("role_in_article") or entity.attributes.get("role"), 500
        )
        for entity in extraction.entities
        if entity.kind == EntityKind.PERSON
    }
    _create_mentions(article, extraction.mentions, records, kept_mentions, roles)
    _create_quotes(article, extraction.quotes, records, kept_quotes)


def _create_mentions(
    article: Article,
    mentions: list[ExtractedMention],
    records: dict[str, Entity | None],
    kept: list[Mention],
    roles: dict[str, str],
) -> None:
    """The article's mentions; a person's mentions carry the role this article gives them."""
    body = article.body
    taken = {(m.kind, m.start, m.end) for m in kept}
    rows = []
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        record = records.get(mention.entity_key)
        if record is None or record.pk is None:
            continue  # unknown key, or an entity a curator rejected
        start, end = mention.start, mention.end
        if not (0 <= start < end <= len(body)) or end - start > 500:
            continue
        text = body[start:end]
        if text != mention.text or not text.strip():
            continue  # the extractor's offsets do not fit the body: better none than wrong
        kind = record.kind_of_entity
        if (kind, start, end) in taken:
            continue  # already there, or a curator rejected this very span
        taken.add((kind, start, end))
        row = Mention(
            article=article,
            start=start,
            end=end,
            text=text,
            # The extractor's spaCy sentence; a producer without one gets the regex splitter's.
            sentence=mention.sentence or sentence_around(body, start, end),
            role=roles.get(mention.entity_key, ""),
            extractor=mention.extractor[:100],
            confidence=min(max(float(mention.confidence), 0.0), 1.0),
            review_status=ReviewStatus.SUGGESTED,
        )
        row.entity = record
        rows.append(row)
    if rows:
        Mention.objects.bulk_create(rows, batch_size=500)


def _create_quotes(
    article: Article,
    quotes: list[ExtractedQuote],
    records: dict[str, Entity | None],
    kept: list[Quote],
) -> None:
    taken = {q.start for q in kept}
    rows = []
    for quote in sorted(quotes, key=lambda q: q.start):
        text = quote.text.strip()
        if not text or quote.end <= quote.start or quote.start in taken:
            continue
        taken.add(quote.start)
        speaker = records.get(quote.speaker_key) if quote.speaker_key else None
        speaker = speaker if isinstance(speaker, Person) and speaker.pk else None
        rows.append(
            Quote(
                article=article,
                speaker=speaker,
                speaker_name=(quote.speaker_name or (speaker.name if speaker else ""))[:300],
                text=text,
                start=quote.start,
                end=quote.end,
                extractor=quote.extractor[:100],
                review_status=ReviewStatus.SUGGESTED,
            )
        )
    if rows:
        Quote.objects.bulk_create(rows, batch_size=500)
