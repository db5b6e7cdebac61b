"""Write one parsed document (an `ImportResult`) to the database, in its own transaction.

How a document is identified, in this order:

* same origin, same content hash, no ``force``  -> UNCHANGED (nothing written but the record);
* same origin, other content (or ``force``)     -> UPDATED: article fields are replaced except
  those a curator edited (``Article.curated_fields``); machine mentions and quotes
  (review_status "suggested") are replaced by the new extraction; mentions and quotes a curator
  confirmed or rejected are kept (see "Kept mentions" below);
* new origin, content hash already archived     -> DUPLICATE (the record points to that article);
* otherwise                                     -> CREATED.

Entities are resolved to database records with a bounded number of queries, whatever their
number: one candidate query per kind (known gazetteer ids, names and aliases compared
case-insensitively), records merged away are followed to their survivor, rejected records drop
the entity and its mentions (a rejected entity is never suggested again), and missing ones are
bulk-created as "suggested". Matched records gain new aliases and empty attributes are filled;
non-empty attributes and anything in a record's ``curated_fields`` are never overwritten.

Kept mentions: when an article is updated, a confirmed or rejected mention whose text no longer
sits at its span is moved to the nearest occurrence of its text in the new body. If the text is
gone, a rejected mention is deleted (it no longer rejects anything) and a confirmed one is kept
where it was and the article is flagged for review, because a curator's decision is never
discarded silently. Quotes are treated the same way.

Concurrency: every document is written inside one ``transaction.atomic()``. Two importers
working on the same files at once both rely on the unique constraints (article content hash,
slugs); the loser of a race gets an IntegrityError (or a deadlock / "database is locked"
OperationalError), rolls the whole document back and tries again, and then sees the winner's
rows, so the document becomes UNCHANGED or DUPLICATE instead of a second copy.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from archive.links import safe_external_url
from archive.models import (
    ENTITY_MODELS,
    Article,
    ArticleStatus,
    DateOrigin,
    Entity,
    EntityKind,
    Event,
    ImportRecord,
    ImportRun,
    Mention,
    Organization,
    Person,
    Place,
    Quote,
    ReviewStatus,
    Source,
)
from archive.pipeline.types import (
    ExtractedEntity,
    ExtractedMention,
    ExtractedQuote,
    Extraction,
    ImportResult,
    ParsedPage,
)
from archive.services.gazetteer import casefold_name
from archive.services.sentences import sentence_around
from archive.services.slugs import unique_slug, unique_slugs

logger = logging.getLogger(__name__)

Outcome = ImportRecord.Outcome

#: The review note set on an article imported without a headline.
NO_HEADLINE_NOTE = "No headline found: the title was taken from the first sentence."
LOST_CONFIRMED_NOTE = "A confirmed mention's text is no longer in the updated article."
CLEANING_REVIEW_NOTE = "Check what the cleaner removed: "

#: How often a document is retried after losing a race with a concurrent importer.
MAX_ATTEMPTS = 5

#: Entity kinds in the order they are resolved: later kinds refer to earlier ones
#: (an organization's country, a person's affiliation, an event's place and organizers).
RESOLUTION_ORDER = (EntityKind.PLACE, EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.EVENT)

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

#: Fields stored in ImportRecord.previous_state["article"].
SNAPSHOT_ARTICLE_FIELDS = (
    "title",
    "slug",
    "body",
    "raw_text",
    "lede",
    "published_on",
    "published_on_origin",
    "byline",
    "source_id",
    "url",
    "origin",
    "language",
    "word_count",
    "content_hash",
    "status",
    "needs_review",
    "review_note",
    "curated_fields",
    "removed_blocks",
)


@dataclass
class LoadOutcome:
    """What happened to one document."""

    origin: str
    outcome: str  # an ImportRecord.Outcome value
    article: Article | None = None
    content_hash: str = ""
    error: str = ""
    previous_state: dict | None = None
    record: ImportRecord | None = None


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def load_result(
    result: ImportResult,
    *,
    status: str = ArticleStatus.PUBLISHED,
    force: bool = False,
    run: ImportRun | None = None,
) -> LoadOutcome:
    """Write `result` (and, with `run`, its ImportRecord) atomically; retry lost races.

    A result carrying an error is not written (only its FAILED record, when `run` is given).
    """
    if result.error or result.page is None:
        outcome = LoadOutcome(
            origin=result.origin,
            outcome=Outcome.FAILED,
            content_hash=result.content_hash,
            error=result.error or "nothing could be read from it",
        )
        if run is not None:
            outcome.record = _create_record(run, result, outcome)
        return outcome

    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                outcome = _load(result, status=status, force=force)
                if run is not None:
                    outcome.record = _create_record(run, result, outcome)
                return outcome
        except (IntegrityError, OperationalError) as error:
            # Another importer wrote the same article, entity or slug first (or held a lock):
            # start this document again from scratch; it will see the other's committed rows.
            if attempt == MAX_ATTEMPTS:
                raise
            logger.info("Retrying %s after %s (attempt %d)", result.origin, error, attempt)
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def predict_outcome(result: ImportResult, *, force: bool = False) -> LoadOutcome:
    """What `load_result` would do with `result`, read from the database (for a dry run)."""
    if result.error or result.page is None:
        return LoadOutcome(
            origin=result.origin,
            outcome=Outcome.FAILED,
            error=result.error or "nothing could be read from it",
        )
    same_origin, same_content = _existing_articles(result)
    kind, article = _decide(result, same_origin, same_content, force=force)
    return LoadOutcome(
        origin=result.origin,
        outcome=kind,
        article=article,
        content_hash=article.content_hash if article is not None else result.content_hash,
    )


def _existing_articles(result: ImportResult) -> tuple[Article | None, Article | None]:
    """The article imported from the same origin, and the one with the same content."""
    origin = result.origin[:2000]
    candidates = list(
        Article.objects.filter(Q(origin=origin) | Q(content_hash=result.content_hash)).order_by(
            "id"
        )
    )
    same_origin = next((a for a in candidates if a.origin == origin), None)
    same_content = next((a for a in candidates if a.content_hash == result.content_hash), None)
    return same_origin, same_content


def _decide(
    result: ImportResult,
    same_origin: Article | None,
    same_content: Article | None,
    *,
    force: bool,
) -> tuple[str, Article | None]:
    """The outcome for a document, and the article it concerns (None when it is new)."""
    if same_origin is not None:
        if same_origin.content_hash == result.content_hash and not force:
            return Outcome.UNCHANGED, same_origin
        if same_content is not None and same_content.pk != same_origin.pk:
            # The file now holds the text of another archived article: that one stays the copy.
            return Outcome.DUPLICATE, same_content
        return Outcome.UPDATED, same_origin
    if same_content is not None:
        return Outcome.DUPLICATE, same_content
    return Outcome.CREATED, None


def _create_record(run: ImportRun, result: ImportResult, outcome: LoadOutcome) -> ImportRecord:
    return ImportRecord.objects.create(
        run=run,
        path=result.origin[:2000],
        content_hash=outcome.content_hash,
        raw_hash=result.raw_hash,
        outcome=outcome.outcome,
        error=outcome.error[:2000] if outcome.outcome == Outcome.FAILED else "",
        article=outcome.article,
        previous_state=outcome.previous_state,
    )


def _load(result: ImportResult, *, status: str, force: bool) -> LoadOutcome:
    same_origin, same_content = _existing_articles(result)
    kind, article = _decide(result, same_origin, same_content, force=force)
    previous_state = None
    if kind == Outcome.CREATED:
        article = _create_article(result, status=status)
    elif kind == Outcome.UPDATED:
        assert article is not None
        previous_state = _update_article(article, result)
    assert article is not None
    return LoadOutcome(
        origin=result.origin[:2000],
        outcome=kind,
        article=article,
        content_hash=article.content_hash,
        previous_state=previous_state,
    )


# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------


def _page_values(page: ParsedPage, content_hash: str) -> dict:
    """Article field values from a parsed page, cut to the columns' sizes."""
    title = " ".join(page.title.split())[:500] or _fallback_title(page.body)
    published_on: date | None = page.published_on
    date_origin = page.published_on_origin if published_on else DateOrigin.NONE
    if published_on and date_origin not in (DateOrigin.DATELINE, DateOrigin.METADATA):
        date_origin = DateOrigin.METADATA
    return {
        "title": title,
        "body": page.body,
        "raw_text": page.raw_text,
        "lede": page.lede,
        "published_on": published_on,
        "published_on_origin": date_origin,
        "byline": page.byline[:300],
        # Only an http(s) address is kept as the original page: an imported record may say
        # "javascript:..." (the pages also refuse to link one; this keeps it out of exports).
        "url": safe_external_url(page.url)[:2000],
        "language": (page.language or "en")[:16],
        "word_count": page.word_count,
        "content_hash": content_hash,
        "removed_blocks": [
            {
                "kind": str(block.kind),
                "reason": block.reason,
                "text": block.text,
                "position": block.position,
            }
            for block in page.removed
        ],
    }


