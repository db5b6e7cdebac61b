"""Events: named forums, conferences, summits, exhibitions, weeks and awards.

Names are found three ways: a capitalised phrase ending in an event word ("World Cities
Summit"); a capitalised phrase next to a lower-case event word ("the online forum Smart Cities
Moscow", "the Connected Smart Cities congress"); and a short list of well-known events without
an event word ("CES", "GITEX Global"). The name is kept without "the", descriptors and a year;
the year goes into the attributes.
"""

from __future__ import annotations

import re
from datetime import date

from dateutil.parser import parse as parse_date

from ..dates import month_alternation
from ..types import EVENT
from .candidates import Candidate, span_candidate
from .lexicon import KnownName, known_names_by_surface, known_names_in, not_entities
from .place_gazetteer import place_index, with_place_after
from .rules import Stage, rule
from .text import Chunk, Word, is_junk_word, words_in_span
from .vocabulary import (
    EVENT_DESCRIPTORS,
    EVENT_HEADS,
    HONORIFICS,
    LEADING_JUNK,
    MONTHS,
    ONLINE_WORDS,
    ROLE_WORDS,
    WEAK_EVENT_HEADS,
    WEEKDAYS,
)

_YEAR = re.compile(r"(19|20)\d\d")
_VENUE_TAILS = frozenset(
    {"center", "centre", "hall", "arena", "stadium", "park", "grounds", "complex", "palace"}
)
#: Capitalised words that open sentences and are never part of an event name.
_OPENERS = frozenset({"last", "next", "this", "during", "at", "after", "before", "since", "every"})


def event_kind(name: str) -> str:
    for word in reversed(name.split()):
        kind = EVENT_HEADS.get(word.lower().strip(".,"))
        if kind:
            return kind
    return "other"


def _clean_name_words(words: list[Word]) -> tuple[list[Word], int | None]:
    """Strip 'The', openers, ordinals and years at the edges; return the words and the year."""
    year: int | None = None
    changed = True
    while changed and words:
        changed = False
        first = words[0]
        if (
            is_junk_word(first, LEADING_JUNK)
            or first.lower in _OPENERS
            or (first.sent_start and first.lower in EVENT_DESCRIPTORS and first.pos != "PROPN")
        ):
            words = words[1:]
            changed = True
        elif first.is_year:
            year = int(first.text)
            words = words[1:]
            changed = True
    while words and (
        words[-1].is_year or words[-1].lower in {"of", "for", "and", "&", "the", "on"}
    ):
        if words[-1].is_year:
            year = int(words[-1].text)
        words = words[:-1]
    return words, year


def _candidate(
    words: list[Word], body: str, extractor: str, confidence: float, priority: float, year
) -> Candidate:
    start, end = words[0].start, words[-1].end
    attrs: dict = {"event_kind": event_kind(body[start:end])}
    if year:
        attrs["year"] = year
    return span_candidate(
        EVENT, body, start, end, extractor, confidence, attrs=attrs, priority=priority
    )


def _is_noise(words: list[Word]) -> bool:
    text = " ".join(w.text for w in words)
    if text.casefold() in not_entities() or text in place_index():
        return True
    if text in known_names_by_surface("organization"):
        return True
    return any(w.lower in MONTHS or w.lower in WEEKDAYS for w in words)


