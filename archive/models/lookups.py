"""Lookups the archive's queries need beyond Django's own."""

from __future__ import annotations

from django.db import models
from django.db.models.lookups import In, StartsWith

#: GLOB's wildcards, each written as a one-character class so that it matches itself.
_GLOB_ESCAPES = str.maketrans({"*": "[*]", "?": "[?]", "[": "[[]"})


@models.CharField.register_lookup
class Prefix(models.Lookup):
    """`slug__prefix="moscow-"`: a case-sensitive prefix match that an index on the column serves.

    Django's `startswith` is `LIKE 'moscow-%'`. PostgreSQL serves that from the `_like`
    (pattern_ops) index Django makes beside every indexed text column, but SQLite's LIKE folds
    case, so it cannot use a column's (case-sensitive) index and scans the whole table: on an
    archive of 100,000 articles, every new article's slug check read all their slugs. SQLite
    serves GLOB from the index instead (a range search on the literal prefix), and GLOB is case
    sensitive, as `startswith` is on PostgreSQL.
    """

    lookup_name = "prefix"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} GLOB %s", [*lhs_params, str(self.rhs).translate(_GLOB_ESCAPES) + "*"]


@models.IntegerField.register_lookup
class InArray(In):
    """`pk__in_array=<subquery>`: `IN (subquery)`, read on PostgreSQL as `= ANY(ARRAY(subquery))`.

    Several `pk__in=<small subquery>` conditions joined by OR made PostgreSQL hash each
    subquery and test every row of the table against the hashes (a sequential scan of 3
    million mentions for the review queue's samples). `ARRAY(subquery)` is computed once, and
    `= ANY(array)` is answered from the column's index, each OR branch by its own index scan.
    SQLite already looks a small `IN (subquery)` up in the index.
    """

    lookup_name = "in_array"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]