def _fallback_title(body: str) -> str:
    words = body.split()[:12]
    return " ".join(words)[:500] or "Untitled"


def _create_article(result: ImportResult, *, status: str) -> Article:
    page = result.page
    assert page is not None
    values = _page_values(page, result.content_hash)
    article = Article(
        **values,
        origin=result.origin[:2000],
        source=_resolve_source(page),
        status=status,
    )
    _apply_headline_review(article, page)
    _apply_cleaning_review(article, page, as_draft=True)
    article.slug = unique_slug(Article, article.title)
    article.save()
    _write_extraction(article, result.extraction or Extraction(), kept_mentions=[], kept_quotes=[])
    return article


def _apply_headline_review(article: Article, page: ParsedPage) -> None:
    """A page without a headline waits, as a draft, for a curator to title it."""
    if "needs_review" in article.curated_fields:
        return
    if not page.has_headline:
        article.status = ArticleStatus.DRAFT
        article.needs_review = True
        article.review_note = NO_HEADLINE_NOTE
    elif article.review_note.startswith(NO_HEADLINE_NOTE):
        article.needs_review = False
        article.review_note = ""


def _apply_cleaning_review(article: Article, page: ParsedPage, *, as_draft: bool) -> None:
    """A page the cleaner cut too much from (or cut prose from) waits for a curator, who sees
    the removed blocks beside the text. A new article waits as a draft; an updated one keeps
    its status (a curator chose it) but is flagged all the same. The cleaning note follows any
    other note (no headline), and goes when a re-import has nothing doubtful left."""
    if "needs_review" in article.curated_fields:
        return
    previous = article.review_note
    other = "" if previous.startswith(CLEANING_REVIEW_NOTE) else previous
    other = other.partition("; " + CLEANING_REVIEW_NOTE)[0]
    if page.review_reasons:
        if as_draft:
            article.status = ArticleStatus.DRAFT
        note = CLEANING_REVIEW_NOTE + "; ".join(page.review_reasons)
        article.needs_review = True
        article.review_note = (f"{other}; {note}" if other else note)[:500]
    elif other != previous:
        article.needs_review = bool(other)
        article.review_note = other


