"""Undo an import run: delete the articles it created, restore those it updated.

Updated articles are restored from ImportRecord.previous_state, whose format (1) is documented in
archive.services.import_snapshot.article_snapshot. What a curator decided after the run wins over
the snapshot: fields listed in the article's current curated_fields keep their value, and
mentions or quotes a curator confirmed or rejected since are kept.

Suggested entities the run created and that nothing refers to any more (their only mentions were
in deleted articles) are deleted too, so the review queue does not fill with orphans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from archive.kinds import KINDS, PERSON
from archive.models import (
    Article,
    Entity,
    ImportRecord,
    ImportRun,
    Mention,
    MergeSuggestion,
    Quote,
    ReviewStatus,
)
from archive.services.entity_counts import entities_of_articles, recount_articles
from archive.services.history import attribute_change
from archive.services.import_runs import is_abandoned
from archive.services.kept_spans import move_spans
from archive.services.name_keys import forget_name_keys
from archive.services.stories import refresh_representatives
from archive.services.wording import plural

Outcome = ImportRecord.Outcome
REASON_IMPORT_UNDONE = "import undone"
SUPPORTED_FORMATS = {1}


class ImportUndoError(Exception):
    """The run cannot be undone; the message says why, for the curator."""


@dataclass
class ImportUndoResult:
    run: ImportRun
    deleted_articles: int = 0
    restored_articles: int = 0
    deleted_entities: int = 0
    #: Lines describing what could not be restored exactly (never silently).
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Undid import #{self.run.pk}: {plural(self.deleted_articles, 'article')} deleted, "
            f"{self.restored_articles} restored, "
            f"{plural(self.deleted_entities, 'orphan record')} removed."
        )


@dataclass(frozen=True)
class ImportUndoPlan:
    """What undoing would do, for the confirmation page."""

    to_delete: int
    to_restore: int
    curated_to_delete: int  # created articles a curator has edited since
    blocking: list[str]  # why it cannot be undone; empty when it can

    @property
    def possible(self) -> bool:
        return not self.blocking


def _created_and_updated(run: ImportRun) -> tuple[list[ImportRecord], list[ImportRecord]]:
    records = list(
        run.records.filter(outcome__in=[Outcome.CREATED, Outcome.UPDATED])
        .exclude(article__isnull=True)
        .order_by("-id")
    )
    return (
        [r for r in records if r.outcome == Outcome.CREATED],
        [r for r in records if r.outcome == Outcome.UPDATED],
    )


def _blocking_reasons(run: ImportRun, article_ids: list[int]) -> list[str]:
    reasons = []
    if run.status == ImportRun.Status.UNDONE:
        reasons.append("This import was already undone.")
    # A run whose process died is over, whatever its record still says: it can be undone.
    if run.status == ImportRun.Status.RUNNING and not is_abandoned(run):
        reasons.append("This import is still running.")
    if run.status == ImportRun.Status.QUEUED:
        reasons.append("This import has not started yet.")
    if run.dry_run:
        reasons.append("A dry run wrote nothing to undo.")
    later = (
        ImportRecord.objects.filter(
            article_id__in=article_ids, outcome=Outcome.UPDATED, run_id__gt=run.pk
        )
        .exclude(run__status=ImportRun.Status.UNDONE)
        .values_list("run_id", flat=True)
        .distinct()
    )
    later_runs = sorted(set(later))
    if later_runs:
        listed = ", ".join(f"#{pk}" for pk in later_runs[:5])
        reasons.append(f"Later imports updated the same articles; undo them first ({listed}).")
    return reasons


def plan_import_undo(run: ImportRun) -> ImportUndoPlan:
    created, updated = _created_and_updated(run)
    article_ids = [r.article_id for r in created + updated]
    curated = Article.objects.filter(pk__in=[r.article_id for r in created]).exclude(
        curated_fields=[]
    )
    return ImportUndoPlan(
        to_delete=len(created),
        to_restore=len(updated),
        curated_to_delete=curated.count(),
        blocking=_blocking_reasons(run, article_ids),
    )


@transaction.atomic
def undo_import_run(run: ImportRun, *, user: Any | None = None) -> ImportUndoResult:
    """Undo `run` (all or nothing) and mark it UNDONE."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    created, updated = _created_and_updated(run)
    blocking = _blocking_reasons(run, [r.article_id for r in created + updated])
    if blocking:
        raise ImportUndoError(" ".join(blocking))
    result = ImportUndoResult(run=run)
    finished = run.finished_at or timezone.now()
    named_before = entities_of_articles([r.article_id for r in created + updated])

    # Restore updated articles (newest record first), then delete the created ones.
    for record in updated:
        if _restore_article(record, user, result):
            result.restored_articles += 1
    created_ids = [r.article_id for r in created]
    stories_touched = set()
    if created_ids:
        for article in Article.objects.filter(pk__in=created_ids).defer("raw_text"):
            attribute_change(article, REASON_IMPORT_UNDONE, user)
            stories_touched.add(article.story_id)
            article.delete()  # mentions and quotes go with it (CASCADE)
            result.deleted_articles += 1
    refresh_representatives(stories_touched)  # a deleted copy may have represented its story
    result.deleted_entities = _delete_orphan_entities(run.started_at, finished, user)
    recount_articles([r.article_id for r in updated], before=named_before)

    run.status = ImportRun.Status.UNDONE
    run.save(update_fields=["status"])
    return result


