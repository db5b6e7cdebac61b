"""Streets, squares and parks named by a noun and a name ("парк Юности", "на улице
Садовникова"): the NER reads the name alone, as a place ("Юность") or a person ("Садовников"),
and puts it in the nominative, which turns a park into youth and a street into its namesake.
The place is the noun (in the nominative) with the name as the text writes it: "парк Юности",
"улица Садовникова". A name that is an adjective agreeing with the noun is put in the
nominative with it ("на улице Садовой": "улица Садовая"); an address's abbreviated noun is
kept as written ("ул. Садовая"); a name in quotation marks loses them ("парк «Сосновка»"); and a
plural noun before a list of names gives each its own place ("улиц Садовой и Чапаева")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..extraction.rules import Stage, rule
from ..types import ORGANIZATION, PERSON, PLACE
from ..wordlists import rows, terms
from .coordination import _cased_as, nominative_singular
from .entities import Found
from .nlp import models
from .places import gazetteer_place

#: Lemmas of the nouns that open such a place's name (`urban_place_heads_ru.txt`).
URBAN_HEADS = terms("urban_place_heads_ru.txt")
#: Nouns that open a place's name only with an adjective that agrees with them ("площадь").
AGREEING_HEADS = terms("urban_place_heads_agreeing_ru.txt")
#: An address's abbreviated nouns and their lemmas ("ул" -> "улица").
ABBREVIATED_HEADS = {short: lemma for short, lemma in rows("urban_place_abbreviations_ru.txt")}

_OPENING_QUOTES = frozenset({"«", '"', "\u201c", "\u201e"})
_CLOSING_QUOTES = frozenset({"»", '"', "\u201d", "\u201c"})
_SEPARATORS = frozenset({",", "и"})
_LONGEST_NAME = 3
#: What the NER reads the name alone as: a place, a person, or (a quoted name) an organization.
_READ_INSTEAD = frozenset({PLACE, PERSON, ORGANIZATION})


@dataclass(frozen=True)
class _Head:
    lemma: str
    written: str  # what the name opens with: the lemma, or the abbreviation as written
    gender: str | None
    cases: frozenset[str] | None  # None: any case (an abbreviation shows none)
    plural: bool
    agreeing_only: bool
    name_start: int  # the index of the token after the noun (and an abbreviation's dot)


@rule("ru-streets-and-parks-keep-their-noun", Stage.REPAIR)
def urban_places(found: list[Found], doc: Any) -> list[Found]:
    """A street, square or park: its noun and the capitalised name right after it (with the
    lower-case words in the genitive that continue the name: "парк Дружбы городов") are one
    place, replacing the NER's reading of the name alone."""
    tokens = list(doc.tokens)
    added: list[Found] = []
    for position in range(len(tokens) - 1):
        head = _head(tokens, position)
        if head is None:
            continue
        if head.plural:
            added.extend(_listed_places(tokens, doc, position, head))
            continue
        run = _name_run(tokens, head.name_start, doc.text)
        if run is None:
            continue
        names, stop, quoted = run
        name = _name_form(names, head, quoted)
        if name is None:
            continue
        added.append(
            Found(PLACE, tokens[position].start, stop, f"{head.written} {name}", "urban-place", 0.8)
        )
    if not added:
        return found
    kept = [
        m
        for m in found
        if not (
            m.kind in _READ_INSTEAD and any(a.start <= m.start and m.end <= a.end for a in added)
        )
        # "ул. Лесная ул. Садовая": the NER's place across two of them ("Лесная ул") gives way
        # too.
        and not (m.kind in {PLACE, PERSON} and any(_overlap(m, a) for a in added))
    ]
    overlapping = [a for a in added if any(a.start < m.end and m.start < a.end for m in kept)]
    return sorted([*kept, *(a for a in added if a not in overlapping)], key=lambda m: m.start)


def _overlap(mention: Found, place: Found) -> bool:
    return place.start < mention.end and mention.start < place.end


def _head(tokens: list, position: int) -> _Head | None:
    """The noun that opens a street's or a park's name at `position`, or None."""
    head = _head_reading(tokens, position)
    before = tokens[position - 1] if position else None
    # "Технологический парк «...»": an adjective agreeing with the noun opens a longer name (a
    # sentence's first word that is no adjective, "Жители улицы ...", does not).
    if (
        head is not None
        and before is not None
        and before.text[:1].isupper()
        and _agreeing_adjective(before, head) is not None
    ):
        return None
    return head


def _head_reading(tokens: list, position: int) -> _Head | None:
    token = tokens[position]
    short = token.text.casefold().rstrip(".")
    if short in ABBREVIATED_HEADS and token.text[:1].islower():
        start = position + 1
        if start < len(tokens) and tokens[start].text == "." and not token.text.endswith("."):
            start += 1
        lemma = ABBREVIATED_HEADS[short]
        written = token.text if start == position + 1 else f"{token.text}."
        return _Head(lemma, written, _gender(lemma), None, False, False, start)
    if token.pos != "NOUN" or not token.text[:1].islower():
        return None
    for form in models().morph_vocab.parse(token.text.casefold()):
        if form.pos != "NOUN" or form.normal not in URBAN_HEADS | AGREEING_HEADS:
            continue
        plural = form.feats.get("Number") == "Plur"
        if plural and form.normal in AGREEING_HEADS:
            continue
        cases = frozenset(
            f.feats.get("Case", "")
            for f in models().morph_vocab.parse(token.text.casefold())
            if f.normal == form.normal and f.feats.get("Number") == form.feats.get("Number")
        )
        return _Head(
            form.normal,
            form.normal,
            form.feats.get("Gender") or _gender(form.normal),
            cases,
            plural,
            form.normal in AGREEING_HEADS,
            position + 1,
        )
    return None