def _update_article(article: Article, result: ImportResult) -> dict:
    """Replace the article's machine-made content; return its previous_state snapshot."""
    page = result.page
    assert page is not None
    mentions = list(Mention.objects.filter(article=article).order_by("id"))
    quotes = list(Quote.objects.filter(article=article).order_by("id"))
    previous_state = article_snapshot(article, mentions, quotes)

    curated = set(article.curated_fields or [])
    values = _page_values(page, result.content_hash)
    values["source"] = _resolve_source(page)
    for name in UPDATABLE_ARTICLE_FIELDS:
        if name not in curated:
            setattr(article, name, values[name])
    # A curated date keeps its own origin; a machine date always comes with one.
    if "published_on" in curated and "published_on_origin" not in curated:
        article.published_on_origin = previous_state["article"]["published_on_origin"]
    # The content hash must follow the text, curated or not: it is how re-imports find it.
    article.content_hash = result.content_hash
    # The status stays as it is (a curator may have published or withdrawn the article); a
    # page that lost its headline is flagged for review all the same.
    if not page.has_headline and "needs_review" not in curated:
        article.needs_review = True
        article.review_note = NO_HEADLINE_NOTE
    elif article.review_note.startswith(NO_HEADLINE_NOTE):
        article.needs_review = False
        article.review_note = ""
    _apply_cleaning_review(article, page, as_draft=False)

    machine_mentions = [m for m in mentions if m.review_status == ReviewStatus.SUGGESTED]
    machine_quotes = [q for q in quotes if q.review_status == ReviewStatus.SUGGESTED]
    if machine_mentions:
        Mention.objects.filter(id__in=[m.id for m in machine_mentions]).delete()
    if machine_quotes:
        Quote.objects.filter(id__in=[q.id for q in machine_quotes]).delete()
    kept_mentions = [m for m in mentions if m.review_status != ReviewStatus.SUGGESTED]
    kept_quotes = [q for q in quotes if q.review_status != ReviewStatus.SUGGESTED]
    lost_confirmed = _relocate_kept(article.body, kept_mentions, kept_quotes)
    if lost_confirmed and "needs_review" not in curated:
        article.needs_review = True
        article.review_note = LOST_CONFIRMED_NOTE
    article.save()
    _write_extraction(
        article,
        result.extraction or Extraction(),
        kept_mentions=[m for m in kept_mentions if m.pk is not None],
        kept_quotes=[q for q in kept_quotes if q.pk is not None],
    )
    return previous_state


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
        "entity_id": getattr(mention, f"{mention.kind}_id"),
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


