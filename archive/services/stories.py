"""Stories: copies of one article grouped at import, and a curator's splits and joins (undoable).

At import (`group_article`, called by the loader after the article is written): the body's
MinHash fingerprint (archive.pipeline.near_duplicates) is stored with its LSH band keys; the
candidates are the articles sharing a band key (one indexed query on `StoryBand`, which works
the same in every worker process and after a restart), each checked against its stored
signature. The most similar candidate at or above STORY_JACCARD_THRESHOLD is the copy: the new
article joins its story, or both start one. Two stories are never merged by the importer (a
wrong grouping hides an article; a curator joins them).

A curator splits an article out of a wrong story (it is then kept apart from later imports) or
joins articles' stories into one; each is recorded as a `StoryChange` that `undo_story_change`
puts back, value by value, where nothing changed it since (as merges are undone).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from archive.models import Article, ArticleFingerprint, Story, StoryBand, StoryChange
from archive.pipeline.near_duplicates import (
    Fingerprint,
    FingerprintLayout,
    estimated_jaccard,
)
from archive.services.entity_counts import CountBatch, recount_articles
from archive.services.entity_queries import CurationError
from archive.services.history import acting_user, save_with_history

REASON_SPLIT = "split out of story"
REASON_JOIN = "join stories"
REASON_UNDO = "undo story change"

#: At most this many candidates are checked for one article: those sharing the most band keys
#: (the most similar). Articles written from the same templates share a few keys by chance.
MAX_CANDIDATES = 20


#: Representative first: the earliest dated (undated last), then the longest, then the oldest row.
REPRESENTATIVE_ORDER = (F("published_on").asc(nulls_last=True), F("word_count").desc(), "id")


def _settings_layout() -> FingerprintLayout:
    return FingerprintLayout(
        bands=settings.STORY_LSH_BANDS,
        num_perm=settings.STORY_NUM_PERM,
        shingle_size=settings.STORY_SHINGLE_SIZE,
        min_words=settings.STORY_MIN_WORDS,
    )


def fingerprint_layout() -> FingerprintLayout | None:
    """How the settings fingerprint bodies, for the parse workers; None when imports group
    no stories (nothing to fingerprint)."""
    return _settings_layout() if settings.STORY_GROUPING else None


def body_fingerprint(body: str) -> Fingerprint | None:
    """The fingerprint of a cleaned body, or None when it is too short to compare."""
    return _settings_layout().of(body)


def find_copy(article: Article, found: Fingerprint) -> tuple[int, int | None] | None:
    """(article id, story id) of the most similar stored copy of `article`, if any (one
    query: the signatures of the MAX_CANDIDATES articles sharing the most band keys)."""
    sharing = (
        StoryBand.objects.filter(key__in=found.band_keys)
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "article_id")
        .values_list("article_id", flat=True)[:MAX_CANDIDATES]
    )
    candidates = (
        ArticleFingerprint.objects.filter(article_id__in=sharing, kept_apart=False)
        .order_by("article_id")
        .values_list("article_id", "signature", "article__story_id")
    )
    best: tuple[float, int, int | None] | None = None
    for pk, signature, story_id in candidates:
        similarity = estimated_jaccard(found.signature, bytes(signature))
        if similarity >= settings.STORY_JACCARD_THRESHOLD and (
            best is None or similarity > best[0]
        ):
            best = (similarity, pk, story_id)
    return (best[1], best[2]) if best else None


def group_article(
    article: Article, *, replace: bool = False, known: Fingerprint | None = None
) -> Story | None:
    """Store `article`'s fingerprint and put it in the story of its closest copy (if any).

    `replace` (an updated article): its old fingerprint goes first; an article already in a
    story stays there (a curator may have put it there). `known`: the body's fingerprint when
    the parse worker computed it already (with `fingerprint_layout()`), else it is computed here.
    """
    if not settings.STORY_GROUPING:
        return None
    kept_apart = False
    if replace:
        old = ArticleFingerprint.objects.filter(article=article).first()
        if old is not None:
            kept_apart = old.kept_apart
            old.delete()
        StoryBand.objects.filter(article=article).delete()
    found = known if known is not None else body_fingerprint(article.body)
    if found is None:
        return None
    ArticleFingerprint.objects.create(
        article=article, signature=found.signature, kept_apart=kept_apart
    )
    StoryBand.objects.bulk_create(StoryBand(key=key, article=article) for key in found.band_keys)
    if article.story_id is not None or kept_apart:
        return None
    copy = find_copy(article, found)
    if copy is None:
        return None
    copy_id, story_id = copy
    story = Story.objects.create() if story_id is None else Story(pk=story_id)
    Article.objects.filter(pk__in=[article.pk, copy_id]).filter(story__isnull=True).update(
        story=story
    )
    article.story_id = story.pk
    refresh_representatives([story.pk])
    return story


def refresh_representatives(story_ids: Iterable[int | None]) -> None:
    """Each story's representative: its earliest dated article, then the longest."""
    for story_id in {pk for pk in story_ids if pk is not None}:
        first = (
            Article.objects.filter(story_id=story_id)
            .order_by(*REPRESENTATIVE_ORDER)
            .values_list("pk", flat=True)
            .first()
        )
        Story.objects.filter(pk=story_id).update(representative_id=first)


