"""Inflected forms of one name are one entity.

Natasha's normalisation puts most names in the nominative, but not all: a name in quotes the
NER reads in the genitive ("представители «Единой России»"), a surname the dictionary lacks
("Метшину"). Two names are forms of one when they have as many words and every word of one can
have the same lemma as the word of the other (pymorphy's dictionary and its guesses for unknown
words, all readings of a word counted: "Метшину" may be "метшин" or "метшина").
"""

from __future__ import annotations

import functools

from ..extraction.rules import Stage, rule
from ..types import PERSON
from .entities import Group, fold
from .nlp import models


@functools.lru_cache(maxsize=50_000)
def word_lemmas(word: str) -> frozenset[str]:
    """Every lemma pymorphy gives a word (its dictionary readings, or its guesses)."""
    folded = fold(word)
    return frozenset({folded, *(parse.normal for parse in models().morph_vocab.parse(folded))})


def same_name(one: str, other: str) -> bool:
    """Whether two names are inflected forms of one name (word by word, same lemmas)."""
    first, second = one.split(), other.split()
    return len(first) == len(second) and all(
        word_lemmas(a) & word_lemmas(b) for a, b in zip(first, second, strict=True)
    )


def nominative(name: str) -> bool:
    """Whether the first word's likeliest reading is in the nominative."""
    parses = models().morph_vocab.parse(name.split()[0])
    return bool(parses) and "nomn" in str(parses[0].tag)


@rule("ru-inflected-names-are-one-entity", Stage.STEP)
def merge_inflected(groups: list[Group]) -> None:
    """Two entities of one kind whose names are inflected forms of one name ("Единая Россия",
    "Единой России") are one entity, named by the form in the nominative; the other form is an
    alias. People are matched by `group_mentions` (a lone surname joins its person)."""
    for group in list(groups):
        if group not in groups or group.kind == PERSON:
            continue
        for other in groups:
            if other is group or other.kind != group.kind or not same_name(group.name, other.name):
                continue
            keep, drop = (other, group) if nominative(other.name) else (group, other)
            if not nominative(keep.name) and len(drop.mentions) > len(keep.mentions):
                keep, drop = drop, keep
            keep.mentions = sorted([*keep.mentions, *drop.mentions], key=lambda m: (m.start, m.end))
            names = {drop.name, *drop.aliases, *keep.aliases} - {keep.name}
            keep.aliases = sorted((n for n in names if fold(n) != fold(keep.name)), key=fold)
            groups.remove(drop)
            break


@rule("ru-surnames-in-any-case-join-their-person", Stage.STEP)
def join_inflected_surnames(groups: list[Group]) -> None:
    """A surname alone in another case than the full name's ("сообщил Метшину" beside "Ильсур
    Метшин") is that person, when exactly one person of the page has a surname it can be a form
    of: the dictionary lacks many surnames, so the lone form kept its case."""
    people = [g for g in groups if g.kind == PERSON and len(g.name.split()) > 1]
    for group in [g for g in groups if g.kind == PERSON and len(g.name.split()) == 1]:
        matches = [p for p in people if same_name(group.name, p.name.split()[-1])]
        if len(matches) != 1:
            continue
        person = matches[0]
        person.mentions = sorted(
            [*person.mentions, *group.mentions], key=lambda m: (m.start, m.end)
        )
        names = {group.name, *group.aliases, *person.aliases} - {person.name}
        person.aliases = sorted(names, key=fold)
        groups.remove(group)


#: Endings of patronymics (nominative lemmas): "Федорович", "Ильич", "Сергеевна", "Ильинична".
PATRONYMIC_ENDINGS = ("вич", "ич", "вна", "ична", "инична")


@rule("ru-full-and-short-names-are-one-person", Stage.STEP)
def join_patronymic_forms(groups: list[Group]) -> None:
    """A person named with first name, patronymic and surname ("Иван Сергеевич Котов") and a
    person named by that first name and surname alone ("Иван Котов", in any case) are one
    person, named by the fuller form; the short form becomes an alias."""
    people = [g for g in groups if g.kind == PERSON]
    for full in people:
        words = full.name.split()
        if len(words) != 3 or not fold(words[1]).endswith(PATRONYMIC_ENDINGS):
            continue
        for short in people:
            parts = short.name.split()
            if short is full or short not in groups or full not in groups or len(parts) != 2:
                continue
            if same_name(parts[0], words[0]) and same_name(parts[1], words[2]):
                full.mentions = sorted(
                    [*full.mentions, *short.mentions], key=lambda m: (m.start, m.end)
                )
                full.aliases = sorted(
                    {short.name, *short.aliases, *full.aliases} - {full.name}, key=fold
                )
                groups.remove(short)


@rule("ru-first-name-and-patronymic-join-their-person", Stage.STEP)
def join_name_and_patronymic(groups: list[Group]) -> None:
    """A person addressed by first name and patronymic ("поблагодарил Ивана Сергеевича"), the
    Russian polite form, is the only person of the page with that first name and a surname
    ("Иван Котов"): one entity, the polite form an alias."""
    people = [g for g in groups if g.kind == PERSON]
    for group in people:
        words = group.name.split()
        if len(words) != 2 or not fold(words[1]).endswith(PATRONYMIC_ENDINGS):
            continue
        matches = [
            p
            for p in people
            if p is not group
            and p in groups
            and len(p.name.split()) >= 2
            and not fold(p.name.split()[-1]).endswith(PATRONYMIC_ENDINGS)
            and same_name(p.name.split()[0], words[0])
        ]
        if len(matches) != 1 or group not in groups:
            continue
        person = matches[0]
        person.mentions = sorted(
            [*person.mentions, *group.mentions], key=lambda m: (m.start, m.end)
        )
        person.aliases = sorted(
            {group.name, *group.aliases, *person.aliases} - {person.name}, key=fold
        )
        groups.remove(group)
