"""Re-run entity extraction on archived articles, keeping every curator decision.

The article's stored text is handed to the extractor as it is (no re-reading, no re-cleaning),
with the current gazetteer, and written by the importer's loader as an update of the same origin:
so machine mentions and quotes are replaced, confirmed and rejected ones are kept, curated fields
are never touched, and the work is recorded as an ImportRun whose records can be undone like any
import (archive.services.import_undo).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive.models import Article, ImportRecord, ImportRun
from archive.pipeline.types import Gazetteer, ImportResult, ParsedPage
from archive.services.article_writer import NO_HEADLINE_NOTE
from archive.services.gazetteer import build_gazetteer
from archive.services.history import acting_user
from archive.services.importer import finish_run
from archive.services.loader import load_result
from archive.services.wording import plural

#: More than this in one admin request would keep the curator waiting: use the import command.
MAX_ARTICLES_PER_RUN = 100
RUN_LABEL = "(re-extraction)"

Outcome = ImportRecord.Outcome


class ReextractError(Exception):
    """Nothing was done; the message says why, for the curator."""


@dataclass
class ReextractResult:
    run: ImportRun | None = None
    updated: int = 0
    #: "title: reason" lines for articles left as they were.
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        run = f" (import run #{self.run.pk}, undoable)" if self.run is not None else ""
        return f"Re-extracted entities of {plural(self.updated, 'article')}{run}."


def page_from_article(article: Article) -> ParsedPage:
    """The article as the pipeline would have parsed it: its stored, possibly curated, text."""
    source = article.source
    return ParsedPage(
        title=article.title,
        body=article.body,
        raw_text=article.raw_text,
        lede=article.lede,
        published_on=article.published_on,
        published_on_origin=article.published_on_origin,
        byline=article.byline,
        source_name=source.name if source is not None else "",
        source_domain=source.domain if source is not None else "",
        url=article.url,
        language=article.language or "en",
        # Keep the importer's "no headline" flag as it is.
        has_headline=article.review_note != NO_HEADLINE_NOTE,
    )


def _extract(page: ParsedPage, gazetteer: Gazetteer):
    # Imported here: the extractors load their models, which only this path needs.
    from archive.pipeline.language_pipelines import extract

    return extract(page, gazetteer)


def reextract_articles(article_ids: list[int], *, user: Any | None = None) -> ReextractResult:
    """Re-extract the given articles in one ImportRun; each article in its own transaction."""
    if len(article_ids) > MAX_ARTICLES_PER_RUN:
        raise ReextractError(
            f"Select at most {MAX_ARTICLES_PER_RUN} articles; for more, re-import with "
            "`manage.py import_articles --force`."
        )
    articles = list(Article.objects.filter(pk__in=article_ids).select_related("source"))
    if not articles:
        raise ReextractError("No articles selected.")
    gazetteer = build_gazetteer()
    run = ImportRun.objects.create(
        paths=[RUN_LABEL],
        options={"reextract": True, "articles": sorted(a.pk for a in articles)},
        started_by=acting_user(user),
    )
    result = ReextractResult(run=run)
    counts = dict.fromkeys(Outcome.values, 0)
    try:
        for article in articles:
            if not article.origin:
                result.failed.append(f"{article.title}: no import origin to update it by")
                continue
            if Article.objects.filter(origin=article.origin).exclude(pk=article.pk).exists():
                # The loader finds the article by its origin: it must be this one only.
                result.failed.append(f"{article.title}: another article shares its origin")
                continue
            page = page_from_article(article)
            try:
                extraction = _extract(page, gazetteer)
            except Exception as problem:  # one strange article must not stop the others
                result.failed.append(f"{article.title}: extraction failed ({problem})")
                continue
            outcome = load_result(
                ImportResult(
                    origin=article.origin,
                    content_hash=article.content_hash,
                    page=page,
                    extraction=extraction,
                ),
                force=True,
                run=run,
            )
            counts[outcome.outcome] += 1
            if outcome.outcome == Outcome.UPDATED:
                result.updated += 1
            else:
                result.failed.append(f"{article.title}: {outcome.outcome} {outcome.error}".strip())
    finally:
        finish_run(run, counts, ImportRun.Status.FINISHED)
    return result
