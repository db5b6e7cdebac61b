"""Places the gazetteer does not know: spaCy's GPE/LOC names and names found by their context
("the X district", "cities such as X and Y", "in X, Region"), each checked for looking like a
place name."""

from __future__ import annotations

import functools
import re

import pycountry

from ..types import PLACE
from ..wordlists import terms
from .candidates import Candidate, span_candidate
from .lexicon import first_names, not_entities
from .place_gazetteer import (
    COUNTRY,
    REGION,
    PlaceRecord,
    city_namesakes,
    place_index,
    us_states_by_code,
)
from .rules import Stage, rule
from .text import Word, entity_runs, list_items, words_in_span
from .vocabulary import (
    DIRECTIONS,
    EVENT_HEADS,
    MONTHS,
    NATURAL_FEATURES,
    NOT_IN_PLACE_NAMES,
    ORG_SUFFIX_HEADS,
    ROLE_WORDS,
    WEEKDAYS,
)


def spacy_places(words: list[Word], body: str, gazetteer_hits: list[Candidate]) -> list[Candidate]:
    """GPE/LOC names spaCy found that the gazetteer does not know (districts, small towns)."""
    taken = [(c.start, c.end) for c in gazetteer_hits]
    found: list[Candidate] = []
    n = len(words)
    for i, j in entity_runs(words, {"GPE", "LOC"}):
        span = words[i : j + 1]
        # spaCy puts "the" inside GPE spans ("the United States").
        while span and span[0].lower in {"the", "The"}:
            span = span[1:]
        if not span:
            continue
        start, end = span[0].start, span[-1].end
        if any(s < end and start < e for s, e in taken):
            continue
        following = words[span[-1].index + 1] if span[-1].index + 1 < n else None
        if following is not None and following.lower in NATURAL_FEATURES:
            continue  # "the Ciliwung river"
        if (
            len(span) == 1
            and span[0].sent_start
            and following is not None
            and following.pos in {"AUX", "VERB"}
        ):
            continue  # "2. Broadband is the new smart city": a subject, not a place
        if plausible_unknown_place(span):
            found.append(
                span_candidate(
                    PLACE,
                    body,
                    start,
                    end,
                    "spacy-ner",
                    0.55,
                    attrs={"spacy_label": span[0].ent_type},
                    nested_ok=True,
                    priority=0.2,
                )
            )
    return found


@functools.cache
def major_language_names() -> frozenset[str]:
    """'Catalan', 'Swahili', 'Basque': names of the major languages (those with a two-letter
    code), which spaCy sometimes takes for places ("superilles in Catalan")."""
    names = set()
    for language in pycountry.languages:
        if getattr(language, "alpha_2", None):
            names.update(part.strip() for part in language.name.split(";"))
    return frozenset(names)


_STATE_NOUNS = frozenset(
    {"kingdom", "emirate", "emirates", "republic", "state", "sultanate", "principality", "union",
     "federation", "commonwealth", "territory", "province", "region", "county", "city"}
)  # fmt: skip


def plausible_unknown_place(span: list[Word]) -> bool:
    if len(span) > 4:
        return False
    if len(span) == 1 and span[0].text in major_language_names():
        return False
    # "the North and West zones", "the Kingdom", "the Emirate": a compass word or a kind of
    # state stands for a place the text names elsewhere, and is no place name itself.
    if len(span) == 1 and (span[0].text in DIRECTIONS or span[0].lower in _STATE_NOUNS):
        return False
    if span[0].lower in NATURAL_FEATURES or span[-1].lower in NATURAL_FEATURES:
        return False  # "Gulf of Finland", "Red Sea", "Mount Fuji": not a city, region or country
    text = " ".join(w.text for w in span)
    if text.casefold() in not_entities():
        return False
    for word in span:
        if word.lower in {"of", "de", "del", "la", "el", "al", "and"}:
            continue
        if not word.is_capitalised or word.is_upper or any(c.isdigit() for c in word.text):
            return False
        if re.search(r"-[a-z]", word.text) and word.text.split("-")[0].isupper():
            return False  # "AI-related"
        if (
            word.lower in NOT_IN_PLACE_NAMES
            or word.lower in ORG_SUFFIX_HEADS
            or word.lower in EVENT_HEADS
            or word.lower in ROLE_WORDS
            or word.lower in MONTHS
            or word.lower in WEEKDAYS
        ):
            return False
    return span[0].pos == "PROPN"


