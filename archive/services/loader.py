"""Write one parsed document (an `ImportResult`) to the database, in its own transaction.

How a document is identified, in this order:

* same origin, same content hash, no ``force``  -> UNCHANGED (nothing written but the record);
* same origin, other content (or ``force``)     -> UPDATED: the article is rewritten by
  `archive.services.article_writer`, which keeps what curators edited and decided;
* new origin, content hash already archived     -> DUPLICATE (the record points to that article);
* otherwise                                     -> CREATED.

The work is shared out: `article_writer` writes the article, `entity_resolver` (with
`entity_attributes`) finds or creates its entities' records, `mention_writer` writes its
mentions and quotes, `kept_spans` moves the ones curators kept, `import_snapshot` records what
an update replaced. The records' stored counts follow (`entity_counts`): at once, or after each
batch of documents when the importer passes its `CountBatch`.

Concurrency: every document is written inside one ``transaction.atomic()``. Two importers
working on the same files at once both rely on the unique constraints (article content hash,
slugs); the loser of a race gets an IntegrityError (or a deadlock / "database is locked"
OperationalError), rolls the whole document back and tries again, and then sees the winner's
rows, so the document becomes UNCHANGED or DUPLICATE instead of a second copy.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q

from archive.models import Article, ArticleStatus, ImportRecord, ImportRun
from archive.pipeline.types import ImportResult
from archive.services.article_writer import create_article, update_article
from archive.services.entity_counts import CountBatch, EntityIds, entities_of_articles
from archive.services.locking import locked_for_update
from archive.services.mention_groups import add_mention_groups
from archive.services.stories import group_article

logger = logging.getLogger(__name__)

Outcome = ImportRecord.Outcome

#: How often a document is retried after losing a race with a concurrent importer.
MAX_ATTEMPTS = 5


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
    #: The records an updated article named before it was rewritten (their counts may drop).
    entities_before: EntityIds | None = None


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def load_result(
    result: ImportResult,
    *,
    status: str = ArticleStatus.PUBLISHED,
    force: bool = False,
    run: ImportRun | None = None,
    counts: CountBatch | None = None,
) -> LoadOutcome:
    """Write `result` (and, with `run`, its ImportRecord) atomically; retry lost races.

    A result carrying an error is not written (only its FAILED record, when `run` is given).
    The counts of the records the article names (and named) are recounted in the same
    transaction, or added to `counts` for the caller to recount with its batch.
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
                if outcome.outcome == Outcome.CREATED:
                    # Its mentions join the review queue's groups with it (one transaction:
                    # a regrouping by anyone else sees both or neither).
                    add_mention_groups([outcome.article.pk])
                if outcome.outcome in (Outcome.CREATED, Outcome.UPDATED):
                    batch = counts if counts is not None else CountBatch()
                    batch.add(
                        outcome.article.pk,
                        outcome.entities_before,
                        created=outcome.outcome == Outcome.CREATED,
                    )
                    if counts is None:
                        batch.flush()
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
    # Locked: an update must not write back a status or field a curator changed meanwhile.
    candidates = list(
        locked_for_update(
            Article.objects.filter(Q(origin=origin) | Q(content_hash=result.content_hash)).order_by(
                "id"
            )
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
    previous_state = entities_before = None
    if kind == Outcome.CREATED:
        article = create_article(result, status=status)
    elif kind == Outcome.UPDATED:
        assert article is not None
        entities_before = entities_of_articles([article.pk])
        previous_state = update_article(article, result)
    assert article is not None
    if kind in (Outcome.CREATED, Outcome.UPDATED):
        # Copies of the same story (syndicated, rewritten) share `article.story`.
        # The worker fingerprinted the body it cleaned, which is the body written.
        known = result.fingerprint if article.body == result.page.body else None
        group_article(article, replace=kind == Outcome.UPDATED, known=known)
    return LoadOutcome(
        origin=result.origin[:2000],
        outcome=kind,
        article=article,
        content_hash=article.content_hash,
        previous_state=previous_state,
        entities_before=entities_before,
    )


__all__ = [
    "LoadOutcome",
    "load_result",
    "predict_outcome",
]
