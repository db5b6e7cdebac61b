"""A search's newest matches, read once, and the best of them first: what both the search
pages (archive.pagination.SearchPaginator) and the API's search pages (archive.api.pagination)
show first.

A search is ordered best match first among its newest SEARCH_RANK_CANDIDATES matches (the
"ranked window"); its other matches follow, newest first. Scoring every match of a common word
read every article's index entry (hundreds of milliseconds at 100,000 articles), so a search
reads its newest matches' ids and dates once (one query, the window), scores those alone (one
more; on SQLite the window's query selects the score itself, SearchBackend.scan_score), and
sorts them here. Below the window's size the ranking is exact.

The matches' order, newest first and undated last, is also the order the keyset helpers
below compare in (`newest_key`, `older_than`, `newer_or_same`): a match is known by its date
and id, `MatchKey`.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils.functional import cached_property

from .search import match_scores, scan_score

#: Newest first, undated last: the order of a search's window and of the matches after it.
NEWEST = (F("published_on").desc(nulls_last=True), "-id")
#: The same order turned round, to read a window upwards from its oldest match.
OLDEST = (F("published_on").asc(nulls_first=True), "id")


class MatchKey(NamedTuple):
    """Where a match stands in NEWEST order: its date (None: undated) and id."""

    published_on: datetime.date | None
    pk: int


def newest_key(key: MatchKey) -> tuple:
    """A Python sort key for NEWEST order (newest first, undated last, then larger ids)."""
    if key.published_on is None:
        return (1, 0, -key.pk)
    return (0, -key.published_on.toordinal(), -key.pk)


def older_than(key: MatchKey) -> Q:
    """The matches after `key` in NEWEST order (older, or undated after a dated one)."""
    if key.published_on is None:
        return Q(published_on__isnull=True, pk__lt=key.pk)
    return (
        Q(published_on__lt=key.published_on)
        | Q(published_on__isnull=True)
        | Q(published_on=key.published_on, pk__lt=key.pk)
    )


def newer_or_same(key: MatchKey, *, same: bool = True) -> Q:
    """The matches at `key` (unless not `same`) or before it in NEWEST order."""
    pk = Q(pk__gte=key.pk) if same else Q(pk__gt=key.pk)
    if key.published_on is None:
        return Q(published_on__isnull=False) | (Q(published_on__isnull=True) & pk)
    return Q(published_on__gt=key.published_on) | (Q(published_on=key.published_on) & pk)


class RankedMatch(NamedTuple):
    key: MatchKey
    score: float

    def sort_key(self) -> tuple:
        """Best match first, ties newest first: the order of a search's ranked window."""
        return (-self.score, newest_key(self.key))


class SearchWindow:
    """A search's newest matches (up to `size`, one more tells of more) and the ranked window.

    `matches` is the search's queryset (any order: it is ordered here). With `since`, the
    window is read upwards from that match instead of down from the newest: the up to `size`
    matches at `since` or newer (an API cursor holds the oldest match of the window its first
    page ranked, so that its later pages rank the same matches). `with_scores`: whether the
    caller is expected to rank the window (a wrong guess costs one query: `ranked` then scores
    the candidates apart)."""

    def __init__(
        self,
        matches: QuerySet,
        search_text: str,
        size: int,
        since: MatchKey | None = None,
        *,
        with_scores: bool = True,
    ) -> None:
        self.matches = matches.order_by()
        self.search_text = search_text
        self.size = size
        self.since = since
        # Where the backend reads the relevance with the match (SQLite), the window's query
        # selects it, and the candidates need no scoring apart; unless the caller will not
        # rank (`with_scores` False: a page past the window), whose window is then cheaper.
        self.scan_score = scan_score(self.matches.db) if with_scores else None
        self._scanned: dict[int, float] = {}

    @cached_property
    def newest(self) -> list[MatchKey]:
        """The newest matches, newest first: up to `size`, one more tells of more (one query)."""
        if self.since is None:
            found = self._rows(self.matches.order_by(*NEWEST))[: self.size + 1]
            return [self._key(row) for row in found]
        upwards = self.matches.filter(newer_or_same(self.since)).order_by(*OLDEST)
        found = self._rows(upwards)[: self.size]
        return [self._key(row) for row in reversed(found)]

    def _rows(self, matches: QuerySet) -> QuerySet:
        if self.scan_score is None:
            return matches.values_list("published_on", "pk")
        return matches.annotate(window_score=self.scan_score).values_list(
            "published_on", "pk", "window_score"
        )

    def _key(self, row: tuple) -> MatchKey:
        if self.scan_score is not None:
            self._scanned[row[1]] = row[2]
        return MatchKey(row[0], row[1])

    @property
    def newest_ids(self) -> list[int]:
        return [key.pk for key in self.newest]

    @property
    def has_more(self) -> bool:
        """Whether the search has matches older than the window."""
        return len(self.newest) > self.size

    @cached_property
    def candidates(self) -> list[MatchKey]:
        """The matches the window ranks: its newest SEARCH_RANK_CANDIDATES."""
        return self.newest[: settings.SEARCH_RANK_CANDIDATES]

    @property
    def oldest_candidate(self) -> MatchKey | None:
        return self.candidates[-1] if self.candidates else None

    @cached_property
    def ranked(self) -> list[RankedMatch]:
        """The candidates best match first, ties newest first (scored with the window where the
        backend reads the relevance with the match, else by one query)."""
        candidates = self.candidates  # reading them fills _scanned where the window scores
        if self.scan_score is not None:
            scores = self._scanned
        else:
            ids = [key.pk for key in candidates]
            scores = match_scores(ids, self.search_text, using=self.matches.db)
        ranked = [RankedMatch(key, scores.get(key.pk, 0.0)) for key in candidates]
        return sorted(ranked, key=RankedMatch.sort_key)

    @property
    def ranked_ids(self) -> list[int]:
        return [match.key.pk for match in self.ranked]

    def older(self, key: MatchKey, limit: int) -> list[MatchKey]:
        """The `limit` matches after `key` in NEWEST order (one query)."""
        found = self.matches.filter(older_than(key)).order_by(*NEWEST)
        return [MatchKey(*row) for row in found.values_list("published_on", "pk")[:limit]]

    def newer(self, key: MatchKey, below: MatchKey, limit: int) -> list[MatchKey]:
        """The `limit` matches before `key` in NEWEST order and after `below`, nearest `key`
        first (one query): a page read backwards."""
        found = self.matches.filter(newer_or_same(key, same=False) & older_than(below))
        rows = found.order_by(*OLDEST).values_list("published_on", "pk")[:limit]
        return [MatchKey(*row) for row in rows]
