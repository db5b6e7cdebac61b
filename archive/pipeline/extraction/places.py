"""Finding places: gazetteer names in the text, checked against capitalisation, part of
speech, spaCy's own GPE/LOC guess and the words around them, plus the places the gazetteer
lacks (`unknown_places`)."""

from __future__ import annotations

from dataclasses import replace

from ..types import PLACE
from ..wordlists import terms
from .candidates import Candidate
from .datelines import opens_dateline
from .lexicon import ambiguous_place_names, not_entities
from .place_gazetteer import CITY, REGION, PlaceRecord, city_namesakes, place_index
from .text import Word
from .unknown_places import (
    listed_after_plural,
    listed_before_plural,
    pattern_places,
    places_before_state_codes,
    spacy_places,
    street_places,
)
from .vocabulary import (
    DIRECTIONS,
    EVENT_HEADS,
    HONORIFICS,
    NATURAL_FEATURES,
    ORG_SUFFIX_HEADS,
    ROLE_WORDS,
)

#: Capitalised words that extend a region's name when they follow it ("Shizuoka Prefecture").
ADMIN_SUFFIXES = frozenset(
    {"Prefecture", "Province", "State", "Region", "County", "Oblast", "Governorate", "District"}
)


#: Words after which a capitalised word is very likely a place.
PLACE_PREPOSITIONS = terms("place_prepositions.txt")

#: Lower-case words that, written after a name, say it is a place ("the Linden neighborhood").
PLACE_NOUNS = terms("place_nouns.txt")


#: Aliases that are ordinary words in other contexts; accepted only in clear place contexts.
CONTEXT_ONLY_ALIASES = frozenset({"US", "America", "Emirates", "Gulf", "Korea"})


def _spacy_says_place(words: list[Word]) -> bool:
    return any(w.ent_type in {"GPE", "LOC"} for w in words)


def _place_context(words: list[Word], first: int, last: int) -> bool:
    before = words[first - 1] if first > 0 else None
    after = words[last + 1] if last + 1 < len(words) else None
    if before is not None and not words[first].sent_start and before.lower in PLACE_PREPOSITIONS:
        return True
    if after is not None and after.lower in PLACE_NOUNS:
        return True
    if after is not None and after.text == "," and last + 2 < len(words):
        following = words[last + 2]
        if following.is_capitalised and following.text in place_index():
            return True
    if before is not None and before.text == "," and first >= 2:
        preceding = words[first - 2]
        if preceding.is_capitalised and preceding.text in place_index():
            return True
    return after is not None and after.text in {"'s", "\u2019s"}


def _capitalised_neighbours(words: list[Word], first: int, last: int) -> list[tuple[int, int, str]]:
    """Capitalised words written right next to a place name: 'Dubai' in 'Dubai Electricity and
    Water Authority', 'UAE' in 'UAE Pass'. Such a place is part of a longer name, and counts only
    if that name is an organization or event (or the neighbour is a title or a person)."""
    found = []
    if first > 0 and not words[first].sent_start:
        before = words[first - 1]
        if (
            before.is_capitalised
            and not before.line_break_after
            and before.pos == "PROPN"
            and before.lower not in {"the", "a", "an", "in", "at", "on", "from", "of"}
        ):
            found.append((before.start, before.end, before.lower))
    if last + 1 < len(words) and not words[last].line_break_after:
        after = words[last + 1]
        if after.is_capitalised and not after.sent_start and after.text not in ADMIN_SUFFIXES:
            found.append((after.start, after.end, after.lower))
    return found


def _natural_feature_before(words: list[Word], first: int) -> bool:
    before = words[first - 1] if first > 0 else None
    if before is None:
        return False
    if before.is_capitalised and before.lower in NATURAL_FEATURES:
        return True
    if before.lower == "of" and first >= 2:
        feature = words[first - 2]
        return feature.is_capitalised and feature.lower in NATURAL_FEATURES
    return False


