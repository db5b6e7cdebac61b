"""Plain column values of many rows written by primary key, one statement per batch.

Django's `bulk_update` writes `SET column = CASE WHEN id = 1 THEN ... WHEN id = 2 THEN ... END`
for every column, building an expression object per row and column in Python first. Recounting
the records a batch of 200 imported articles names (a few thousand rows, four counts each) spent
most of its time building those expressions (docs/benchmarks.md, "Stored counts written from a
list of values"). Here the values travel as one VALUES list joined to the table by primary key
(`UPDATE ... FROM (VALUES ...) AS fresh`, SQLite 3.33+ and PostgreSQL).

Like `bulk_update`: plain values only (no expressions), no signals, no `auto_now`, no history,
all batches in one transaction. Each object is written once: pass no duplicates. On a SQLite
older than 3.33 or another database (no `UPDATE ... FROM`) it is `bulk_update`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from django.db import connections, router, transaction
from django.db.models import Model

#: Rows per statement at most, whatever the backend allows (PostgreSQL allows every row at once).
MAX_BATCH = 500
#: The first SQLite that reads `UPDATE ... FROM`.
_SQLITE_UPDATE_FROM = (3, 33, 0)


def update_columns(
    model: type[Model], objs: Iterable[Model], fields: Sequence[str], *, using: str | None = None
) -> int:
    """Write `fields` of `objs` (saved instances of `model`) to their rows; rows written."""
    objs = list(objs)
    if not objs or not fields:
        return 0
    if any(obj.pk is None for obj in objs):
        raise ValueError("update_columns() can only write objects that are saved (have a pk).")
    alias = using or router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor not in {"sqlite", "postgresql"} or (
        connection.vendor == "sqlite" and sqlite3.sqlite_version_info < _SQLITE_UPDATE_FROM
    ):
        return model._base_manager.using(alias).bulk_update(objs, fields)
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    quote = connection.ops.quote_name
    # SQLite and PostgreSQL both name a VALUES list's columns column1, column2, ...
    names = [f"fresh.column{index}" for index in range(1, len(columns) + 1)]
    table = quote(meta.db_table)

    def typed(field, name: str) -> str:
        # PostgreSQL guesses a VALUES column's type from its text: cast it to the column's. On
        # SQLite the column's own type applies when the value is stored (a CAST to "time"
        # there would make "12:30:00" the number 12).
        if connection.vendor == "sqlite":
            return name
        return f"CAST({name} AS {field.cast_db_type(connection)})"

    assignments = ", ".join(
        f"{quote(field.column)} = {typed(field, name)}"
        for field, name in zip(columns[1:], names[1:], strict=True)
    )
    key = typed(meta.pk, names[0])
    batch_size = max(1, min(MAX_BATCH, connection.ops.bulk_batch_size(columns, objs)))
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    written = 0
    with transaction.atomic(using=alias, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection)
                for obj in batch
                for field in columns
            ]
            # The statement opens with UPDATE (not WITH): Python's sqlite3 then counts its rows.
            cursor.execute(
                f"UPDATE {table} SET {assignments}"
                f" FROM (VALUES {', '.join([row_marks] * len(batch))}) AS fresh"
                f" WHERE {table}.{quote(meta.pk.column)} = {key}",
                params,
            )
            written += cursor.rowcount
    return written