def story_of(article: Article) -> int | None:
    """The `story` the export and the API give an article: one value shared by every copy of
    its story (the story's id), None for an article with no copy."""
    return article.story_id


def published_copies() -> QuerySet[Article]:
    """Published articles with what a list of copies shows (title, source, date, address),
    representative first."""
    return (
        Article.objects.published()
        .select_related("source")
        .only(
            "title",
            "slug",
            "url",
            "published_on",
            "source__name",
            "source__slug",
            "source__domain",
            "story_id",
        )
        .order_by(*REPRESENTATIVE_ORDER)
    )


def copies_of(article: Article) -> list[Article]:
    """The other published copies of `article`'s story, earliest first (one query)."""
    if article.story_id is None:
        return []
    return list(published_copies().filter(story_id=article.story_id).exclude(pk=article.pk))


# --- curation ----------------------------------------------------------------------------------


def _set_story(article: Article, story_id: int | None, reason: str, user: Any) -> dict:
    entry = {"pk": article.pk, "before": article.story_id, "after": story_id}
    article.story_id = story_id
    save_with_history(article, reason, user)
    return entry


def _set_kept_apart(article_ids: Iterable[int], value: bool) -> list[dict]:
    changes = []
    for fp in ArticleFingerprint.objects.filter(article_id__in=list(article_ids)):
        if fp.kept_apart != value:
            changes.append({"pk": fp.article_id, "before": fp.kept_apart, "after": value})
    ArticleFingerprint.objects.filter(article_id__in=[c["pk"] for c in changes]).update(
        kept_apart=value
    )
    return changes


