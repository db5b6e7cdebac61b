"""Two organizations joined by "and" and read as one name: "the Port Board and Lakeside Water
District", "partners Altavia, Norrland and Brightpath Partners". The finders keep "and" inside a
name because most such names are one body ("Dubai Electricity and Water Authority"); this repair
splits a name only where both sides are names of their own."""

from __future__ import annotations

import bisect
import re

from ..types import ORGANIZATION
from .candidates import Candidate, span_candidate
from .lexicon import known_names_by_surface
from .org_shapes import (
    GENERIC_MODIFIERS,
    WEAK_SUFFIX_HEADS,
    is_topic_word,
    prefix_head_position,
)
from .place_gazetteer import place_index
from .rules import Stage, rule
from .text import Word
from .vocabulary import ORG_PREFIX_CONNECTORS, ORG_SUFFIX_HEADS

_AND = re.compile(r" (?:and|&) ")

#: "Altavia, Norrland and ...": the name before "and" closes a comma list of names.
_LISTED_BEFORE = re.compile(r"[A-Z][\w&.'\u2019-]*,\s*$")


@rule("coordinated-organizations-split", Stage.REPAIR)
def split_coordinated_organizations(
    candidates: list[Candidate], words: list[Word], body: str
) -> list[Candidate]:
    """An organization whose text is "<name> and <name>", each side complete (an organization
    word ends it, or it is "<Head> of ...", or a known name, or the last of a comma list of
    names) and the right side a proper name of its own (not topics: "Electricity and Water
    Authority"), is two organizations."""
    starts = [w.start for w in words]
    result: list[Candidate] = []
    for candidate in candidates:
        if candidate.kind != ORGANIZATION or candidate.known_id is not None:
            result.append(candidate)
            continue
        result.extend(_split(candidate, words, starts, body))
    return result


def _split(
    candidate: Candidate, words: list[Word], starts: list[int], body: str
) -> list[Candidate]:
    for match in _AND.finditer(candidate.text):
        left_end = candidate.start + match.start()
        right_start = candidate.start + match.end()
        left = _words_between(words, starts, candidate.start, left_end)
        right = _words_between(words, starts, right_start, candidate.end)
        if not left or not right:
            continue
        if (
            _complete(left, body, candidate.start)
            and _named_right(right)
            and not _second_topic(left, right)
        ):
            return [
                _part(candidate, body, candidate.start, left_end),
                *_split(_part(candidate, body, right_start, candidate.end), words, starts, body),
            ]
    return [candidate]


def _words_between(words: list[Word], starts: list[int], start: int, end: int) -> list[Word]:
    """The words spanning exactly body[start:end]; [] when the span does not fall on words."""
    first = bisect.bisect_left(starts, start)
    found = []
    for word in words[first:]:
        if word.end > end:
            break
        found.append(word)
    if not found or found[0].start != start or found[-1].end != end:
        return []
    return found


def _complete(left: list[Word], body: str, start: int) -> bool:
    text = " ".join(w.text for w in left)
    if text in known_names_by_surface(ORGANIZATION):
        return True
    if len(left) >= 2 and left[-1].lower in ORG_SUFFIX_HEADS:
        return True
    head = prefix_head_position(left)
    if head is not None and head + 2 < len(left) and left[-1].is_capitalised:
        return True
    return (
        len(left) == 1
        and left[0].pos == "PROPN"
        and _LISTED_BEFORE.search(body, max(0, start - 60), start) is not None
    )


def _second_topic(left: list[Word], right: list[Word]) -> bool:
    """'Institute of Coastal Energy and Marine Technology': after '<Head> of <topic>', words
    ending in a topic-like head ('Technology', 'Research', 'Services') are a second topic of the
    same body, not a body of their own."""
    return (
        prefix_head_position(left) is not None
        and right[-1].lower in WEAK_SUFFIX_HEADS
        and prefix_head_position(right) is None
    )


def _named_right(right: list[Word]) -> bool:
    if " ".join(w.text for w in right) in known_names_by_surface(ORGANIZATION):
        return True
    first = right[0]
    if any(w.lower in ORG_PREFIX_CONNECTORS for w in right):
        # "Center for Diagnostics and Telemedicine of the <City> Health Department": a second
        # topic, then the owner of the whole name.
        return False
    if not first.is_capitalised or first.lower in GENERIC_MODIFIERS or is_topic_word(first):
        return False
    if len(right) >= 2 and right[-1].lower in ORG_SUFFIX_HEADS:
        return True
    # "... and Lakeside Valley Water District": a body named after its place, whose last word
    # is no organization word of ours.
    return (
        len(right) >= 3
        and first.text in place_index()
        and right[-1].is_capitalised
        and " ".join(w.text for w in right) not in place_index()
    )


def _part(candidate: Candidate, body: str, start: int, end: int) -> Candidate:
    return span_candidate(
        ORGANIZATION,
        body,
        start,
        end,
        candidate.extractor,
        candidate.confidence,
        priority=candidate.priority,
        attrs=dict(candidate.attrs),
    )
