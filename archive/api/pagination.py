"""Cursor pagination that follows whatever order the FilterSet chose.

DRF's CursorPagination orders by fixed fields of its own; the archive's lists are ordered by
their FilterSets (undated last, by relevance, by article count...). This paginator reads the
order the queryset already has and pages by keyset: the cursor holds the sort values of the
last row shown, signed (a client cannot forge one into an expensive or failing query), and
the next page is the rows after them; a `previous` cursor holds the first row's values and the
page is the rows before them, read in the reversed order. One query per page, as fast at
page 200 as at page 1, and stable when articles are added in between.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import Expression, F, FloatField, OrderBy, Q, QuerySet
from django.db.models.functions import Cast
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .errors import InvalidParameter

CURSOR_SALT = "archive.api.cursor"


@dataclass(frozen=True)
class SortKey:
    alias: str
    expression: Any
    descending: bool
    nulls_last: bool | None  # None: the column is not nullable (or the database decides)

    def after(self, value: Any) -> Q:
        """Rows strictly after `value` on this key."""
        nothing = Q(pk__in=[])
        if value is None:
            return (
                nothing if self.nulls_last is not False else Q(**{f"{self.alias}__isnull": False})
            )
        lookup = "lt" if self.descending else "gt"
        after = Q(**{f"{self.alias}__{lookup}": value})
        if self.nulls_last:
            after |= Q(**{f"{self.alias}__isnull": True})
        return after

    def at_or_after(self, value: Any) -> Q:
        """Rows on or after `value` on this key: implied by `after` on this key or a later
        one, and said once more on its own so the database can start an index range there
        instead of filtering every row before it (the OR of `rows_after` is no range)."""
        if value is None:  # only after a null: the OR says it, and no range starts there
            return Q()
        lookup = "lte" if self.descending else "gte"
        bound = Q(**{f"{self.alias}__{lookup}": value})
        if self.nulls_last:
            bound |= Q(**{f"{self.alias}__isnull": True})
        return bound

    def reversed(self) -> SortKey:
        """This key in the opposite direction (nulls at the other end), as QuerySet.reverse()
        orders it: rows "after" a value on it are the rows before it on this key."""
        nulls_last = None if self.nulls_last is None else not self.nulls_last
        return replace(self, descending=not self.descending, nulls_last=nulls_last)

    def equal(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.alias}__isnull": True})
        return Q(**{self.alias: value})


def sort_keys(queryset: QuerySet) -> tuple[list[SortKey], QuerySet]:
    """The queryset's order as sort keys, and the queryset annotated with them (ending in pk)."""
    order_by = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    names = {item.lstrip("-") for item in order_by if isinstance(item, str)}
    if not names & {"id", "pk"}:
        order_by.append("pk")
        queryset = queryset.order_by(*order_by)
    keys = []
    annotations = queryset.query.annotations
    for number, item in enumerate(order_by):
        alias = f"_cursor_{number}"
        if isinstance(item, str):
            name = item.lstrip("-")
            if name in annotations and not isinstance(annotations[name].output_field, FloatField):
                # Ordered by an annotation (a count): page by the annotation itself. A copy
                # under another alias is a second copy of its SQL, computed again for each row.
                keys.append(SortKey(name, None, item.startswith("-"), None))
                continue
            keys.append(SortKey(alias, F(name), item.startswith("-"), None))
        elif isinstance(item, OrderBy):
            nulls_last = True if item.nulls_last else (False if item.nulls_first else None)
            keys.append(SortKey(alias, item.expression, item.descending, nulls_last))
        elif isinstance(item, Expression | F):
            keys.append(SortKey(alias, item, False, None))
        else:  # pragma: no cover - no list of the archive orders by anything else
            raise TypeError(f"Cannot page by {item!r}.")
    annotated = queryset.annotate(**_new_annotations(keys))
    # A real (float4, PostgreSQL's ts_rank) reaches Python rounded to its shortest text: the
    # next page would compare against a value the column never held. As double precision
    # it comes back exactly and compares equal to itself.
    floats = {
        key.alias
        for key in keys
        if isinstance(annotated.query.annotations[key.alias].output_field, FloatField)
    }
    if floats:
        keys = [
            replace(key, expression=Cast(key.expression, FloatField()))
            if key.alias in floats
            else key
            for key in keys
        ]
        annotated = queryset.annotate(**_new_annotations(keys))
    return keys, annotated


def _new_annotations(keys: list[SortKey]) -> dict[str, Any]:
    return {key.alias: key.expression for key in keys if key.expression is not None}


