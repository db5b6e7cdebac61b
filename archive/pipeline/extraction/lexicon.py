"""Known names (organizations, events, places, first names) from the tables in
`archive/pipeline/data/`, loaded once per process through `wordlists`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..wordlists import lines

if TYPE_CHECKING:
    from .text import Word


@dataclass(frozen=True)
class KnownName:
    """A widely known organization or event (not a curated one: see Gazetteer for those)."""

    name: str  # canonical
    kind: str  # organization kind or event kind
    aliases: tuple[str, ...]
    weak: bool  # also a common word or a person's name: needs spaCy to agree


def _lines(filename: str) -> tuple[str, ...]:
    return lines(filename)


def _known(filename: str) -> tuple[KnownName, ...]:
    records = []
    for line in _lines(filename):
        fields = [*line.split("\t"), "", "", ""]
        name, kind, aliases, flags = (f.strip() for f in fields[:4])
        records.append(
            KnownName(
                name=name,
                kind=kind,
                aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
                weak="weak" in flags,
            )
        )
    return tuple(records)


@functools.cache
def known_organizations() -> tuple[KnownName, ...]:
    return _known("organizations.tsv")


@functools.cache
def known_events() -> tuple[KnownName, ...]:
    return _known("events.tsv")


@functools.cache
def known_names_by_surface(kind: str) -> dict[str, KnownName]:
    """Every name and alias (exact spelling) -> record, for "organization" or "event"."""
    records = known_organizations() if kind == "organization" else known_events()
    index: dict[str, KnownName] = {}
    for record in records:
        for surface in (record.name, *record.aliases):
            # Mentions never include a leading "the"; index the name without it.
            if surface.startswith(("the ", "The ")):
                surface = surface[4:]
            index.setdefault(surface, record)
    return index


def longest_known_at(
    words: Sequence[Word],
    i: int,
    body: str,
    known: dict[str, KnownName],
    max_words: int,
    accept: Callable[[list[Word], KnownName], bool],
) -> tuple[list[Word], KnownName] | None:
    """The longest run of words starting at `i` (at most `max_words`) spelling a known name
    that `accept` agrees to; None when there is none."""
    for size in range(min(max_words, len(words) - i), 0, -1):
        span = list(words[i : i + size])
        record = known.get(body[span[0].start : span[-1].end])
        if record is not None and accept(span, record):
            return span, record
    return None


def known_names_in(
    words: Sequence[Word],
    body: str,
    known: dict[str, KnownName],
    max_words: int,
    accept: Callable[[list[Word], KnownName], bool],
    grow: Callable[[list[Word]], list[Word]],
) -> Iterator[tuple[list[Word], list[Word], KnownName]]:
    """Every known name in the text, left to right (the longest at each word, see
    `longest_known_at`), as (its words, those words grown by `grow`, its record). The search
    goes on after the grown span (a name with the region of its edition or arm, say)."""
    i = 0
    while i < len(words):
        hit = longest_known_at(words, i, body, known, max_words, accept)
        if hit is None:
            i += 1
            continue
        span, record = hit
        grown = grow(span)
        yield span, grown, record
        i = grown[-1].index + 1


@functools.cache
def place_aliases(name: str = "places.tsv") -> tuple[tuple[str, str, str, str], ...]:
    """(alias, canonical, place kind, country code) rows of `data/NAME` (places.tsv, or a
    language's own: places_ru.tsv)."""
    rows = []
    for line in _lines(name):
        fields = [*line.split("\t"), "", "", ""]
        rows.append(tuple(f.strip() for f in fields[:4]))
    return tuple(rows)  # type: ignore[return-value]


@functools.cache
def not_entities() -> frozenset[str]:
    """Case-folded names that are never an entity on their own."""
    return frozenset(line.strip().casefold() for line in _lines("not_entities.txt"))


@functools.cache
def ambiguous_place_names() -> frozenset[str]:
    return frozenset(line.strip() for line in _lines("ambiguous_places.txt"))


@functools.cache
def first_names() -> frozenset[str]:
    return frozenset(line.strip() for line in _lines("first_names.txt"))


@functools.cache
def not_entities_exact() -> frozenset[str]:
    """The same names, spelled exactly ("BEV" the vehicle is not "Bev" the given name)."""
    return frozenset(line.strip() for line in _lines("not_entities.txt"))
