"""Plain column values of many rows written by primary key, one statement per batch.

Django's `bulk_update` writes `SET column = CASE WHEN id = 1 THEN ... WHEN id = 2 THEN ... END`
for every column, building an expression object per row and column in Python first. Recounting
the records a batch of 200 imported articles names (a few thousand rows, four counts each) spent
most of its time building those expressions (docs/benchmarks.md, "Stored counts written from a
list of values"). Here the values travel as one VALUES list joined to the table by primary key
(`WITH fresh (...) AS (VALUES ...) UPDATE ... FROM fresh`, SQLite 3.33+ and PostgreSQL).

Like `bulk_update`: plain values only (no expressions), no signals, no `auto_now`, no history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections, router
from django.db.models import Model


def update_columns(
    model: type[Model], objs: Iterable[Model], fields: Sequence[str], *, using: str | None = None
) -> int:
    """Write `fields` of `objs` (saved instances of `model`) to their rows; rows written."""
    objs = list(objs)
    if not objs or not fields:
        return 0
    alias = using or router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    quote = connection.ops.quote_name
    names = ["pk", *(f"v{index}" for index in range(1, len(columns)))]
    table = quote(meta.db_table)
    assignments = ", ".join(
        # The cast keeps PostgreSQL from guessing the VALUES columns' types from their text.
        f"{quote(field.column)} = CAST(fresh.{name} AS {field.cast_db_type(connection)})"
        for field, name in zip(columns[1:], names[1:], strict=True)
    )
    key = f"CAST(fresh.pk AS {meta.pk.cast_db_type(connection)})"
    batch_size = max(1, connection.ops.bulk_batch_size(columns, objs))
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection)
                for obj in batch
                for field in columns
            ]
            cursor.execute(
                f"WITH fresh ({', '.join(names)}) AS (VALUES {', '.join([row_marks] * len(batch))})"
                f" UPDATE {table} SET {assignments} FROM fresh"
                f" WHERE {table}.{quote(meta.pk.column)} = {key}",
                params,
            )
            written += len(batch)
    return written
