"""Counts over the whole archive, kept for a short while between requests.

The home page's totals, timeline and most-named entities, and the unfiltered article list's
facets, each count over every mention of the archive: a second or more at 20,000 articles,
on every view. They change only when something is imported or curated, and a researcher does
not need them to the second, so they are cached for PUBLIC_COUNTS_CACHE_SECONDS (a setting;
0 turns the cache off). An import run that writes articles, any curator's change through the
admin (archive.middleware.StaleCountsAfterCurationMiddleware), and every service or command
that recounts records (archive.services.entity_counts.recount_entities: review, merges,
stories, publishing, undo, repairs) make every cached count stale at once
(`public_counts_changed`), so the change shows on the next view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

_VERSION_KEY = "archive:public-counts:version"


def _version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(_VERSION_KEY, version, timeout=None)
    return version


def cached_count(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned less than PUBLIC_COUNTS_CACHE_SECONDS ago."""
    seconds = getattr(settings, "PUBLIC_COUNTS_CACHE_SECONDS", 60)
    if seconds <= 0:
        return compute()
    key = f"archive:public-counts:{_version()}:{name}"
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found
    value = compute()
    cache.set(key, value, timeout=seconds)
    return value


def public_counts_changed() -> None:
    """Forget every cached count (after an import, say): the next view counts afresh."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # no version yet: nothing is cached under one
        cache.add(_VERSION_KEY, 1, timeout=None)


_MISSING = object()