@transaction.atomic
def split_article(article: Article, *, user: Any | None = None) -> StoryChange:
    """Take `article` out of its story; later imports keep it apart from its former copies."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.story_id is None:
        raise CurationError(f"“{article}” is in no story.")
    story_id = article.story_id
    entry = _set_story(article, None, REASON_SPLIT, user)
    kept = _set_kept_apart([article.pk], True)
    refresh_representatives([story_id])
    recount_articles([article.pk], groups=False)  # its records' story counts
    return StoryChange.objects.create(
        action=StoryChange.Action.SPLIT,
        story_id=story_id,
        description=f"“{article.title[:200]}” split out of story {story_id}"[:500],
        snapshot={"articles": [entry], "kept_apart": kept},
        performed_by=acting_user(user),
    )


@transaction.atomic
def join_articles(articles: Iterable[Article], *, user: Any | None = None) -> StoryChange:
    """Put the given articles, and every copy already in their stories, into one story.

    The oldest of their stories survives (a new one when none has a story); the others are
    left empty, so an undo can give each article its story back.
    """
    chosen = list(Article.objects.select_for_update().filter(pk__in=[a.pk for a in articles]))
    story_ids = sorted({a.story_id for a in chosen if a.story_id is not None})
    members = {a.pk: a for a in chosen}
    for a in Article.objects.select_for_update().filter(story_id__in=story_ids):
        members.setdefault(a.pk, a)
    if len(members) < 2:
        raise CurationError("Choose at least two articles (or copies of two stories) to join.")
    if len(story_ids) == 1 and all(a.story_id == story_ids[0] for a in members.values()):
        raise CurationError("These articles are already one story.")
    target = Story.objects.get(pk=story_ids[0]) if story_ids else Story.objects.create()
    entries = [
        _set_story(a, target.pk, REASON_JOIN, user)
        for a in sorted(members.values(), key=lambda a: a.pk)
        if a.story_id != target.pk
    ]
    kept = _set_kept_apart([a.pk for a in chosen], False)
    refresh_representatives([target.pk, *story_ids])
    recount_articles([entry["pk"] for entry in entries], groups=False)
    return StoryChange.objects.create(
        action=StoryChange.Action.JOIN,
        story=target,
        description=f"{len(members)} articles joined into story {target.pk}",
        snapshot={"articles": entries, "kept_apart": kept, "stories": story_ids},
        performed_by=acting_user(user),
    )


@transaction.atomic
def undo_story_change(change: StoryChange, *, user: Any | None = None) -> StoryChange:
    """Give each article the story it had before `change`, unless it was changed since."""
    change = StoryChange.objects.select_for_update().get(pk=change.pk)
    if change.is_undone:
        raise CurationError("This change was already undone.")
    snapshot = change.snapshot or {}
    touched: set[int | None] = {change.story_id}
    entries = {entry["pk"]: entry for entry in snapshot.get("articles", [])}
    for article in Article.objects.select_for_update().filter(pk__in=list(entries)):
        entry = entries[article.pk]
        if article.story_id != entry["after"]:
            continue  # moved again since: the later decision stands
        before = entry["before"]
        if before is not None and not Story.objects.filter(pk=before).exists():
            before = None
        touched.update({article.story_id, before})
        _set_story(article, before, REASON_UNDO, user)
    for kept in snapshot.get("kept_apart", []):
        ArticleFingerprint.objects.filter(article_id=kept["pk"], kept_apart=kept["after"]).update(
            kept_apart=kept["before"]
        )
    refresh_representatives(touched)
    recount_articles(list(entries), groups=False)
    change.undone_at = timezone.now()
    change.save(update_fields=["undone_at"])
    return change


def rebuild_index(articles: Iterable[Article] | None = None) -> int:
    """Fingerprint (again) every article, oldest first, grouping copies; returns how many.

    For articles imported before stories existed, or after STORY_NUM_PERM or
    STORY_SHINGLE_SIZE changed (stored signatures are only comparable with the same ones).
    """
    if articles is None:
        articles = Article.objects.only("pk", "body", "story_id").order_by("pk").iterator()
    count = 0
    counts = CountBatch()  # the story counts of the records the regrouped articles name
    for article in articles:
        with transaction.atomic():
            group_article(article, replace=True)
        counts.add(article.pk)
        count += 1
    counts.flush()
    return count


# --- public pages ------------------------------------------------------------------------------


def collapse_stories(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """One row per story (its first published copy), annotated `story_copies`.

    Articles in no story stay as they are (`story_copies` 1). The copies are counted over the
    published archive, whatever else narrowed the list.
    """
    published = Article.objects.published().filter(story_id=OuterRef("story_id"))
    first = published.order_by(*REPRESENTATIVE_ORDER).values("pk")[:1]
    copies = published.order_by().values("story_id").annotate(n=Count("pk")).values("n")
    return queryset.filter(Q(story__isnull=True) | Q(pk=Subquery(first))).annotate(
        story_copies=Coalesce(Subquery(copies), Value(1))
    )


def story_count(articles: QuerySet[Article]) -> int:
    """How many stories `articles` tell: copies of one story count once, an article in no story
    is a story of its own (one query).

    Two counts added: the articles in no story, and the distinct stories of the others. Over
    the published archive each reads the (status, story, ...) index alone, the stories in
    their order (tests/test_query_plans.py); counting distinct `COALESCE(story, -id)` sorted
    every article's value first. It is also how many rows the one-row-per-story list of
    `articles` holds when `articles` are all the published ones: each story with a published
    copy shows exactly one (`collapse_stories`)."""
    alone = articles.filter(story__isnull=True).order_by().values("pk")
    told = articles.filter(story__isnull=False).order_by().values("story").distinct()
    alone_sql, alone_params = alone.query.sql_with_params()
    told_sql, told_params = told.query.sql_with_params()
    with connections[articles.db].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM ({alone_sql}) alone)"
            f" + (SELECT COUNT(*) FROM ({told_sql}) told)",
            (*alone_params, *told_params),
        )
        return cursor.fetchone()[0]
