"""The stored groups of the review queue's "mentions" tab (archive.models.mention_groups).

One row per (kind, record, text) that has suggested mentions: their number and smallest id.
`sync_mention_groups` sets the rows of the given records to a fresh grouped count;
`entity_counts.recount_entities` calls it with every record it recounts, so the importer,
review, moving and deleting mentions, merging and its undo, publishing and undoing an import
keep the groups as they keep the counts. `forget_mention_groups` drops a deleted record's rows;
`rebuild_mention_groups` is `manage.py dbcheck`'s check and repair.

An import adds to the groups instead: the loader calls `add_mention_groups` for each article
it creates, in the article's transaction, and `CountBatch` regroups only the records of the
articles it updated. Regrouping every record a batch names re-read each widely named record's
mentions on every batch (3.7 s a batch of 200 articles at 20,000 articles on SQLite).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db import connection
from django.db.models import Count, Min
from django.db.models.functions import Coalesce

from archive.kinds import KINDS
from archive.models import Mention, MentionGroup, ReviewStatus
from archive.services.column_updates import update_columns

#: Ids per statement: far under SQLite's limit of bound parameters.
_BATCH = 1000

#: {(entity id, text): (mention count, first mention id)}
Groups = dict[tuple[int, str], tuple[int, int]]


def _fresh(kind_value: str, ids: Collection[int] | None) -> Groups:
    """The groups of `kind_value`'s records `ids` (all of the kind: None), counted now."""
    column = KINDS[kind_value].mention_column
    mentions = Mention.objects.filter(kind=kind_value, review_status=ReviewStatus.SUGGESTED)
    if ids is not None:
        mentions = mentions.filter(**{f"{column}__in": ids})
    rows = (
        mentions.order_by()
        .values_list(column, "text")
        .annotate(n=Count("*"), first=Min("pk"))
        .values_list(column, "text", "n", "first")
    )
    return {(entity_id, text): (n, first) for entity_id, text, n, first in rows}


def _stored(kind_value: str, ids: Collection[int] | None) -> dict[tuple[int, str], MentionGroup]:
    groups = MentionGroup.objects.filter(kind=kind_value)
    if ids is not None:
        groups = groups.filter(entity_id__in=ids)
    return {(g.entity_id, g.text): g for g in groups}


def _apply(kind_value: str, fresh: Groups, stored: dict[tuple[int, str], MentionGroup]) -> int:
    """Make the stored rows `stored` equal `fresh`; the number of rows changed."""
    stale = [group.pk for key, group in stored.items() if key not in fresh]
    changed = []
    for key, (count, first) in fresh.items():
        group = stored.get(key)
        if group is not None and (group.mention_count, group.first_id) != (count, first):
            group.mention_count, group.first_id = count, first
            changed.append(group)
    missing = [
        MentionGroup(kind=kind_value, entity_id=entity_id, text=text, mention_count=n, first_id=f)
        for (entity_id, text), (n, f) in fresh.items()
        if (entity_id, text) not in stored
    ]
    for start in range(0, len(stale), _BATCH):
        MentionGroup.objects.filter(pk__in=stale[start : start + _BATCH]).delete()
    update_columns(MentionGroup, changed, ["mention_count", "first_id"])
    # A concurrent importer may have stored the same new group first: its row stands, and
    # the next change to the record (or dbcheck --fix) sets the count.
    MentionGroup.objects.bulk_create(missing, batch_size=500, ignore_conflicts=True)
    return len(stale) + len(changed) + len(missing)


def sync_mention_groups(kind_value: str, ids: Iterable[int]) -> int:
    """Set the stored groups of these records of one kind to a fresh count; rows changed."""
    ids = sorted({int(pk) for pk in ids if pk is not None})
    changed = 0
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        changed += _apply(kind_value, _fresh(kind_value, chunk), _stored(kind_value, chunk))
    return changed


def forget_mention_groups(kind_value: str, ids: Collection[int]) -> None:
    """Drop the groups of deleted records (their mentions went with them)."""
    ids = sorted(ids)
    for start in range(0, len(ids), _BATCH):
        MentionGroup.objects.filter(
            kind=kind_value, entity_id__in=ids[start : start + _BATCH]
        ).delete()


def rebuild_mention_groups(*, fix: bool = False) -> int:
    """Stored groups that are wrong, missing or left over, counted over every suggested
    mention (and, with `fix`, repaired)."""
    wrong = 0
    for kind_value in KINDS.values():
        fresh, stored = _fresh(kind_value, None), _stored(kind_value, None)
        wrong += sum(1 for key in stored if key not in fresh)
        wrong += sum(
            1
            for key, value in fresh.items()
            if key not in stored or (stored[key].mention_count, stored[key].first_id) != value
        )
        if fix:
            _apply(kind_value, fresh, stored)
    return wrong


def add_mention_groups(article_ids: Iterable[int]) -> int:
    """Add the suggested mentions of newly created articles to their groups: one upsert per
    group (insert, or add to the count and keep the smaller first id), safe beside a
    concurrent importer doing the same. Returns how many groups were written."""
    ids = sorted(set(article_ids))
    # A mention names one record, in its kind's column (the mention_exactly_one_entity
    # constraint): the first column set is its record, and one grouped query reads every kind.
    record = Coalesce(*(kind.mention_column for kind in KINDS))
    rows = []
    for start in range(0, len(ids), _BATCH):
        grouped = (
            Mention.objects.filter(
                article_id__in=ids[start : start + _BATCH], review_status=ReviewStatus.SUGGESTED
            )
            .order_by()
            .annotate(named_record=record)
            .values_list("kind", "named_record", "text")
            .annotate(n=Count("*"), first=Min("pk"))
            .values_list("kind", "named_record", "text", "n", "first")
        )
        rows.extend(grouped)
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT, rows)
    return len(rows)


_TABLE = MentionGroup._meta.db_table
_UPSERT = (
    f"INSERT INTO {_TABLE} (kind, entity_id, text, mention_count, first_id) "
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (kind, entity_id, text) DO UPDATE SET "
    f"mention_count = {_TABLE}.mention_count + excluded.mention_count, "
    f"first_id = CASE WHEN excluded.first_id < {_TABLE}.first_id "
    f"THEN excluded.first_id ELSE {_TABLE}.first_id END"
)