def _restore_article(record: ImportRecord, user: Any | None, result: ImportUndoResult) -> bool:
    state = record.previous_state or {}
    if state.get("format") not in SUPPORTED_FORMATS:
        result.notes.append(f"{record.path}: no usable previous state; left as it is.")
        return False
    article = Article.objects.filter(pk=record.article_id).first()
    if article is None:
        return False
    curated = set(article.curated_fields or [])
    for name, value in state.get("article", {}).items():
        field_name = name[:-3] if name.endswith("_id") else name
        if field_name in curated or name == "curated_fields":
            continue  # a curator's decision since the run wins
        if name == "published_on" and value:
            value = date.fromisoformat(value)
        setattr(article, name, value)
    # A date and its origin come together (the database insists): an empty date has none.
    if article.published_on is None:
        article.published_on_origin = ""
    attribute_change(article, REASON_IMPORT_UNDONE, user)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as problem:
        raise ImportUndoError(
            f"{record.path}: the previous version cannot be restored ({problem})."
        ) from problem

    # Machine rows of the update go; the snapshot's machine rows come back.
    Mention.objects.filter(article=article, review_status=ReviewStatus.SUGGESTED).delete()
    Quote.objects.filter(article=article, review_status=ReviewStatus.SUGGESTED).delete()
    mentions, quotes = state.get("kept_mentions", []), state.get("kept_quotes", [])
    _restore_kept(Mention, article, mentions, ["start", "end", "sentence"], _recreate_mentions)
    _restore_kept(Quote, article, quotes, ["start", "end"], _recreate_quotes)
    skipped = _recreate_mentions(article, state.get("mentions", []))
    skipped += _recreate_quotes(article, state.get("quotes", []))
    if skipped:
        result.notes.append(
            f"{record.path}: {plural(skipped, 'mention or quote', 'mentions or quotes')} "
            f"could not be restored "
            "(their record was deleted, or a curator placed another at the same span)."
        )
    return True


def _restore_kept(
    model: type[Mention] | type[Quote],
    article: Article,
    rows: list[dict[str, Any]],
    placed_by: list[str],
    recreate: Any,
) -> None:
    """Put curated mentions or quotes back where they were before the update (if a curator
    left them): `placed_by` are the fields that say where; a curated row the update dropped
    (its text was gone, say) is recreated by `recreate`."""
    by_id = {row["id"]: row for row in rows}
    existing = {
        item.pk: item
        for item in model.objects.filter(article=article, pk__in=by_id).exclude(
            review_status=ReviewStatus.SUGGESTED
        )
    }
    moved = [
        item
        for pk, item in existing.items()
        if [getattr(item, name) for name in placed_by] != [by_id[pk][name] for name in placed_by]
    ]
    for item in moved:
        for name in placed_by:
            setattr(item, name, by_id[item.pk][name])
    if moved:
        move_spans(model, moved, placed_by)
    recreate(article, [row for pk, row in by_id.items() if pk not in existing])