def _events_from_chunk(chunk: Chunk, all_words: list[Word], body: str) -> list[Candidate]:
    words = list(chunk.words)
    # A role title in front: "director of Smart City Expo World Congress".
    for position, word in enumerate(words[:-1]):
        if word.lower in ROLE_WORDS and words[position + 1].lower in {"of", "for", "at"}:
            words = words[position + 2 :]
            break
    head_positions = [k for k, w in enumerate(words) if w.lower in EVENT_HEADS and w.is_capitalised]
    if not head_positions:
        return []
    last_head = head_positions[-1]
    trailing = [w for w in words[last_head + 1 :] if not w.is_year]
    if trailing and trailing[0].lower in _VENUE_TAILS:
        return []  # "Haliç Congress Center": where an event is held, not an event
    end = last_head
    # Keep a trailing year for the attributes ("World Cities Summit 2024").
    if end + 1 < len(words) and words[end + 1].is_year:
        end += 1
    # "Week of Regions and Cities", "Festival of Light": the head opens the name.
    if end + 1 < len(words) and words[last_head + 1].lower in {"of", "on", "for"}:
        end = len(words) - 1
    name_words, year = _clean_name_words(words[: end + 1])
    if not name_words or _is_noise(name_words):
        return []
    heads = [w for w in name_words if w.lower in EVENT_HEADS]
    others = [
        w
        for w in name_words
        if w.lower not in EVENT_HEADS and w.lower not in {"and", "&", "of", "on", "for", "the"}
    ]
    if not others:
        if year and len(name_words) == 1:
            # "Expo 2020": the year is the only thing that names it, so it stays in the name.
            expo = words_in_span(words, name_words[0].start, words[end].end)
            return [_candidate(expo, body, "pattern:event-head", 0.8, 0.7, year)]
        return []
    head = heads[-1].lower if heads else ""
    next_word = (
        all_words[name_words[-1].index + 1] if name_words[-1].index + 1 < len(all_words) else None
    )
    described = (
        next_word is not None and next_word.lower in EVENT_HEADS and not next_word.is_capitalised
    )  # "the EcoMotion Week conference"
    if (
        head in WEAK_EVENT_HEADS
        and len(others) < 2
        and not described
        and not any(w.ent_type in {"EVENT", "ORG", "FAC"} for w in name_words)
    ):
        return []
    if name_words[0].sent_start and len(others) == 1 and others[0].pos != "PROPN":
        return []
    return [_candidate(name_words, body, "pattern:event-head", 0.85, 0.75, year)]


def _events_next_to_lowercase_head(
    chunks: list[Chunk], all_words: list[Word], body: str
) -> list[Candidate]:
    """'the online forum Smart Cities Moscow' and 'the Smart Cities Moscow forum'."""
    found: list[Candidate] = []
    for chunk in chunks:
        words = list(chunk.words)
        first, last = words[0].index, words[-1].index
        before = all_words[first - 1] if first > 0 else None
        after = all_words[last + 1] if last + 1 < len(all_words) else None
        name_words, year = _clean_name_words(words)
        if not name_words or _is_noise(name_words):
            continue
        if any(w.lower in EVENT_HEADS for w in name_words if w.is_capitalised):
            continue  # the head-word rule handles it
        if any(w.lower in HONORIFICS for w in name_words):
            continue
        head: Word | None = None
        if (
            before is not None
            and before.lower in EVENT_HEADS
            and before.lower not in WEAK_EVENT_HEADS
            and not before.is_capitalised
            and not words[0].sent_start
        ):
            head = before
        elif (
            after is not None
            and after.lower in EVENT_HEADS
            and after.lower not in WEAK_EVENT_HEADS
            and not after.is_capitalised
            and not words[-1].line_break_after
        ):
            head = after
        if head is None:
            continue
        if len(name_words) == 1 and (
            name_words[0].text in known_names_by_surface("organization")
            or name_words[0].ent_type in {"PERSON", "GPE", "LOC"}
        ):
            continue  # "the WEF summit", "the Moscow forum"
        if len(name_words) == 1 and name_words[0].is_upper and head is after:
            continue  # "the ITU conference": an organizer, not a name
        candidate = _candidate(name_words, body, "pattern:event-context", 0.75, 0.8, year)
        candidate.attrs["event_kind"] = EVENT_HEADS[head.lower]
        found.append(candidate)
    return found


def _known_events(words: list[Word], body: str) -> list[Candidate]:
    known = known_names_by_surface(EVENT)
    found: list[Candidate] = []
    n = len(words)
    editions = known_names_in(
        words, body, known, 6, _known_event_accepted, lambda name: _with_region(words, name)
    )
    for name, span, record in editions:
        year = None
        after = span[-1].index + 1
        if after < n and words[after].is_year:
            year = int(words[after].text)
        candidate = _candidate(span, body, "gazetteer:event", 0.9, 0.85, year)
        candidate.attrs["event_kind"] = record.kind
        # A regional edition ("GITEX Africa") is an event of its own, grouped by its name.
        candidate.group = f"known-event:{record.name}" if span == name else ""
        found.append(candidate)
    return found


def _known_event_accepted(span: list[Word], record: KnownName) -> bool:
    # A weak name ("RISE") is also a common word: spaCy must see an event or body there.
    return not record.weak or any(w.ent_type in {"EVENT", "ORG"} for w in span)


