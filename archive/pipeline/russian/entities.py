# ruff: noqa: RUF001, RUF002, RUF003 - Cyrillic letters are the data this module compares.
"""People, places and organizations from Natasha's NER, named in the nominative.

Each NER span is one mention with its exact span in the text; its name is the span put in the
nominative by `span.normalize`, which is syntax-aware for organizations (only the head and the
words that agree with it change case: "Департамента информационных технологий" ->
"Департамент информационных технологий"). Mentions whose names agree are one entity, so
"Москва", "Москвы" and "Москве" are one place; a surname alone ("Лысенко") joins the one
person of the page with that surname.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..extraction.rules import Stage, rule
from ..types import ORGANIZATION, PERSON, PLACE
from ..wordlists import lines, terms
from .nlp import models

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.&'-]*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Natasha's NER tags and the entity kinds they are.
KIND_OF_TAG = {"PER": PERSON, "LOC": PLACE, "ORG": ORGANIZATION}
#: Lemmas of a government body named by the place after it ("правительство Москвы").
GOVERNMENT_HEADS = terms("government_heads_ru.txt")
#: Lemmas of common nouns that, alone, name no particular organization ("СМИ", "мэр").
NOT_ORG_WORDS = terms("not_org_words_ru.txt")
#: Lemmas of role nouns ("мэр", "губернатор"): they attribute a quote without a name, and
#: alone they name no particular person.
SPEAKER_ROLES = terms("speaker_roles_ru.txt")
#: Words opening a photo credit ("Фото: ..."): a person right after one is not in the story.
PHOTO_CREDIT_LABELS = terms("photo_credit_labels_ru.txt")
#: Endings of masculine surname lemmas whose feminine nominative adds "-а" (Иванов, Иванова).
SURNAME_SUFFIXES = lines("surname_suffixes_ru.txt")


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
    aliases: tuple[str, ...] = ()  # further names the text gives it ("Ростелеком" for "ПАО ...")


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
    text = doc.text  # type: ignore[attr-defined]
    found = []
    for span in doc.spans:  # type: ignore[attr-defined]
        kind = KIND_OF_TAG.get(span.type)
        if kind is None:
            continue
        if kind == ORGANIZATION and _generic_word(span.tokens):
            continue
        if kind == PERSON and role_word(span.tokens):
            continue
        if kind == PERSON and _after_photo_credit(text, span.start):
            continue
        span.normalize(loaded.morph_vocab)
        name = " ".join(span.normal.split()) or span.text
        surname = first_name = ""
        if kind == PERSON:
            span.extract_fact(loaded.names_extractor)
            parts = span.fact.as_dict if span.fact is not None else {}
            surname, first_name = parts.get("last", ""), parts.get("first", "")
            feminine = _feminine_surname(span.tokens)
            if feminine and len(name.split()) > 1:
                name = " ".join([*name.split()[:-1], feminine])
                surname = feminine if surname else surname
            masculine = masculine_surname(name, span.tokens)
            if masculine != name:
                name, surname = masculine, masculine.split()[-1] if surname else surname
        end = span.stop
        if kind == ORGANIZATION:
            name = organization_nominative(name, span.tokens)
        if kind == ORGANIZATION and " (" in span.text:
            # "Ассоциация городских инженеров (АГИ)": the acronym in brackets is not the name.
            end = span.start + span.text.index(" (")
            name = name.split(" (")[0]
        if kind == ORGANIZATION:
            end, name = _without_latin_tail(span.tokens, end, name)
        found.append(Found(kind, span.start, end, name, "natasha_ner", 0.8, surname, first_name))
    return _with_governments(doc, found)


def _without_latin_tail(tokens: list, end: int, name: str) -> tuple[int, str]:
    """A Russian organization's span running on into two or more Latin words ("... университета
    Smart Data Index") ends before them: they name a product or an index, not the body."""
    tail = 0
    while tail < len(tokens) and _LATIN_WORD.fullmatch(tokens[len(tokens) - 1 - tail].text):
        tail += 1
    words = name.split()
    cut = len(tokens) - tail
    if (
        tail < 2
        or cut == 0
        or not _CYRILLIC.search(tokens[cut - 1].text)
        or words[-tail:] != [t.text for t in tokens[cut:]]
    ):
        return end, name
    return min(end, tokens[cut - 1].stop), " ".join(words[:-tail])


def _generic_word(tokens: list) -> bool:
    """Whether a one-word organization is a common noun naming no particular body ("СМИ",
    "мэр", "ИТ-департамент": the last part of a hyphenated word counts)."""
    if len(tokens) != 1:
        return False
    lemma = (tokens[0].lemma or tokens[0].text).casefold().replace("ё", "е")
    return lemma.rsplit("-", 1)[-1] in NOT_ORG_WORDS


