"""Cursor pagination that follows whatever order the FilterSet chose.

DRF's CursorPagination orders by fixed fields of its own; the archive's lists are ordered by
their FilterSets (undated last, by relevance, by article count...). This paginator reads the
order the queryset already has and pages by keyset: the cursor holds the sort values of the
last row shown, signed (a client cannot forge one into an expensive or failing query), and
the next page is the rows after them; a `previous` cursor holds the first row's values and the
page is the rows before them, read in the reversed order. One query per page, as fast at
page 200 as at page 1, and stable when articles are added in between.

A search ordered best match first (`?q=` with the default ordering) is paged as the search
pages show it (archive.search_window, shared with archive.pagination.SearchPaginator): its
newest SEARCH_RANK_CANDIDATES matches, best match first (ties newest first), then its other
matches, newest first. Its first page reads that window once and scores it; its cursor holds
the row's place in that order and the window's oldest match (the "floor"). A later page ranks
the same window again, read upwards from the floor (its matches at the floor or newer, up to
SEARCH_RANK_CANDIDATES of them), and past the window pages by date and id below the floor.
Walking every page lists every match once. Articles added meanwhile show up on a later page
when they rank after the cursor, as with any cursor; on SQLite a match's relevance (bm25)
also depends on the whole archive, so after an import near-equal matches may trade places
across a cursor.
"""

from __future__ import annotations

import datetime
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

from ..search import orders_by_relevance
from ..search_window import MatchKey, RankedMatch, SearchWindow
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

    def load_cursor(self, raw: str, signature: str, width: int) -> dict[str, Any]:
        """The cursor's fields, checked: `after` (the sort values of the row the page starts
        after, `width` of them) and `back` (whether the page goes backwards)."""
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
            raise self.bad_cursor()
        return cursor

    def bad_cursor(self) -> InvalidParameter:
        return InvalidParameter(
            self.cursor_query_param,
            "Not a cursor of this list: follow the `next` or `previous` link of a page "
            "with the same filters and ordering.",
        )

    def decode_cursor(self, raw: str, signature: str, width: int) -> tuple[list[Any], bool]:
        """(the sort values of the row the page starts after, whether it goes backwards)."""
        cursor = self.load_cursor(raw, signature, width)
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
        if view is not None and orders_by_relevance(queryset):
            return SearchPages(self, queryset, view.get_queryset()).page()
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


#: A row of a search's pages: its score when it is in the ranked window (None past it), and
#: its date and id.
Placed = tuple[float | None, MatchKey]