def _nearest_occurrence(body: str, text: str, near: int) -> int:
    """Start of the occurrence of `text` in `body` closest to `near`, or -1."""
    best = -1
    position = body.find(text)
    while position != -1:
        if best == -1 or abs(position - near) < abs(best - near):
            best = position
        position = body.find(text, position + 1)
    return best


def _relocate_kept(body: str, mentions: list[Mention], quotes: list[Quote]) -> bool:
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


def _resolve_source(page: ParsedPage) -> Source | None:
    name = " ".join(page.source_name.split())[:200]
    domain = page.source_domain.strip().lower()[:253]
    if not name and not domain:
        return None
    condition = Q(name__iexact=name) if name else Q()
    if domain:
        condition |= Q(domain=domain)
    existing = list(Source.objects.filter(condition).order_by("id")[:10])
    if domain:
        for source in existing:
            if source.domain == domain:
                return source
    for source in existing:
        if name and source.name.casefold() == name.casefold() and (not domain or not source.domain):
            return source
    name = name or domain
    return Source.objects.create(name=name, slug=unique_slug(Source, name), domain=domain)


# --------------------------------------------------------------------------------------------
# Entities, mentions, quotes
# --------------------------------------------------------------------------------------------


def _write_extraction(
    article: Article,
    extraction: Extraction,
    *,
    kept_mentions: list[Mention],
    kept_quotes: list[Quote],
) -> None:
    records = resolve_entities(extraction.entities)
    roles = {
        entity.key: _text(
            entity.attributes.get("role_in_article") or entity.attributes.get("role"), 500
        )
        for entity in extraction.entities
        if entity.kind == EntityKind.PERSON
    }
    _create_mentions(article, extraction.mentions, records, kept_mentions, roles)
    _create_quotes(article, extraction.quotes, records, kept_quotes)


def resolve_entities(entities: Iterable[ExtractedEntity]) -> dict[str, Entity | None]:
    """Map each entity key to its database record, creating missing ones (None = dropped)."""
    by_kind: dict[str, list[ExtractedEntity]] = {str(kind): [] for kind in RESOLUTION_ORDER}
    for entity in entities:
        if entity.kind in by_kind and " ".join(entity.name.split()):
            by_kind[entity.kind].append(entity)
    records: dict[str, Entity | None] = {}
    for kind in RESOLUTION_ORDER:
        if by_kind[str(kind)]:
            _EntityResolver(ENTITY_MODELS[kind], by_kind[str(kind)], records).run()
    return records


