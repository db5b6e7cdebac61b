"""The article workflow (draft -> published -> withdrawn) and what a curator's edit protects.

Fields a curator edits are listed in Article.curated_fields; the loader never overwrites them on a
re-import. Status changes go through save-with-history, never queryset.update(), so every change
appears in the article's history with who made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from archive.models import Article, ArticleStatus, DateOrigin
from archive.services.entity_counts import entities_of_articles, recount_articles, recount_entities
from archive.services.history import acting_user
from archive.services.stories import refresh_representatives

#: Which status each workflow step may start from.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ArticleStatus.PUBLISHED: frozenset({ArticleStatus.DRAFT, ArticleStatus.WITHDRAWN}),
    ArticleStatus.WITHDRAWN: frozenset({ArticleStatus.PUBLISHED}),
    ArticleStatus.DRAFT: frozenset({ArticleStatus.WITHDRAWN}),
}

STATUS_CHANGE_REASONS = {
    ArticleStatus.PUBLISHED: "published by a curator",
    ArticleStatus.WITHDRAWN: "withdrawn by a curator",
    ArticleStatus.DRAFT: "returned to draft by a curator",
}


@dataclass
class StatusChange:
    changed: list[Article] = field(default_factory=list)
    #: Articles left alone: already in that status, or the step is not allowed from theirs.
    skipped: list[Article] = field(default_factory=list)


def with_curated(curated_fields: Iterable[str], *names: str) -> list[str]:
    """curated_fields plus `names`, in order, without duplicates."""
    result = list(curated_fields or [])
    for name in names:
        if name not in result:
            result.append(name)
    return result


def set_article_status(
    articles: Iterable[Article], status: str, *, user: Any | None = None
) -> StatusChange:
    """Move articles to `status` where the workflow allows it; one history row per article."""
    if status not in ALLOWED_TRANSITIONS:
        raise ValueError(f"Unknown article status {status!r}.")
    outcome = StatusChange()
    now = timezone.now()
    for article in articles:
        if article.status in ALLOWED_TRANSITIONS[status]:
            article.status = status
            article.curated_fields = with_curated(article.curated_fields, "status")
            article.updated_at = now
            outcome.changed.append(article)
        else:
            outcome.skipped.append(article)
    if outcome.changed:
        with transaction.atomic():
            bulk_update_with_history(
                outcome.changed,
                Article,
                ["status", "curated_fields", "updated_at"],
                default_user=acting_user(user),
                default_change_reason=STATUS_CHANGE_REASONS[status],
            )
            # Only published articles count towards their records' counts.
            recount_articles([article.pk for article in outcome.changed])
    return outcome


def publish_articles(articles: Iterable[Article], *, user: Any | None = None) -> StatusChange:
    return set_article_status(articles, ArticleStatus.PUBLISHED, user=user)


def withdraw_articles(articles: Iterable[Article], *, user: Any | None = None) -> StatusChange:
    return set_article_status(articles, ArticleStatus.WITHDRAWN, user=user)


def return_articles_to_draft(
    articles: Iterable[Article], *, user: Any | None = None
) -> StatusChange:
    return set_article_status(articles, ArticleStatus.DRAFT, user=user)


def record_curator_edit(article: Article, changed_fields: Iterable[str]) -> None:
    """Note the fields a curator just edited (before saving), so re-imports keep them.

    A date typed by a curator says so in published_on_origin (the database insists a date
    always has an origin, and an empty date none).
    """
    changed = [name for name in changed_fields if name != "curated_fields"]
    if "published_on" in changed:
        article.published_on_origin = (
            DateOrigin.CURATOR if article.published_on is not None else DateOrigin.NONE
        )
        changed.append("published_on_origin")
    article.curated_fields = with_curated(article.curated_fields, *changed)


@transaction.atomic
def delete_articles(articles: QuerySet[Article]) -> int:
    """Delete `articles` (their mentions and quotes go with them, their history records the
    deletion) and keep right what they counted in: the stored counts of every record they named
    and the representative of every story they were copies in. Returns how many were deleted."""
    rows = list(articles.order_by().values_list("pk", "story_id"))
    ids = [pk for pk, _ in rows]
    named = entities_of_articles(ids)
    Article.objects.filter(pk__in=ids).delete()
    recount_entities(named)
    refresh_representatives(story_id for _, story_id in rows)
    return len(ids)