@rule("ru-a-role-alone-is-no-person", Stage.REJECT)
def role_word(tokens: list) -> bool:
    """Whether a one-word person is a role noun ("Мэра", capitalised in an official's title as
    "Заместитель Мэра"): the role names no particular person by itself."""
    if len(tokens) != 1:
        return False
    return (tokens[0].lemma or tokens[0].text).casefold().replace("ё", "е") in SPEAKER_ROLES


def _after_photo_credit(text: str, start: int) -> bool:
    """Whether the words before `start` on its line end with a photo-credit label ("Фото:")."""
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip(" :.").split()
    return bool(before) and before[-1].casefold() in PHOTO_CREDIT_LABELS


def _feminine_surname(tokens: list) -> str:
    """A woman's surname in the nominative when Natasha's morphology, not knowing the surname,
    lemmatised it to the masculine ("Зверугину" after "Ольгу" -> "Зверугина"); "" otherwise.

    A woman: the first word of the name is tagged feminine. The surname: the last word, whose
    lemma ends like a surname that takes "-а" in the feminine (`surname_suffixes_ru.txt`)."""
    if len(tokens) < 2 or tokens[0].feats.get("Gender") != "Fem":
        return ""
    lemma = (tokens[-1].lemma or "").casefold()
    if not lemma.endswith(SURNAME_SUFFIXES) or not tokens[-1].text[:1].isupper():
        return ""
    return lemma[:1].upper() + lemma[1:] + "а"


#: The oblique cases (Universal Dependencies' names, as Natasha's parser tags them).
OBLIQUE_CASES = frozenset({"Gen", "Dat", "Acc", "Ins", "Loc"})


@rule("ru-organization-names-inflect-only-their-head", Stage.REPAIR)
def organization_nominative(name: str, tokens: list) -> str:
    """An organization the text names in an oblique case is named with its head noun and the
    adjectives before it in the nominative, and every word after the head as written
    ("Агентства стратегических инициатив" -> "Агентство стратегических инициатив", not
    "... стратегические инициативы"; "Высшей школы экономики" -> "Высшая школа экономики", the
    adjective's own form kept, not its dictionary lemma): the parser sometimes hangs the
    dependants outside the name, and Natasha's normalisation then lemmatises them too."""
    words = name.split()
    head = next((i for i, t in enumerate(tokens) if _reads_as_noun(t)), None)
    if len(tokens) < 2 or head is None or len(words) <= head:
        return name
    if tokens[head].feats.get("Case") not in OBLIQUE_CASES:
        return name
    acronym = tokens[head].text.isupper()  # an acronym does not inflect ("НИИ ... имени ...")
    form = None if acronym else _noun_form(tokens[head])
    gender = (form.feats if form is not None else tokens[head].feats).get("Gender")
    number = tokens[head].feats.get("Number")
    before = [
        _adjective_nominative(t, words[i], gender, number) for i, t in enumerate(tokens[:head])
    ]
    head_word = tokens[head].text if acronym else words[head]
    if fold(head_word) == fold(tokens[head].text) and form is not None:
        # Natasha left the head as written, reading it as a nominative plural ("веча").
        head_word = _cased(form.inflect({"Nom"}).word, tokens[head].text)
    return " ".join([*before, head_word, _as_written(tokens[head + 1 :])]).strip()


def _as_written(tokens: list) -> str:
    """The words of `tokens` as the text writes them, spaced where the text spaces them."""
    parts = []
    for token, following in zip(tokens, [*tokens[1:], None][: len(tokens)], strict=True):
        gap = following is not None and following.start > token.stop
        parts.append(token.text + (" " if gap else ""))
    return "".join(parts)


def _reads_as_noun(token: Any) -> bool:
    """A noun by the tagger, or a word the tagger calls an adjective that the dictionary knows
    only as a noun ("Дирекции" opening a name)."""
    if token.pos in ("NOUN", "PROPN"):
        return True
    if token.pos != "ADJ":
        return False
    forms = models().morph_vocab.parse(token.text.casefold())
    return bool(forms) and all(form.pos == "NOUN" for form in forms)


def _noun_form(token: Any) -> Any:
    """The morphology's reading of a noun in the case and number the parser gives it."""
    case, number = token.feats.get("Case"), token.feats.get("Number")
    for form in models().morph_vocab.parse(token.text.casefold()):
        if (
            form.pos == "NOUN"
            and form.feats.get("Case") == case
            and form.feats.get("Number") == number
            and form.inflect({"Nom"}) is not None
        ):
            return form
    return None