def _names_of(entity: ExtractedEntity) -> list[str]:
    names = []
    seen = set()
    for name in [entity.name, *entity.aliases]:
        clean = " ".join(str(name).split())[:300]
        if clean and casefold_name(clean) not in seen:
            seen.add(casefold_name(clean))
            names.append(clean)
    return names


def _record_keys(record: Entity) -> set[str]:
    return {casefold_name(name) for name in [record.name, *(record.aliases or [])] if name}


class _EntityResolver:
    """Resolve the entities of one kind of one article (a handful of queries in all)."""

    def __init__(
        self,
        model: type[Entity],
        entities: list[ExtractedEntity],
        records: dict[str, Entity | None],
    ) -> None:
        self.model = model
        self.entities = entities
        self.records = records  # shared across kinds: later kinds refer to earlier records

    def run(self) -> None:
        candidates = self._fetch_candidates()
        matched: list[tuple[Entity, ExtractedEntity]] = []
        unmatched: list[ExtractedEntity] = []
        for entity in self.entities:
            record = self._match(entity, candidates)
            if record is _DROP:
                self.records[entity.key] = None
            elif record is None:
                unmatched.append(entity)
            else:
                assert isinstance(record, Entity)
                self.records[entity.key] = record
                matched.append((record, entity))
        # Create first and enrich after, so attributes can point at any record of the article
        # (a known city in a country this article is the first to name).
        if unmatched:
            self._create(unmatched)
        changed: dict[int, Entity] = {}
        for record, entity in matched:
            if self._enrich(record, entity):
                changed[record.pk] = record
        if changed:
            fields = sorted({f for r in changed.values() for f in r._import_changed_fields})
            now = timezone.now()
            for record in changed.values():
                record.updated_at = now
            bulk_update_with_history(
                list(changed.values()), self.model, [*fields, "updated_at"], batch_size=200
            )
        self._link_organizers()

    # -- matching ------------------------------------------------------------------------------

    def _fetch_candidates(self) -> dict[int, Entity]:
        """Every record a name, alias or known id points to, with their survivors."""
        known_ids = {e.known_id for e in self.entities if e.known_id}
        names = {casefold_name(n): n for e in self.entities for n in _names_of(e)}
        condition = Q(id__in=known_ids) if known_ids else Q()
        for key, name in names.items():
            condition |= Q(name__iexact=name)
            if key != name.lower():
                condition |= Q(name__iexact=key)
            # An alias is a quoted string inside the JSON text; the database may keep it as
            # written (PostgreSQL) or with \u escapes (SQLite). Refined exactly in Python.
            for quoted in {json.dumps(name, ensure_ascii=False), json.dumps(name)}:
                condition |= Q(aliases__icontains=quoted)
        found = {r.pk: r for r in self.model.objects.filter(condition)}
        # Follow merges to the surviving records (a chain is short; usually no query at all).
        for _ in range(5):
            missing = {r.merged_into_id for r in found.values() if r.merged_into_id} - set(found)
            if not missing:
                break
            found.update({r.pk: r for r in self.model.objects.filter(id__in=missing)})
        return found

    def _survivor(self, record: Entity, candidates: dict[int, Entity]) -> Entity:
        seen = set()
        while record.merged_into_id and record.merged_into_id in candidates:
            if record.pk in seen:  # a merge cycle: stop rather than loop forever
                break
            seen.add(record.pk)
            record = candidates[record.merged_into_id]
        return record

    def _match(self, entity: ExtractedEntity, candidates: dict[int, Entity]) -> object:
        """The record for `entity`, _DROP if a curator rejected it, None if there is none."""
        if entity.known_id and entity.known_id in candidates:
            record = self._survivor(candidates[entity.known_id], candidates)
            return _DROP if record.review_status == ReviewStatus.REJECTED else record
        keys = [casefold_name(n) for n in _names_of(entity)]
        matches = []
        for record in candidates.values():
            record_keys = _record_keys(record)
            if not record_keys.intersection(keys):
                continue
            exact_name = casefold_name(record.name) == keys[0]
            survivor = self._survivor(record, candidates)
            rejected = (
                record.review_status == ReviewStatus.REJECTED
                or survivor.review_status == ReviewStatus.REJECTED
            )
            matches.append((rejected, not exact_name, survivor, record))
        if not matches:
            return None
        usable = [m for m in matches if not m[0]]
        if not usable:
            return _DROP
        # Prefer a record named exactly so, then a curator-confirmed one, then the oldest.
        usable.sort(key=lambda m: (m[1], m[2].review_status != ReviewStatus.CONFIRMED, m[2].pk))
        return usable[0][2]

    # -- creating ------------------------------------------------------------------------------

    def _create(self, entities: list[ExtractedEntity]) -> None:
        self._new_keys = {entity.key for entity in entities}
        new_records: list[tuple[Entity, list[ExtractedEntity]]] = []
        for group in _group_by_shared_names(entities):
            names: list[str] = []
            seen: set[str] = set()
            for entity in group:
                for name in _names_of(entity):
                    if casefold_name(name) not in seen:
                        seen.add(casefold_name(name))
                        names.append(name)
            record = self.model(
                name=names[0],
                aliases=names[1:],
                review_status=ReviewStatus.SUGGESTED,
            )
            record._import_changed_fields = set()
            for entity in group:
                self._apply_attributes(record, entity)
            new_records.append((record, group))
        slugs = unique_slugs(self.model, [record.name for record, _ in new_records])
        for (record, _group), slug in zip(new_records, slugs, strict=True):
            record.slug = slug
        # A new place inside another new place (a city in a country this article is the first
        # to name) is created in a second batch, once its country has an id.
        first = [pair for pair in new_records if not getattr(pair[0], "_pending_country", "")]
        second = [pair for pair in new_records if getattr(pair[0], "_pending_country", "")]
        for batch in (first, second):
            for record, _group in batch:
                country = self.records.get(getattr(record, "_pending_country", ""))
                if isinstance(country, Place) and country.kind == Place.Kind.COUNTRY:
                    record.country = country
            if batch:
                bulk_create_with_history([r for r, _ in batch], self.model, batch_size=200)
            for record, group in batch:
                for entity in group:
                    self.records[entity.key] = record

    def _link_organizers(self) -> None:
        if self.model is not Event:
            return
        through = Event.organizers.through
        links = set()
        for entity in self.entities:
            event = self.records.get(entity.key)
            if not isinstance(event, Event) or "organizers" in (event.curated_fields or []):
                continue
            for key in entity.attributes.get("organizers") or []:
                organization = self.records.get(key)
                if isinstance(organization, Organization) and organization.pk:
                    links.add((event.pk, organization.pk))
        if links:
            through.objects.bulk_create(
                [through(event_id=e, organization_id=o) for e, o in sorted(links)],
                ignore_conflicts=True,
            )

    # -- enriching -----------------------------------------------------------------------------

    def _enrich(self, record: Entity, entity: ExtractedEntity) -> bool:
        """Add new aliases and fill empty attributes; True if the record changed."""
        record._import_changed_fields = getattr(record, "_import_changed_fields", set())
        curated = set(record.curated_fields or [])
        if "aliases" not in curated and "name" not in curated:
            known = _record_keys(record)
            new_aliases = [n for n in _names_of(entity) if casefold_name(n) not in known]
            if new_aliases:
                record.aliases = [*(record.aliases or []), *new_aliases]
                record._import_changed_fields.add("aliases")
        self._apply_attributes(record, entity)
        return bool(record._import_changed_fields)

    def _set(self, record: Entity, name: str, value: object) -> None:
        """Set an attribute only where it is empty and no curator owns it."""
        if _is_empty(value) or name in (record.curated_fields or []):
            return
        current = getattr(record, name if not _is_fk(record, name) else f"{name}_id")
        machine_defaults = _EMPTY_ATTRIBUTE_VALUES.get((type(record), name), ())
        if not _is_empty(current) and current not in machine_defaults:
            return
        setattr(record, name, value)
        record._import_changed_fields.add(name)

    def _apply_attributes(self, record: Entity, entity: ExtractedEntity) -> None:
        attributes = entity.attributes or {}
        if isinstance(record, Organization):
            self._set(record, "acronym", _text(attributes.get("acronym"), 30))
            self._set(record, "kind", _choice(attributes.get("org_kind"), Organization.Kind))
            country = self.records.get(attributes.get("country") or "")
            if isinstance(country, Place) and country.kind == Place.Kind.COUNTRY:
                self._set(record, "country", country)
        elif isinstance(record, Person):
            self._set(record, "role", _text(attributes.get("role"), 500))
            affiliation = self.records.get(attributes.get("affiliation") or "")
            if isinstance(affiliation, Organization):
                self._set(record, "affiliation", affiliation)
        elif isinstance(record, Event):
            self._set(record, "kind", _choice(attributes.get("event_kind"), Event.Kind))
            start = _as_date(attributes.get("start_date"))
            end = _as_date(attributes.get("end_date"))
            if record.pk is None or not (record.start_date or record.end_date):
                if start and end and end < start:
                    end = None
                self._set(record, "start_date", start)
                self._set(record, "end_date", end)
            year = attributes.get("year") or (start.year if start else None)
            if isinstance(year, int) and 1800 <= year <= 2200:
                self._set(record, "year", year)
            place = self.records.get(attributes.get("place") or "")
            if isinstance(place, Place):
                self._set(record, "place", place)
            self._set(record, "is_online", bool(attributes.get("is_online")))
        elif isinstance(record, Place):
            kind = _choice(attributes.get("place_kind"), Place.Kind)
            if record.pk is None and kind:
                record.kind = kind
            code = _text(attributes.get("country_code"), 2).upper()
            if len(code) == 2 and code.isalpha():
                self._set(record, "country_code", code)
            # Coordinates go together: never one from the machine and one from a curator.
            latitude, longitude = attributes.get("latitude"), attributes.get("longitude")
            if (
                _is_coordinate(latitude, 90)
                and _is_coordinate(longitude, 180)
                and record.latitude is None
                and record.longitude is None
            ):
                self._set(record, "latitude", float(latitude))
                self._set(record, "longitude", float(longitude))
            country_key = attributes.get("country") or ""
            if country_key and country_key != entity.key:
                country = self.records.get(country_key)
                if isinstance(country, Place) and country.kind == Place.Kind.COUNTRY:
                    if country.pk != record.pk:
                        self._set(record, "country", country)
                elif record.pk is None and country_key in getattr(self, "_new_keys", ()):
                    # The country is another new place of this article: link it once created.
                    record._pending_country = country_key


