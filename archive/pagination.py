"""Paginators that read a page's ids first, then only those rows.

Ordered by a computed value (a search's rank), a page query makes the database build every
matching row before it sorts them: on PostgreSQL that reads each match's body for the list's
snippet (from TOAST storage), half a second at 20,000 matches. Sorting ids and sort keys first
and then reading the page's rows by id costs one more query and reads 20 bodies.

The rows are read from `rows`, a queryset without the list's filters: given the ids, the
filters (a full-text match above all) would only be evaluated again for nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from .search import orders_by_relevance
from .search_window import SearchWindow
from .services.research import ids_query

#: Newest first, undated last: the list's default order (archive.filters.NEWEST_ARTICLES).
NEWEST = (F("published_on").desc(nulls_last=True), "-id")

#: How far a search's window reads, at most, in steps of SEARCH_COUNT_LIMIT, to serve a later
#: page and its count from its one query. For a word in every article of 100,000, reading
#: 5,000 matches where 1,000 would do costs about 10 ms more on SQLite and 25 on PostgreSQL,
#: where counting the matches again and reading the page's ids by offset cost page 60 35 ms on
#: SQLite and 75 on PostgreSQL (docs/benchmarks.md, 2026-12-05).
DEEP_WINDOW_STEPS = 5


class PageIdsPaginator(Paginator):
    """A page's rows read by id, the ids chosen by a subquery that sorts and skips ids only.

    `LIMIT 20 OFFSET 3980` over the list's rows made the database build every skipped row (a
    teaser cut from each body) only to drop it: page 200 took 110 ms on SQLite at 100,000
    articles, where sorting and skipping ids alone reads a narrow index (14 ms). Still one
    query per page: `id IN (SELECT id ... LIMIT/OFFSET)`, in the list's order.
    """

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        rows: QuerySet,
        known_count: int | None = None,
        **kwargs,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        #: The count when a stored count gives it (ArticleFilter.known_count): not counted.
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        return Paginator.count.func(self)

    def _get_page(self, object_list, number: int, paginator: Paginator) -> Page:
        if isinstance(object_list, QuerySet) and object_list.query.is_sliced:
            # The list's order, or the model's when the list names none.
            order_by = object_list.query.order_by or object_list.model._meta.ordering
            ids = object_list.values("pk")
            object_list = self.rows.filter(pk__in=ids).order_by(*order_by)
        return super()._get_page(object_list, number, paginator)


class SearchPaginator(Paginator):
    """The pages of a search, from its newest matches' ids, read once (one query).

    Those ids (search_window.SearchWindow, which the API's search pages share) serve the first
    pages newest first, best match first (scored for them alone), and the facets and map of
    the page (`newest_ids`). A search counts its matches only up to
    `settings.SEARCH_COUNT_LIMIT` beyond the page asked for (`count_is_bounded` then says
    "more than `count`"): counting every match of a common word read every article's index
    entry on each page. For a later page the window reads as far as the page and its count
    need (up to DEEP_WINDOW_STEPS counts), so both come from its one query; pages beyond
    that are read by offset, newest first (in best-match order the unranked matches follow
    the ranked ones newest first, so it is the same); other orders (oldest, title) read ids by
    offset.

    `object_list` is the search's queryset in its order; `rows` as above: the
    list's rows without its filters.
    """

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        rows: QuerySet,
        search_text: str,
        wanted_page: str | int | None = None,
        **kwargs,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        self.matches = object_list.order_by()
        try:
            self.wanted_page = max(1, int(wanted_page or 1))
        except (TypeError, ValueError):
            self.wanted_page = 1
        self.size = max(
            settings.SEARCH_RANK_CANDIDATES,
            settings.SEARCH_FACET_SAMPLE_SIZE,
            settings.SEARCH_COUNT_LIMIT,
        )
        # A later page (and how far its count goes) within reach: the window reads that far,
        # so that the page's ids and its count come from the window's one query.
        if self.count_limit() <= DEEP_WINDOW_STEPS * settings.SEARCH_COUNT_LIMIT:
            self.size = max(self.size, self.count_limit())
        self.count_is_bounded = False
        if orders_by_relevance(object_list):
            self.order = "relevance"
        elif tuple(object_list.query.order_by) == NEWEST:
            self.order = "newest"
        else:
            self.order = ""
        # Only a page that starts in the ranked window shows its order (a page asked for out
        # of range and shown as the last one may still need it: scored apart then).
        in_window = (self.wanted_page - 1) * self.per_page < settings.SEARCH_RANK_CANDIDATES
        ranks = self.order == "relevance" and in_window
        self.window = SearchWindow(self.matches, search_text, self.size, with_scores=ranks)

    @property
    def newest_ids(self) -> list[int]:
        """Ids of the newest matches, newest first: up to the window, one more tells of more."""
        return self.window.newest_ids

    def count_limit(self) -> int:
        """How far the count goes: enough to show the page asked for and the next ones, in
        steps of SEARCH_COUNT_LIMIT."""
        step = settings.SEARCH_COUNT_LIMIT
        return step * (1 + (self.wanted_page * self.per_page) // step)

    @cached_property
    def count(self) -> int:
        found = self.newest_ids
        if not self.window.has_more:
            return len(found)
        limit = self.count_limit()
        counted = (
            len(found) if limit < len(found) else self.matches.values("pk")[: limit + 1].count()
        )
        self.count_is_bounded = counted > limit
        return min(counted, limit)

    def newest_ids_query(self, number: int) -> RawSQL:
        """The newest `number` matches' ids as a subquery of one parameter (research.ids_query),
        for the counts beside the page (facets, map)."""
        return ids_query(self.newest_ids[:number], using=self.matches.db)

    def more_than(self, number: int) -> bool:
        """Whether the search has more than `number` matches."""
        return len(self.newest_ids) > number or self.count > number

    @property
    def ranked_ids(self) -> list[int]:
        return self.window.ranked_ids

    def _ids(self, bottom: int, top: int) -> list[int]:
        if self.order == "relevance":
            ranked_count = len(self.window.candidates)
            if bottom >= ranked_count:
                # A page past the ranked window needs its length, not its order: the scores
                # (a second read of the word's index entries) are left uncomputed.
                return self._newest(bottom, top)
            ranked = self.ranked_ids
            if top <= len(ranked):
                return ranked[bottom:top]
            return ranked[bottom:] + self._newest(max(bottom, len(ranked)), top)
        if self.order == "newest":
            return self._newest(bottom, top)
        return list(self.object_list.values_list("pk", flat=True)[bottom:top])

    def _newest(self, bottom: int, top: int) -> list[int]:
        if top <= len(self.newest_ids) or not self.window.has_more:
            return self.newest_ids[bottom:top]
        return list(self.matches.order_by(*NEWEST).values_list("pk", flat=True)[bottom:top])

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self._ids(bottom, top)
        rows = {row.pk: row for row in self.rows.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