class SearchPages:
    """The pages of a search ordered best match first: its ranked window, then the matches
    below the window's oldest one (the floor), newest first (the module's docstring)."""

    def __init__(self, pagination: KeysetPagination, matches: QuerySet, rows: QuerySet) -> None:
        self.pagination = pagination
        self.matches = matches
        if "story_copies" in matches.query.annotations:  # ?collapse=stories
            rows = rows.annotate(story_copies=matches.query.annotations["story_copies"])
        #: The rows shown, read by id: given the ids, the search need not run again.
        self.rows = rows
        self.text = pagination.request.query_params.get("q", "")
        self.size = settings.SEARCH_RANK_CANDIDATES

    def page(self) -> list[Any]:
        pagination = self.pagination
        wanted = pagination.page_size + 1
        raw = pagination.request.query_params.get(pagination.cursor_query_param)
        back = False
        if not raw:
            window = SearchWindow(self.matches, self.text, self.size)
            floor = window.oldest_candidate
            found = self.forwards(window, floor, None, wanted, older_exist=window.has_more)
        else:
            floor, after, back = self.decode(raw)
            # A page that goes on from a row past the window ranks nothing (unless read
            # backwards into the window: then its candidates are scored apart).
            window = SearchWindow(
                self.matches, self.text, self.size, since=floor, with_scores=after[0] is not None
            )
            if back:
                found = self.backwards(window, floor, after, wanted)
            else:
                found = self.forwards(window, floor, after, wanted, older_exist=True)
        more = len(found) > pagination.page_size
        found = found[: pagination.page_size]
        if back:
            found.reverse()
        has_next, has_previous = (True, more) if back else (more, bool(raw))
        pagination.next_cursor = (
            self.encode(floor, found[-1], back=False) if has_next and found else None
        )
        pagination.previous_cursor = (
            self.encode(floor, found[0], back=True) if has_previous and found else None
        )
        ids = [key.pk for _, key in found]
        rows = {row.pk: row for row in self.rows.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    @staticmethod
    def forwards(
        window: SearchWindow,
        floor: MatchKey | None,
        after: Placed | None,
        limit: int,
        older_exist: bool,
    ) -> list[Placed]:
        """Up to `limit` rows after `after` (from the first one without it)."""
        found: list[Placed] = []
        start = floor
        if after is None or after[0] is not None:
            ranked = window.ranked
            if after is not None:
                ranked = ranked[_ranked_place(ranked, after)[1] :]
            found = [(match.score, match.key) for match in ranked[:limit]]
        else:
            start = after[1]
        if len(found) < limit and start is not None and older_exist:
            found += [(None, key) for key in window.older(start, limit - len(found))]
        return found

    @staticmethod
    def backwards(
        window: SearchWindow, floor: MatchKey, before: Placed, limit: int
    ) -> list[Placed]:
        """Up to `limit` rows before `before`, nearest first."""
        found: list[Placed] = []
        if before[0] is None:
            found = [(None, key) for key in window.newer(before[1], floor, limit)]
        if len(found) == limit:
            return found  # the ranked window's scores are not needed (nor computed)
        ranked = window.ranked
        if before[0] is not None:
            ranked = ranked[: _ranked_place(ranked, before)[0]]
        found += [(match.score, match.key) for match in reversed(ranked)][: limit - len(found)]
        return found

    def encode(self, floor: MatchKey | None, placed: Placed, *, back: bool) -> str:
        score, key = placed
        cursor: dict[str, Any] = {
            "order": self.pagination.signature,
            "floor": [_jsonable(floor.published_on), floor.pk] if floor else None,
            "after": [score, _jsonable(key.published_on), key.pk],
        }
        if back:
            cursor["back"] = True
        return signing.dumps(cursor, salt=CURSOR_SALT, compress=True)

    def decode(self, raw: str) -> tuple[MatchKey, Placed, bool]:
        """(the floor, the row the page starts after, whether it goes backwards)."""
        pagination = self.pagination
        cursor = pagination.load_cursor(raw, pagination.signature, 3)
        try:
            floor = _match_key(*cursor["floor"])
            score, *key = cursor["after"]
            if score is not None and not isinstance(score, int | float):
                raise TypeError(score)
            after = (None if score is None else float(score), _match_key(*key))
        except (KeyError, TypeError, ValueError) as error:
            raise pagination.bad_cursor() from error
        return floor, after, cursor.get("back", False)


def _ranked_place(ranked: list[RankedMatch], placed: Placed) -> tuple[int, int]:
    """(how many rows of the window ranked again come before the cursor's row, where the
    rows after it start). The row is found by its id, so that a change of every score (bm25
    on SQLite weighs a word by the whole archive, which an import changes) moves no row
    across the cursor; a row no longer there (withdrawn meanwhile) is placed by its score,
    date and id."""
    score, key = placed
    for index, match in enumerate(ranked):
        if match.key.pk == key.pk:
            return index, index + 1
    mark = RankedMatch(key, score or 0.0).sort_key()
    before = sum(1 for match in ranked if match.sort_key() < mark)
    return before, before


def _match_key(published_on: Any, pk: Any) -> MatchKey:
    if not isinstance(pk, int) or not (published_on is None or isinstance(published_on, str)):
        raise TypeError(pk)
    date = None if published_on is None else datetime.date.fromisoformat(published_on)
    return MatchKey(date, pk)