def find_places(words: list[Word], body: str) -> list[Candidate]:
    """Gazetteer places, checked in context, plus spaCy GPE/LOC names the gazetteer lacks."""
    index = place_index()
    ambiguous = ambiguous_place_names()
    candidates: list[Candidate] = []
    i = 0
    n = len(words)
    while i < n:
        matched = False
        for size in (5, 4, 3, 2, 1):
            last = i + size - 1
            if last >= n:
                continue
            span_words = words[i : last + 1]
            if any(w.line_break_after for w in span_words[:-1]):
                continue
            surface = body[words[i].start : words[last].end]
            record = index.get(surface)
            shouted = record is None and _dateline_capitals(words, i, last, surface)
            if shouted:
                # "FRAMINGHAM, Mass., May 11": a wire dateline writes the city in capitals.
                record = index.get(surface.title())
            if record is None or not words[i].is_capitalised:
                continue
            checked = surface.title() if shouted else surface
            # A dateline before a comma or a dash is context enough: the story was filed there.
            # A colon may end a label in capitals instead ("READING:"), and a name that is
            # also a word needs the usual evidence.
            filed_at = (
                shouted
                and words[last + 1].text != ":"
                and checked not in ambiguous
                and checked.casefold() not in not_entities()
            )
            if not filed_at and not _accept(record, checked, words, i, last, ambiguous):
                continue
            end_word = last
            group = record.ident
            begin = i
            if (
                i > 0
                and words[i - 1].text in DIRECTIONS
                and not words[i - 1].line_break_after
                and not words[i].sent_start
                and body[words[i - 1].start : words[last].end] not in index
            ):
                # "North Jakarta", "East Kalimantan": a part of the place with its own name.
                begin = i - 1
                group = f"place:{body[words[begin].start : words[last].end].casefold()}"
            if (
                record.rank < 3
                and last + 1 < n
                and words[last + 1].text in ADMIN_SUFFIXES
                and not words[last].line_break_after
            ):
                # "Shizuoka Prefecture", "Montgomery County": the unit, not the city.
                end_word = last + 1
                if record.kind != REGION:
                    record = replace(
                        record, kind=REGION, population=0, latitude=None, longitude=None
                    )
                    group = f"place:{body[words[begin].start : words[end_word].end].casefold()}"
            start, end = words[begin].start, words[end_word].end
            candidates.append(
                Candidate(
                    kind=PLACE,
                    start=start,
                    end=end,
                    text=body[start:end],
                    extractor="gazetteer:place",
                    confidence=0.9 if record.rank >= 3 else 0.85,
                    name=record.name if record.canonical_is_fixed or shouted else body[start:end],
                    group=group,
                    attrs={
                        "record": record,
                        "neighbours": _capitalised_neighbours(words, begin, end_word),
                    },
                    nested_ok=True,
                    priority=1.0,
                )
            )
            i = end_word + 1
            matched = True
            break
        if not matched:
            i += 1
    _prefer_namesakes_in_context(candidates)
    candidates.extend(spacy_places(words, body, candidates))
    candidates.extend(pattern_places(words, body))
    candidates.extend(street_places(words, body))
    candidates.extend(places_before_state_codes(words, body))
    candidates.extend(listed_before_plural(words, body))
    candidates.extend(listed_after_plural(words, body))
    return candidates


def _dateline_capitals(words: list[Word], first: int, last: int, surface: str) -> bool:
    """A place in capitals opening a paragraph and followed by a comma, a colon, a dash or a
    wire credit (a dateline: archive.pipeline.extraction.datelines)."""
    return (
        surface.isupper()
        and len(surface) > 3
        and words[first].sent_start
        and opens_dateline(words, last)
    )


def _prefer_namesakes_in_context(candidates: list[Candidate]) -> None:
    """'Valencia' in an article about Spain is the Spanish city, not the larger Venezuelan one."""
    countries = {
        c.attrs["record"].country_code
        for c in candidates
        if c.attrs.get("record") is not None and c.attrs["record"].country_code
    }
    for candidate in candidates:
        record = candidate.attrs.get("record")
        if record is None or record.kind != CITY or record.rank != 1:
            continue
        namesakes = city_namesakes(record.name)
        if len(namesakes) < 2 or record.country_code in _other_countries(candidates, candidate):
            continue
        in_context = [r for r in namesakes if r.country_code in countries and r is not record]
        if in_context:
            best = max(in_context, key=lambda r: r.population)
            candidate.attrs["record"] = best
            candidate.group = best.ident


def _other_countries(candidates: list[Candidate], this: Candidate) -> set[str]:
    return {
        c.attrs["record"].country_code
        for c in candidates
        if c is not this and c.attrs.get("record") is not None
    }


def _accept(
    record: PlaceRecord,
    surface: str,
    words: list[Word],
    first: int,
    last: int,
    ambiguous: frozenset[str],
) -> bool:
    span = words[first : last + 1]
    if surface.casefold() in not_entities():
        return False
    lowered = surface.lower()
    if lowered in ORG_SUFFIX_HEADS or lowered in EVENT_HEADS or lowered in ROLE_WORDS:
        return False  # "Bank" in "World Bank", "Mission", "Council"
    before = words[first - 1] if first > 0 else None
    if before is not None and before.lower in HONORIFICS:
        return False  # "Mr. Lincoln"
    after = words[last + 1] if last + 1 < len(words) else None
    if _natural_feature_before(words, first):
        return False  # "Mount Fuji", "Gulf of Finland": not a city, region or country
    if after is not None and after.lower in NATURAL_FEATURES and not after.is_capitalised:
        return False  # "the Ciliwung river"
    spacy_place = _spacy_says_place(span)
    context = _place_context(words, first, last)
    all_proper = all(w.pos == "PROPN" or w.lower in {"of", "de", "and"} for w in span)
    if surface in CONTEXT_ONLY_ALIASES:
        if (
            before is not None
            and before.lower == "of"
            and first >= 2
            and words[first - 2].is_capitalised
        ):
            return False  # "Bank of America"
        if surface == "US":
            return context or (after is not None and after.pos in {"NOUN", "PROPN", "ADJ"})
        return spacy_place or context
    if surface.isupper() and record.rank < 3:
        return False  # "OR", "ME", "IN": abbreviations only through the alias file
    if surface in ambiguous:
        return spacy_place and context
    if record.rank >= 3:
        return True
    if words[first].sent_start and not spacy_place and words[first].pos != "PROPN":
        return False
    if record.kind == REGION:
        return spacy_place or all_proper or context
    if record.population >= 200_000:
        return spacy_place or all_proper or context
    return spacy_place or (context and all_proper)
