"""An imported page written as an article: created, or updated without losing curators' work.

An update replaces the article's fields except those a curator edited
(``Article.curated_fields``); machine mentions and quotes (review_status "suggested") are
replaced by the new extraction; mentions and quotes a curator confirmed or rejected are kept
(`archive.services.kept_spans`). The article as it was is returned as the import record's
previous_state (`archive.services.import_snapshot`). A page without a headline, or one the
cleaner cut doubtfully, waits for a curator's review.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from archive.links import safe_external_url
from archive.models import (
    Article,
    ArticleStatus,
    DateOrigin,
    Mention,
    Quote,
    ReviewStatus,
    Source,
)
from archive.pipeline.types import Extraction, ImportResult, ParsedPage
from archive.services.import_snapshot import UPDATABLE_ARTICLE_FIELDS, article_snapshot
from archive.services.kept_spans import relocate_kept
from archive.services.mention_writer import write_extraction
from archive.services.slugs import unique_slug

#: The review note set on an article imported without a headline.
NO_HEADLINE_NOTE = "No headline found: the title was taken from the first sentence."
LOST_CONFIRMED_NOTE = "A confirmed mention's text is no longer in the updated article."
CLEANING_REVIEW_NOTE = "Check what the cleaner removed: "


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


def create_article(result: ImportResult, *, status: str) -> Article:
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
    write_extraction(article, result.extraction or Extraction(), kept_mentions=[], kept_quotes=[])
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


def update_article(article: Article, result: ImportResult) -> dict:
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
    lost_confirmed = relocate_kept(article.body, kept_mentions, kept_quotes)
    if lost_confirmed and "needs_review" not in curated:
        article.needs_review = True
        article.review_note = LOST_CONFIRMED_NOTE
    article.save()
    write_extraction(
        article,
        result.extraction or Extraction(),
        kept_mentions=[m for m in kept_mentions if m.pk is not None],
        kept_quotes=[q for q in kept_quotes if q.pk is not None],
    )
    return previous_state


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