_PLACE_PATTERN_NOUNS = (
    r"city|town|village|district|neighbou?rhood|region|province|municipality|capital|island"
)


_OF_PLACE = re.compile(
    r"\b(?:[Tt]he|[Aa])\s+(?:new\s+|smart\s+|nearby\s+|coastal\s+|port\s+|historic\s+)?"
    # "the Danish city of Aarhus", "the Brazilian city of Curitiba"
    r"(?:[A-Z][a-z]+(?:an|ian|ish|ese|ic|i)\s+)?"
    rf"(?:{_PLACE_PATTERN_NOUNS})\s+(?:of\s+)?(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){{0,2}})"
)


_PLACE_BEFORE_NOUN = re.compile(
    r"\b(?:the|in|of)\s+(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})\s+"
    r"(?:district|neighbou?rhood|quarter|suburb|borough|township)\b"
)


_PLURAL_PLACE_NOUNS = frozenset(
    {
        "districts",
        "neighbourhoods",
        "neighborhoods",
        "provinces",
        "regions",
        "states",
        "counties",
        "suburbs",
        "boroughs",
        "townships",
        "prefectures",
        "municipalities",
        "towns",
        "cities",
    }
)


def listed_after_plural(words: list[Word], body: str) -> list[Candidate]:
    """'districts such as Kalasatama', 'cities including Pune, Surat and Bhopal': every name
    of the list is a place."""
    found: list[Candidate] = []
    for position, word in enumerate(words):
        if word.lower not in _PLURAL_PLACE_NOUNS or word.is_capitalised:
            continue
        cursor = position + 1
        such_as = cursor + 1 < len(words) and words[cursor].lower == "such"
        if such_as and words[cursor + 1].lower == "as":
            cursor += 2
        elif cursor < len(words) and words[cursor].lower in {"including", "like"}:
            cursor += 1
        else:
            continue
        # skip_the: "districts such as the Strip District"
        for run in list_items(words, cursor, _in_place_name, {",", "and", "or"}, skip_the=True):
            if run and plausible_unknown_place(run) and run[0].text not in place_index():
                found.append(_pattern_place(body, run[0].start, run[-1].end))
    return found


def _in_place_name(word: Word, name: list[Word]) -> bool:
    return word.is_capitalised and not word.is_punct and len(name) < 4


def _pattern_place(body: str, start: int, end: int) -> Candidate:
    """An unknown place found by its context ("in X and Y districts", "the X district")."""
    return span_candidate(
        PLACE,
        body,
        start,
        end,
        "pattern:place",
        0.65,
        attrs={"spacy_label": "GPE"},
        nested_ok=True,
        priority=0.8,
    )


def listed_before_plural(words: list[Word], body: str) -> list[Candidate]:
    """'in Min Buri and Bang Khen districts': every name of the list is a place."""
    found: list[Candidate] = []
    for position, word in enumerate(words):
        if word.lower not in _PLURAL_PLACE_NOUNS or position == 0:
            continue
        cursor = position - 1
        names: list[list[Word]] = []
        while cursor >= 0:
            run: list[Word] = []
            while cursor >= 0 and words[cursor].is_capitalised and not words[cursor].is_punct:
                run.insert(0, words[cursor])
                if words[cursor].sent_start:
                    break
                cursor -= 1
            if not run or len(run) > 3:
                break
            names.append(run)
            if run[0].sent_start or cursor < 0:
                break
            if words[cursor].lower in {"and", "or", ","}:
                cursor -= 1
                continue
            break
        if len(names) < 2 or cursor < 0 or words[cursor].lower not in {"in", "of", "the", "and"}:
            continue
        for run in names:
            if plausible_unknown_place(run):
                found.append(_pattern_place(body, run[0].start, run[-1].end))
    return found