def _with_region(words: list[Word], span: list[Word]) -> list[Word]:
    """'GITEX Africa', 'MWC Shanghai': a known event's regional edition is an event of its own."""
    return with_place_after(words, span, lambda record: True)


def find_events(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    found = _known_events(words, body)
    for chunk in chunks:
        found.extend(_events_from_chunk(chunk, words, body))
    found.extend(_events_next_to_lowercase_head(chunks, words, body))
    return [c for c in found if not _is_sports_event(c.name or c.text)]


#: An awards competition's name ends in a plural ("... Awards 2024"); each award it hands out
#: in a singular ("... Award", "... Prize").
_COMPETITION_HEADS = frozenset({"awards", "prizes"})


@rule("award-categories-are-not-events", Stage.FILTER)
def without_award_categories(candidates: list[Candidate]) -> list[Candidate]:
    """On a page that names an awards competition ("the Harbour City Awards"), the singular
    awards it hands out ("the Young Leader Award", "the Social Impact award") are its
    categories: prizes, not events of their own. The competition stays an event. Run on the
    selected mentions, so a category's span is not handed to another kind."""
    awards = [c for c in candidates if c.attrs.get("event_kind") == "award"]
    if not any(_COMPETITION_HEADS & {w.casefold() for w in c.text.split()} for c in awards):
        return candidates
    return [
        c
        for c in candidates
        if c.attrs.get("event_kind") != "award"
        or _COMPETITION_HEADS & {w.casefold() for w in c.text.split()}
    ]


#: Sports events are not what the archive records ("the 2016 Summer Olympics", "Asian Games").
_SPORTS_EVENT = re.compile(
    r"\b(?:Olympics|Olympic Games|Paralympics|Paralympic Games|World Cup|Asian Games|"
    r"Commonwealth Games|Pan American Games|Grand Prix|Super Bowl|Championships?)\b"
)


def _is_sports_event(name: str) -> bool:
    return _SPORTS_EVENT.search(name) is not None


# --- Attributes --------------------------------------------------------------------------------

_MONTH = rf"(?:{month_alternation(capitalised=True)})"
_DAY_RANGE_MONTH = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and|until)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"\s+(?P<m>{_MONTH})\.?(?:,?\s+(?P<y>(?:19|20)\d\d))?"
)
_MONTH_DAY_RANGE = re.compile(
    rf"\b(?P<m>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and|until)\s*"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?"
)
_FROM_TO_MONTHS = re.compile(
    rf"\b(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})\s*(?:-|\u2013|to|until)\s*(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m2>{_MONTH})(?:,?\s+(?P<y>(?:19|20)\d\d))?"
)
_SINGLE_DAY = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\s+"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)\b,?\s+(?P<y>(?:19|20)\d\d)"
)


def _make_date(day: str, month: str, year: int | None) -> date | None:
    if year is None:
        return None
    try:
        return parse_date(f"{day} {month} {year}", dayfirst=True).date()
    except (ValueError, OverflowError):
        return None


def dates_in(sentence: str, known_year: int | None) -> tuple[date | None, date | None, int | None]:
    """(start, end, year) of a date or date range in a sentence; nothing is invented."""
    for pattern in (_FROM_TO_MONTHS, _DAY_RANGE_MONTH, _MONTH_DAY_RANGE):
        match = pattern.search(sentence)
        if match is None:
            continue
        groups = match.groupdict()
        year = int(groups["y"]) if groups.get("y") else known_year
        month1 = groups.get("m1") or groups.get("m")
        month2 = groups.get("m2") or groups.get("m")
        start = _make_date(groups["d1"], month1, year)
        end = _make_date(groups["d2"], month2, year)
        if start and end and end >= start:
            return start, end, year
    match = _SINGLE_DAY.search(sentence)
    if match is not None:
        groups = match.groupdict()
        day = groups["d1"] or groups["d2"]
        month = groups["m1"] or groups["m2"]
        year = int(groups["y"])
        single = _make_date(day, month, year)
        if single:
            return single, single, year
    return None, None, None


def is_online_near(words: list[Word], first_word: int, last_word: int) -> bool:
    """'online'/'virtual' among the few words before the name, or 'held online' right after."""
    begin = first_word
    while begin > 0 and first_word - begin < 6 and not words[begin].sent_start:
        begin -= 1
        if words[begin].lower in ONLINE_WORDS:
            return True
    after = words[last_word + 1 : last_word + 5]
    return any(w.lower in ONLINE_WORDS for w in after)