_DROP = object()

#: Defaults that count as empty: the machine may still replace them with something better.
_EMPTY_ATTRIBUTE_VALUES = {
    (Organization, "kind"): (Organization.Kind.OTHER,),
    (Event, "kind"): (Event.Kind.OTHER,),
}


def _is_empty(value: object) -> bool:
    """None, "", [] or False (is_online's default); 0 and 0.0 are values."""
    return value is None or value is False or (isinstance(value, str | list) and not value)


def _is_fk(record: Entity, name: str) -> bool:
    return record._meta.get_field(name).is_relation


def _text(value: object, max_length: int) -> str:
    return " ".join(str(value).split())[:max_length] if value else ""


def _is_coordinate(value: object, limit: float) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and -limit <= value <= limit
    )


def _choice(value: object, choices: type) -> str:
    return str(value) if value and str(value) in choices.values else ""


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _group_by_shared_names(entities: list[ExtractedEntity]) -> list[list[ExtractedEntity]]:
    """Entities of one kind that share any name become one record (union-find on names)."""
    parent = list(range(len(entities)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, entity in enumerate(entities):
        for name in _names_of(entity):
            key = casefold_name(name)
            if key in owner:
                parent[find(index)] = find(owner[key])
            else:
                owner[key] = index
    groups: dict[int, list[ExtractedEntity]] = {}
    for index, entity in enumerate(entities):
        groups.setdefault(find(index), []).append(entity)
    return list(groups.values())


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


__all__ = [
    "LOST_CONFIRMED_NOTE",
    "NO_HEADLINE_NOTE",
    "LoadOutcome",
    "article_snapshot",
    "load_result",
    "resolve_entities",
]