#: "in National Harbor, Maryland", "in Konza, Kenya": a name followed by its region or country.
_IN_PLACE_COMMA_REGION = re.compile(
    r"\b(?:in|at|near|from)\s+(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2}),\s+"
    r"(?P<region>[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,2})"
)


def _names_before_region(body: str):
    index = place_index()
    for match in _IN_PLACE_COMMA_REGION.finditer(body):
        region = index.get(match.group("region"))
        if region is not None and region.kind in {REGION, COUNTRY} and region.rank >= 2:
            yield match


#: "Brookton, TX", "in Elm Grove, AZ 85901", "ALDER CREEK, NY — ": a place and its state's
#: postal code. The code is read only there: alone, "IN", "OR" or "ME" are words.
_PLACE_COMMA_STATE_CODE = re.compile(
    r"(?<![\w.'\u2019-])(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,2}),[ \t]+"
    r"(?P<code>[A-Z]{2})(?=[ \t]*(?:[,.;:)!?\u2013\u2014-]|\d{5}|\n|$)|[ \t]+[a-z])"
)


@rule("us-state-codes-after-a-place", Stage.FINDER)
def places_before_state_codes(words: list[Word], body: str) -> list[Candidate]:
    """'launched in Brookton, TX, last week': the two letters after a place and a comma are its
    US state, written as the post writes it, and the name before them is a place of that
    state, though the gazetteer may not know it."""
    found: list[Candidate] = []
    index = place_index()
    for match in _PLACE_COMMA_STATE_CODE.finditer(body):
        state = us_states_by_code().get(match.group("code"))
        if state is None:
            continue
        name_words = _place_name_words(words_in_span(words, *match.span("name")))
        if not name_words or name_words[0].text in first_names():
            continue  # "Jane Whitcombe, MD": a person and her degree
        found.append(_known_place(body, *match.span("code"), state))
        start, end = name_words[0].start, name_words[-1].end
        name = body[start:end]
        city = next((r for r in city_namesakes(name) if r.country_code == "US"), None)
        if city is not None:  # the state says which namesake, and that it is a place
            found.append(_known_place(body, start, end, city))
        elif plausible_unknown_place(name_words) and name not in index:
            found.append(_pattern_place(body, start, end))
    return found


def _place_name_words(span: list[Word]) -> list[Word]:
    """The proper nouns that end `span`: 'In Brookton' and 'Last Friday Brookton' name
    Brookton."""
    start = len(span)
    while (
        start > 0
        and span[start - 1].pos == "PROPN"
        and span[start - 1].lower not in WEEKDAYS
        and span[start - 1].lower not in MONTHS
    ):
        start -= 1
    return span[start:]


def _known_place(body: str, start: int, end: int, record: PlaceRecord) -> Candidate:
    return Candidate(
        kind=PLACE,
        start=start,
        end=end,
        text=body[start:end],
        extractor="gazetteer:place",
        confidence=0.85,
        name=record.name,
        group=record.ident,
        attrs={"record": record},
        nested_ok=True,
        priority=1.0,
    )


#: Last words of a street's or a square's name (venue_last_words.txt, without buildings).
_STREET_TAILS = sorted(
    (re.escape(word) for word in terms("venue_last_words.txt") - {"building"}),
    key=len,
    reverse=True,
)
#: A street's, a square's or a park's name: one to three capitalised words or an ordinal
#: ("4th"), then the capitalised tail word.
_STREET_NAME = (
    r"(?:[A-Z][\w'\u2019-]*|\d+(?:st|nd|rd|th))(?:[ \t]+[A-Z][\w'\u2019-]*){0,2}"
    r"[ \t]+(?i:" + "|".join(_STREET_TAILS) + r")(?![\w-])"
)
#: "in Harbour Square", "along 4th Avenue", "at the Kings Road junction": a named street or
#: square where something stands or happens.
_STREET_PLACE = re.compile(
    r"\b(?:in|at|on|along|near|across|around|off|onto|outside|opposite|for)\s+"
    r"(?:the\s+)?(?P<name>" + _STREET_NAME + ")"
)
#: "the Elm Street corridor", "the 3rd Avenue and Pine Street intersection": a street named
#: as a stretch or a crossing (street_features.txt), the streets of a crossing joined by "and".
_STREET_BEFORE_FEATURE = re.compile(
    r"\bthe\s+(?P<name>" + _STREET_NAME + r")"
    r"(?:\s+(?:and|&)\s+(?P<other>" + _STREET_NAME + r"))?"
    r"\s+(?i:" + "|".join(re.escape(word) for word in terms("street_features.txt")) + r")\b"
)
#: "12 Harbour Street, Brookton": a house number before the street is an address.
_ADDRESS = re.compile(r"(?<![\w.,-])\d{1,5}[A-Za-z]?\s+(?P<name>" + _STREET_NAME + r")(?=\s*[,\n])")
#: "in Elm Park and Birch Reserve", "along Quay Street, Mill Road and Dock Lane": the other
#: names of a list that opens with a street found in context.
_STREET_LIST_ITEM = re.compile(
    r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&|or)\s+)(?P<name>" + _STREET_NAME + ")"
)