def _adjective_nominative(token: Any, normalised: str, gender: str | None, number: str) -> str:
    """An adjective of a name in the nominative, in its own form and in the head noun's gender
    and number ("Высшей" -> "Высшая"), or Natasha's normalisation when the morphology offers no
    such reading."""
    case = token.feats.get("Case")
    if token.pos != "ADJ" or case not in OBLIQUE_CASES:
        return normalised
    written = token.text.casefold()
    for form in models().morph_vocab.parse(written):
        if form.pos != "ADJ" or form.feats.get("Case") != case:
            continue
        # Of the paradigm's nominatives in this gender and number, the one closest to the
        # written word ("высшей" -> "высшая", not the lemma's "высочайшая").
        same = [
            f.word
            for f in form.lexeme
            if f.feats.get("Case") == "Nom"
            and f.feats.get("Gender") == (gender if number == "Sing" else None)
            and f.feats.get("Number") == number
        ]
        if same:
            word = max(same, key=lambda w: _shared_start(w, written))
            return _cased(word if "ё" in written else word.replace("ё", "е"), token.text)
    return normalised


def _shared_start(one: str, other: str) -> int:
    """How many letters two words share from their start."""
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
        min(len(one), len(other)),
    )


def _cased(word: str, like: str) -> str:
    """`word` with an initial capital when `like` has one."""
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


#: Case endings of a man's surname in "-ов", "-ев", "-ин", "-ын" (Котова, Котову, Котовым,
#: Котове), longest first.
MASCULINE_SURNAME_ENDINGS = ("ым", "а", "у", "е")


@rule("ru-men-keep-masculine-surnames", Stage.REPAIR)
def masculine_surname(name: str, tokens: list) -> str:
    """A man's name in an oblique case ("полпреда Ивана Котова", "с Иваном Котовым") whose
    surname the morphology does not know keeps the case ending in its surname ("Иван Котова",
    "Иван Котовым"): after "-ов", "-ев", "-ин", "-ын" the ending is dropped for the
    nominative. A man: the first word of the name is tagged masculine, the surname is in an
    oblique case."""
    words = name.split()
    if len(tokens) < 2 or len(words) < 2 or tokens[0].feats.get("Gender") != "Masc":
        return name
    last = words[-1]
    if tokens[-1].feats.get("Case") in (None, "Nom"):
        return name
    for ending in MASCULINE_SURNAME_ENDINGS:
        stem = last[: -len(ending)]
        if last.endswith(ending) and stem.casefold().endswith(SURNAME_SUFFIXES):
            return " ".join([*words[:-1], stem])
    return name


def _with_governments(doc: object, found: list[Found]) -> list[Found]:
    """A government-body word followed by a place in the genitive ("правительства Москвы") is
    one organization, "Правительство Москвы", whose mention covers both words; the place is
    part of its name, not a place mention of its own."""
    places = {m.start: m for m in found if m.kind == PLACE}
    tokens = doc.tokens  # type: ignore[attr-defined]
    case_at = {token.start: token.feats.get("Case") for token in tokens}
    text = doc.text  # type: ignore[attr-defined]
    governments = []
    for token in tokens:
        lemma = (token.lemma or "").casefold()
        if lemma not in GOVERNMENT_HEADS:
            continue
        place = next(
            (
                p
                for start, p in places.items()
                if start > token.stop and not text[token.stop : start].strip()
            ),
            None,
        )
        if place is None or case_at.get(place.start) != "Gen":
            continue
        name = f"{lemma[:1].upper()}{lemma[1:]} {text[place.start : place.end]}"
        governments.append(Found(ORGANIZATION, token.start, place.end, name, "government_ru", 0.8))
    if not governments:
        return found
    kept = [m for m in found if not any(m.start < g.end and g.start < m.end for g in governments)]
    return sorted([*kept, *governments], key=lambda m: (m.start, m.end))


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
        names = {m.name for m in group.mentions} | {a for m in group.mentions for a in m.aliases}
        group.aliases = sorted({n for n in names if fold(n) != fold(group.name)}, key=fold)
    return list(groups.values())


def _canonical_name(group: Group) -> str:
    """The longest nominative name ("Сергей Собянин" over "Собянин"); the first one on ties."""
    return max((m.name for m in group.mentions), key=lambda name: len(name.split()))


def add_repeated_mentions(groups: list[Group], body: str) -> None:
    """Every further whole-word occurrence of an organization's, place's or event's name, as
    the page writes it somewhere or in the nominative, is a mention of it too: the NER tags a
    name in one sentence and misses it in another (often inside quotes, "проект «Умный город»").
    People are left out: a first name alone or a surname is matched by `group_mentions`."""
    taken = [(m.start, m.end) for g in groups for m in g.mentions]
    for group in groups:
        if group.kind == PERSON:
            continue
        forms = {body[m.start : m.end] for m in group.mentions} | {group.name}
        for form in sorted(forms, key=len, reverse=True):
            if len(form) < 3:
                continue
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", body):
                start, end = match.span()
                if any(s < end and start < e for s, e in taken):
                    continue
                first = group.mentions[0]
                group.mentions.append(
                    Found(group.kind, start, end, first.name, "repeated_name_ru", 0.6)
                )
                taken.append((start, end))
        group.mentions.sort(key=lambda m: (m.start, m.end))
