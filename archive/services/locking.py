"""Row locks that an import takes so that it never overwrites a curator's concurrent change."""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction

_Q = TypeVar("_Q", bound=models.QuerySet)


def locked_for_update(queryset: _Q) -> _Q:
    """`queryset` reading its rows with `SELECT ... FOR UPDATE` when inside a transaction.

    An import reads an article or entity, then writes rows that depend on what it read. Without
    the lock, on PostgreSQL (READ COMMITTED) a curator's publish or merge committed in between
    is overwritten or bypassed: the import would save the status it read, or link a mention to
    a record just merged away. With it, the import waits for the curator's transaction and then
    reads its result (or the curator waits for the import). Rows are locked in primary-key
    order so that two importers never deadlock on each other. Outside a transaction (a dry run)
    and on SQLite, whose IMMEDIATE transactions already serialise writers, it changes nothing.
    """
    if not transaction.get_connection(queryset.db).in_atomic_block:
        return queryset
    return queryset.select_for_update().order_by("pk")