def rows_after(keys: list[SortKey], values: list[Any]) -> Q:
    """The rows after `values` in the order of `keys`: after on the first key, or equal on it
    and after on the second, and so on."""
    conditions = []
    for number, key in enumerate(keys):
        condition = key.after(values[number])
        for earlier, value in zip(keys[:number], values[:number], strict=True):
            condition &= earlier.equal(value)
        conditions.append(condition)
    return reduce(or_, conditions) & keys[0].at_or_after(values[0])


def narrow_first(queryset: QuerySet, limit: int) -> QuerySet:
    """The first `limit` rows of `queryset`, chosen by their ids alone (one statement).

    Deep in a list the database sorts every row after the cursor: sorting ids (from an index)
    and then reading only the page's full rows is many times faster than sorting full rows.
    Lists that count (GROUP BY) are left as they are, and so are lists ordered by a correlated
    count: the ids' query counts for every row to sort them, and the page's would count its
    rows again."""
    annotations = queryset.query.annotations.values()
    if any(getattr(value, "contains_aggregate", False) for value in annotations):
        return queryset[:limit]
    if any(_has_subquery(item) for item in _order_expressions(queryset)):
        return queryset[:limit]
    return queryset.filter(pk__in=queryset.values("pk")[:limit])[:limit]


def _order_expressions(queryset: QuerySet) -> list[Any]:
    """What the queryset is ordered by, as expressions (annotations by name resolved)."""
    annotations = queryset.query.annotations
    found = []
    for item in queryset.query.order_by:
        if isinstance(item, str):
            name = item.lstrip("-")
            if name in annotations:
                found.append(annotations[name])
        else:
            found.append(item)
    return found


def _has_subquery(expression: Any) -> bool:
    flatten = getattr(expression, "flatten", None)
    if flatten is None:
        return False
    return any(getattr(part, "subquery", False) for part in flatten())


def _order_signature(queryset: QuerySet) -> str:
    return hashlib.sha256(repr(queryset.query.order_by).encode()).hexdigest()[:12]


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return settings.API_PAGE_SIZE
        maximum = settings.API_MAX_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= maximum:
            raise InvalidParameter(
                self.page_size_query_param, f"Enter a whole number from 1 to {maximum}."
            )
        return int(raw)

    def decode_cursor(self, raw: str, signature: str, width: int) -> tuple[list[Any], bool]:
        """(the sort values of the row the page starts after, whether it goes backwards)."""
        try:
            cursor = signing.loads(raw, salt=CURSOR_SALT)
        except signing.BadSignature:
            cursor = None
        if (
            not isinstance(cursor, dict)
            or cursor.get("order") != signature
            or not isinstance(cursor.get("after"), list)
            or len(cursor["after"]) != width
            or not isinstance(cursor.get("back", False), bool)
        ):
            raise InvalidParameter(
                self.cursor_query_param,
                "Not a cursor of this list: follow the `next` or `previous` link of a page "
                "with the same filters and ordering.",
            )
        return cursor["after"], cursor.get("back", False)

    def encode_cursor(self, row: Any, *, back: bool) -> str:
        values = [_jsonable(getattr(row, key.alias)) for key in self.keys]
        cursor: dict[str, Any] = {"order": self.signature, "after": values}
        if back:
            cursor["back"] = True
        return signing.dumps(cursor, salt=CURSOR_SALT, compress=True)

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list[Any]:
        self.request = request
        self.page_size = self.get_page_size(request)
        self.signature = _order_signature(queryset)
        self.keys, queryset = sort_keys(queryset)
        raw = request.query_params.get(self.cursor_query_param)
        back = False
        if raw:
            after, back = self.decode_cursor(raw, self.signature, len(self.keys))
            if back:
                # A previous page: the rows before the cursor, nearest first, then turned round.
                reversed_keys = [key.reversed() for key in self.keys]
                queryset = queryset.reverse().filter(rows_after(reversed_keys, after))
            else:
                queryset = queryset.filter(rows_after(self.keys, after))
        rows = list(narrow_first(queryset, self.page_size + 1))
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if back:
            rows.reverse()
        # Going forwards there are rows before the page whenever it started at a cursor;
        # going backwards there are rows after it (those the cursor came from).
        has_next, has_previous = (True, more) if back else (more, bool(raw))
        self.next_cursor = self.encode_cursor(rows[-1], back=False) if has_next and rows else None
        self.previous_cursor = (
            self.encode_cursor(rows[0], back=True) if has_previous and rows else None
        )
        return rows

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        return self._link(self.next_cursor)

    def get_previous_link(self) -> str | None:
        return self._link(self.previous_cursor)

    def get_first_link(self) -> str:
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page (null on the last one).",
                },
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The previous page (null on the first one).",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: a page's `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {settings.API_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
            },
        ]
