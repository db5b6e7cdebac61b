# ruff: noqa: RUF001 - Cyrillic letters are the data this module compares.
"""People, places and organizations from Natasha's NER, named in the nominative.

Each NER span is one mention with its exact span in the text; its name is the span put in the
nominative by `span.normalize`, which is syntax-aware for organizations (only the head and the
words that agree with it change case: "Департамента информационных технологий" ->
"Департамент информационных технологий"). Mentions whose names agree are one entity, so
"Москва", "Москвы" and "Москве" are one place; a surname alone ("Лысенко") joins the one
person of the page with that surname.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types import ORGANIZATION, PERSON, PLACE
from .nlp import models

#: Natasha's NER tags and the entity kinds they are.
KIND_OF_TAG = {"PER": PERSON, "LOC": PLACE, "ORG": ORGANIZATION}


@dataclass
class Found:
    """One mention found in the text, and the name of what it mentions."""

    kind: str
    start: int
    end: int
    name: str  # in the nominative
    extractor: str
    confidence: float
    surname: str = ""  # people: the last name (nominative), when Natasha found one
    first_name: str = ""
    event_kind: str = ""


@dataclass
class Group:
    """One entity of the page: its mentions, in text order."""

    kind: str
    name: str
    mentions: list[Found] = field(default_factory=list)
    key: str = ""
    aliases: list[str] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    known_id: int | None = None


def fold(name: str) -> str:
    """The key names are compared by: case, "ё" and spacing do not count."""
    return " ".join(name.replace("ё", "е").replace("Ё", "Е").split()).casefold()


def named_entities(doc: object) -> list[Found]:
    """Every PER, LOC and ORG span of Natasha's NER, as a mention with its nominative name."""
    loaded = models()
    found = []
    for span in doc.spans:  # type: ignore[attr-defined]
        kind = KIND_OF_TAG.get(span.type)
        if kind is None:
            continue
        span.normalize(loaded.morph_vocab)
        name = " ".join(span.normal.split()) or span.text
        surname = first_name = ""
        if kind == PERSON:
            span.extract_fact(loaded.names_extractor)
            parts = span.fact.as_dict if span.fact is not None else {}
            surname, first_name = parts.get("last", ""), parts.get("first", "")
        found.append(
            Found(kind, span.start, span.stop, name, "natasha_ner", 0.8, surname, first_name)
        )
    return found


def group_mentions(found: list[Found]) -> list[Group]:
    """One group per entity: the same kind and nominative name; a lone surname joins the only
    person of the page whose surname it is (two people sharing it: it stays apart)."""
    groups: dict[tuple[str, str], Group] = {}
    lone_surnames: list[Found] = []
    for mention in sorted(found, key=lambda m: (m.start, m.end)):
        if mention.kind == PERSON and len(mention.name.split()) == 1:
            lone_surnames.append(mention)
            continue
        group = groups.setdefault((mention.kind, fold(mention.name)), Group(mention.kind, ""))
        group.mentions.append(mention)
    by_surname: dict[str, list[Group]] = {}
    for (kind, _), group in groups.items():
        if kind == PERSON:
            surname = next((m.surname for m in group.mentions if m.surname), "")
            surname = surname or group.mentions[0].name.split()[-1]
            by_surname.setdefault(fold(surname), []).append(group)
    for mention in lone_surnames:
        people = by_surname.get(fold(mention.name), [])
        if len(people) == 1:
            people[0].mentions.append(mention)
        else:
            key = (PERSON, fold(mention.name))
            groups.setdefault(key, Group(PERSON, "")).mentions.append(mention)
    for group in groups.values():
        group.mentions.sort(key=lambda m: (m.start, m.end))
        group.name = _canonical_name(group)
        group.aliases = sorted(
            {m.name for m in group.mentions if fold(m.name) != fold(group.name)}, key=fold
        )
    return list(groups.values())


def _canonical_name(group: Group) -> str:
    """The longest nominative name ("Сергей Собянин" over "Собянин"); the first one on ties."""
    return max((m.name for m in group.mentions), key=lambda name: len(name.split()))