def _gender(lemma: str) -> str | None:
    for form in models().morph_vocab.parse(lemma):
        if form.pos == "NOUN" and form.feats.get("Gender"):
            return form.feats["Gender"]
    return None


def _name_run(tokens: list, start: int, doc_text: str) -> tuple[list, int, bool] | None:
    """The name after the noun and where its text ends: a quoted name, or the capitalised words
    with the lower-case genitive words that continue them ("Дружбы городов")."""
    if start >= len(tokens):
        return None
    if tokens[start].text in _OPENING_QUOTES:
        cursor = start + 1
        while cursor < len(tokens) and tokens[cursor].text not in _CLOSING_QUOTES:
            cursor += 1
        inside = tokens[start + 1 : cursor]
        if cursor >= len(tokens) or not inside or len(inside) > _LONGEST_NAME + 1:
            return None
        if not inside[0].text[:1].isupper():
            return None
        return inside, tokens[cursor].stop, True
    cursor = _capitalised_run_end(tokens, start)
    if cursor == start:
        return None
    while (
        cursor < len(tokens)
        and tokens[cursor].text[:1].islower()
        and tokens[cursor].pos in {"NOUN", "ADJ"}
        and tokens[cursor].feats.get("Case") == "Gen"
        and tokens[cursor].text.casefold().rstrip(".") not in ABBREVIATED_HEADS
        and "\n" not in doc_text[tokens[cursor - 1].stop : tokens[cursor].start]
    ):
        cursor += 1
    names = tokens[start:cursor]
    return names, names[-1].stop, False


def _capitalised_run_end(tokens: list, start: int) -> int:
    """Where the capitalised words from `start` end (at most _LONGEST_NAME of them)."""
    cursor = start
    while (
        cursor < len(tokens)
        and tokens[cursor].text[:1].isupper()
        and cursor - start < _LONGEST_NAME
    ):
        cursor += 1
    return cursor


def _name_form(names: list, head: _Head, quoted: bool = False) -> str | None:
    """The name as the place is called: an adjective agreeing with the noun in the nominative
    ("Садовая"), anything else as written; None where the noun needs an agreeing adjective
    or nouns in the genitive and has neither, and where the name is a country, a
    region or a city the gazetteer knows ("острова Японии", "улиц Москвы и Твери": the places
    are those, the noun is no part of their names)."""
    written = " ".join(token.text for token in names)
    if len(names) == 1:
        nominative = _agreeing_adjective(names[0], head)
        if nominative is not None:
            return _cased_as(nominative, names[0].text)
    if head.agreeing_only and (quoted or not _nouns_in_the_genitive(names)):
        return None
    if not quoted and _a_known_place(names):
        return None
    return written


def _nouns_in_the_genitive(names: list) -> bool:
    """'площадь Гагарина', 'площадь Победы': capitalised nouns in the genitive after the noun
    name a square, unless they are a place the gazetteer knows, whose area the noun then
    measures ('площадь Москвы'; `_a_known_place`)."""
    return all(
        any(
            form.pos == "NOUN" and form.feats.get("Case") == "Gen"
            for form in models().morph_vocab.parse(token.text.casefold())
        )
        for token in names
    )


#: A city this large is the place itself when its name follows the noun in the genitive.
_KNOWN_CITY_POPULATION = 100_000


def _a_known_place(names: list) -> bool:
    written = " ".join(token.text for token in names)
    readings = {written}
    if len(names) == 1:
        # An inanimate noun's reading only: "Горького" is a person's (and an old city name).
        readings |= {
            form.normal[:1].upper() + form.normal[1:]
            for form in models().morph_vocab.parse(written.casefold())
            if form.pos == "NOUN" and form.feats.get("Animacy") == "Inan"
        }
    for reading in readings:
        record = gazetteer_place(reading)
        if record is not None and (
            record.kind != "city" or record.population >= _KNOWN_CITY_POPULATION
        ):
            return True
    return False


def _agreeing_adjective(token: Any, head: _Head) -> str | None:
    """The adjective's nominative singular when the word can be an adjective of the noun's
    gender and number in one of the noun's cases; None otherwise ("парка Горького": the
    adjective-like surname is masculine genitive, the noun not)."""
    for form in models().morph_vocab.parse(token.text.casefold()):
        if form.pos != "ADJ" or form.feats.get("Gender") != head.gender:
            continue
        if form.feats.get("Number") != "Sing":
            continue
        if head.cases is not None and not head.plural and form.feats.get("Case") not in head.cases:
            continue
        word = nominative_singular(form, head.gender)
        if word is not None:
            return word
    return None


def _listed_places(tokens: list, doc: Any, position: int, head: _Head) -> list[Found]:
    """'на пересечении улиц Садовой и Генерала Орлова, Лесной и Чапаева': a plural noun
    and the names it shares, separated by commas and "и"; each name is one place. The list
    ends where a name has a noun of its own after it ("Московского шоссе")."""
    places: list[Found] = []
    cursor = head.name_start
    while cursor < len(tokens):
        start = cursor
        cursor = _capitalised_run_end(tokens, start)
        if cursor == start:
            break
        if (
            cursor < len(tokens)
            and tokens[cursor].text[:1].islower()
            and tokens[cursor].pos == "NOUN"
        ):
            break
        names = tokens[start:cursor]
        name = _name_form(names, head)
        if name is None:
            break
        span_start = tokens[position].start if not places else names[0].start
        places.append(
            Found(PLACE, span_start, names[-1].stop, f"{head.lemma} {name}", "urban-place", 0.8)
        )
        if cursor >= len(tokens) or tokens[cursor].text not in _SEPARATORS:
            break
        cursor += 1
    return places if len(places) >= 2 else []