def _free_ids(model: type[models.Model], ids: list[int]) -> set[int]:
    taken = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return {pk for pk in ids if pk not in taken}


def _recreate_mentions(article: Article, rows: list[dict[str, Any]]) -> int:
    """Recreate mention rows (with their old ids where free); returns how many were skipped."""
    if not rows:
        return 0
    existing_entities = {
        kind.value: set(
            kind.model.objects.filter(
                pk__in=[r["entity_id"] for r in rows if r["kind"] == kind.value]
            ).values_list("pk", flat=True)
        )
        for kind in KINDS
    }
    taken = set(Mention.objects.filter(article=article).values_list("kind", "start", "end"))
    free = _free_ids(Mention, [r["id"] for r in rows])
    new = []
    for row in rows:
        span = (row["kind"], row["start"], row["end"])
        if row["entity_id"] not in existing_entities.get(row["kind"], set()) or span in taken:
            continue
        taken.add(span)
        new.append(
            Mention(
                id=row["id"] if row["id"] in free else None,
                article=article,
                kind=row["kind"],
                **{KINDS[row["kind"]].mention_column: row["entity_id"]},
                start=row["start"],
                end=row["end"],
                text=row["text"],
                sentence=row["sentence"],
                # Snapshots taken before mentions had a role have none.
                role=row.get("role", ""),
                extractor=row["extractor"],
                confidence=row["confidence"],
                review_status=row["review_status"],
            )
        )
    Mention.objects.bulk_create(new)
    return len(rows) - len(new)


def _recreate_quotes(article: Article, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    people = set(
        PERSON.model.objects.filter(
            pk__in=[r["speaker_id"] for r in rows if r["speaker_id"]]
        ).values_list("pk", flat=True)
    )
    taken = set(Quote.objects.filter(article=article).values_list("start", flat=True))
    free = _free_ids(Quote, [r["id"] for r in rows])
    new = []
    for row in rows:
        if row["start"] in taken:
            continue
        taken.add(row["start"])
        new.append(
            Quote(
                id=row["id"] if row["id"] in free else None,
                article=article,
                speaker_id=row["speaker_id"] if row["speaker_id"] in people else None,
                speaker_name=row["speaker_name"],
                text=row["text"],
                start=row["start"],
                end=row["end"],
                extractor=row["extractor"],
                review_status=row["review_status"],
            )
        )
    Quote.objects.bulk_create(new)
    return len(rows) - len(new)


def _orphans(model: type[Entity], started, finished) -> models.QuerySet:
    """Suggested records created during the run that nothing refers to."""
    queryset = model.objects.filter(
        created_at__gte=started,
        created_at__lte=finished,
        review_status=ReviewStatus.SUGGESTED,
        merged_into__isnull=True,
    )
    for relation in model._meta.related_objects:
        queryset = queryset.filter(**{f"{relation.field.related_query_name()}__isnull": True})
    return queryset


def _delete_orphan_entities(started, finished, user: Any | None) -> int:
    deleted = 0
    # Dependants first: an event may point at a place, a person at an organization.
    for kind in ("event", "person", "organization", "place"):
        model = KINDS[kind].model
        ids = []
        for entity in _orphans(model, started, finished):
            attribute_change(entity, REASON_IMPORT_UNDONE, user)
            ids.append(entity.pk)
            entity.delete()
        # Suggestions about deleted records could never be accepted.
        MergeSuggestion.objects.filter(kind=kind).filter(
            Q(first_id__in=ids) | Q(second_id__in=ids)
        ).delete()
        forget_name_keys(kind, ids)
        deleted += len(ids)
    return deleted