def _street_matches(body: str):
    for match in _STREET_PLACE.finditer(body):
        yield match.span("name")
        cursor = match.end("name")
        # A parenthesised aside after an item ("Oak Park (Northside), Elm Reserve") is skipped.
        while item := _STREET_LIST_ITEM.match(body, _after_aside(body, cursor)):
            if any(word.casefold() in ROLE_WORDS for word in item.group("name").split()):
                break  # "on Elm Street, Fire Chief Ann Park said": a person after the comma
            yield item.span("name")
            cursor = item.end("name")
    for match in _STREET_BEFORE_FEATURE.finditer(body):
        yield match.span("name")
        if match.group("other"):
            yield match.span("other")
    for match in _ADDRESS.finditer(body):
        yield match.span("name")


_ASIDE = re.compile(r"\s*\([^()\n]{1,40}\)")


def _after_aside(body: str, cursor: int) -> int:
    aside = _ASIDE.match(body, cursor)
    return aside.end() if aside else cursor


_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'\u2019-]*)")


def _capitalised_word_follows(body: str, end: int) -> bool:
    """A capitalised word right after the name continues a longer one ("Elm Street Partners");
    a weekday or a month ("on Elm Street Tuesday") does not."""
    following = _NEXT_WORD.match(body, end)
    if following is None:
        return False
    word = following.group(1).casefold().rstrip(".")
    return word not in WEEKDAYS and word not in MONTHS


#: Tail words that are also surnames ("Jane Park").
_SURNAME_TAILS = frozenset({"park"})


def _a_persons_name(name: str) -> bool:
    """'voted for Jane Park': a given name before a tail that is also a surname."""
    words = name.split()
    return len(words) == 2 and words[1].casefold() in _SURNAME_TAILS and words[0] in first_names()


@rule("named-streets-and-squares-are-places", Stage.FINDER)
def street_places(words: list[Word], body: str) -> list[Candidate]:
    """'lamps along 4th Avenue', 'a market in Harbour Square', 'the Elm Street corridor',
    '12 Quay Street, Brookton': a named street, square or park used as the place where
    something happens is a place (bench/README.md annotation rules), though no gazetteer lists
    it. A capitalised word on either side makes it part of a longer name ("Elm Street
    Partners", "Brookton Main Street" the programme)."""
    found: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for start, end in _street_matches(body):
        if (start, end) in seen or not body[start:end].split()[-1][:1].isupper():
            continue
        seen.add((start, end))
        if _capitalised_word_follows(body, end) or _a_persons_name(body[start:end]):
            continue
        if words_in_span(words, start, end):
            found.append(_pattern_place(body, start, end))
    return found


def pattern_places(words: list[Word], body: str) -> list[Candidate]:
    """'the smart city Nour', 'the Linden neighborhood', 'in National Harbor, Maryland': a
    name the gazetteer does not know."""
    found: list[Candidate] = []
    for match in [
        *_OF_PLACE.finditer(body),
        *_PLACE_BEFORE_NOUN.finditer(body),
        *_names_before_region(body),
    ]:
        start, end = match.span("name")
        name_words = words_in_span(words, start, end)
        if not name_words or not plausible_unknown_place(name_words):
            continue
        found.append(_pattern_place(body, start, name_words[-1].end))
    return found
