# ruff: noqa: RUF001 - typographic quotes are the data this module reads.
"""Events: Natasha has no event NER, so events are found by their head words.

A head word (any case of a lemma in `data/event_heads_ru.txt`: форум, конференция, выставка,
премия, ...) names an event when

- a quoted name follows it: "на форуме «Открытые данные»" (the adjectives before the head
  that agree with it belong to the name when the first of them is capitalised); or
- a quoted name follows the lower-case words that describe it ("на форуме по развитию городов
  «...»", also in straight quotation marks: `ru-event-names-quoted-after-a-description`); or
- capitalised adjectives that agree with it stand before it, not at the start of a sentence:
  "на Московском урбанистическом форуме".

The name is put in the nominative the way Natasha normalises an organization: the head and the
words that agree with it change case, the quoted name stays as written ("Форум «Открытые
данные»", "Московский урбанистический форум").
"""

from __future__ import annotations

import re
from typing import Any

from natasha.norm import syntax_normalize

from ..extraction.rules import Stage, rule
from ..types import EVENT
from ..wordlists import rows
from .bodies import descends, name_end
from .entities import Found
from .nlp import models

#: Event kind by the lemma of its head word.
EVENT_HEADS = {lemma: kind for lemma, kind in rows("event_heads_ru.txt")}
#: English event heads, for event names a Russian page writes in English.
ENGLISH_EVENT_HEADS = {word: kind for word, kind in rows("event_heads.txt")}
#: A run of capitalised Latin words ("Smart Mobility Awards 2024" without the year).
LATIN_NAME = re.compile(r"(?<![\w-])[A-Z][A-Za-z&'-]*(?: [A-Z][A-Za-z&'-]*)+(?![\w-])")
#: A quoted name right after the head: «...» (one level of „“ or «» inside) or „...“.
QUOTED_NAME = re.compile(r"\s*(?:«(?:[^«»\n]|«[^«»\n]*»){1,80}»|„[^„“”\n]{1,80}[“”])")


def find_events(doc: Any, body: str) -> list[Found]:
    found = []
    for sentence in doc.sents:
        tokens = sentence.tokens
        for index, token in enumerate(tokens):
            # "ИТ-форум": the last part of a hyphenated word is its head.
            lemma = (token.lemma or "").replace("ё", "е").rsplit("-", 1)[-1]
            kind = EVENT_HEADS.get(lemma)
            if kind is None or token.pos not in ("NOUN", "PROPN"):
                continue
            quoted = QUOTED_NAME.match(body, token.stop)
            if quoted is None:
                quoted = next(iter(quoted_after_description(body, tokens, index)), None)
            first = _first_modifier(tokens, index)
            if quoted is None and (latin := latin_named_event(body, token.stop, kind)):
                found += latin
                continue
            if quoted is None and first == 0 and not named_at_sentence_start(tokens, index):
                continue
            if quoted is None and first == index:
                # "на Неделе городских технологий": a capitalised head and its genitive words.
                found += named_by_genitive(doc, tokens, index, kind)
                continue  # neither a name in quotes nor capitalised words naming it
            if quoted is not None and first != index and not tokens[first].text[:1].isupper():
                first = index  # "на новом форуме «...»": "новом" describes, it does not name
            head_words = tokens[first : index + 1]
            name = syntax_normalize(models().morph_vocab, head_words)
            end = token.stop
            start = head_words[0].start
            if quoted is not None:
                # The quoted words are the name; the head before them describes it
                # (bench/README.md: a descriptor before the quoted name is not part of it).
                name = quoted.group(0).strip()[1:-1].strip()
                start, end = quoted.end() - len(quoted.group(0).strip()) + 1, quoted.end() - 1
            found.append(
                Found(
                    EVENT,
                    start,
                    end,
                    name[:1].upper() + name[1:],
                    "event_heads_ru",
                    0.7,
                    event_kind=kind,
                )
            )
    return found


#: A quoted name in «», „“ or straight quotation marks, from where the description ends.
QUOTED_ANY = re.compile(
    r"\s*(?:«(?:[^«»\n]|«[^«»\n]*»){1,80}»|„[^„“”\n]{1,80}[“”]|\"[^\"\n]{1,80}\")"
)
#: How many words may describe an event between its head and its quoted name.
MAX_DESCRIPTION = 8


@rule("ru-event-names-quoted-after-a-description", Stage.FINDER)
def quoted_after_description(body: str, tokens: list[Any], head: int) -> list[re.Match]:
    """An event head, lower-case words that depend on it and describe it, then a quoted name
    ("форум по развитию городов «...»", "конференция стратегического планирования «...»",
    also in straight quotes: "фестиваль "...""): the quoted name names the event, as it does
    right after the head. The quoted name's match, in a list ([] when none follows)."""
    by_id = {t.id: t for t in tokens}
    ids = {tokens[head].id}
    position = tokens[head].stop
    for token in tokens[head + 1 : head + 2 + MAX_DESCRIPTION]:
        match = QUOTED_ANY.match(body, position)
        if match is not None:
            inner = match.group(0).strip()[1:-1].strip()
            return [match] if inner[:1].isupper() or inner[:1].isdigit() else []
        if (
            not token.text[:1].islower()
            or token.pos in ("VERB", "AUX")
            or not descends(token, ids, by_id)
        ):
            return []
        ids.add(token.id)
        position = token.stop
    return []


def latin_events(body: str) -> list[Found]:
    """Events a Russian page names in English: two or more capitalised Latin words ending in an
    English event head (`data/event_heads.txt`: "Smart Mobility Awards", "Urban Tech Forum")."""
    found = []
    for match in LATIN_NAME.finditer(body):
        words = match.group(0).split()
        kind = ENGLISH_EVENT_HEADS.get(words[-1].casefold())
        if kind is not None and len(words) >= 2:
            found.append(
                Found(
                    EVENT,
                    match.start(),
                    match.end(),
                    match.group(0),
                    "event_heads_latin_ru",
                    0.6,
                    event_kind=kind,
                )
            )
    return found


def _first_modifier(tokens: list[Any], head: int) -> int:
    """The index of the first of the adjectives right before `tokens[head]` that depend on it
    and agree with it (`head` when there are none, or when the run does not start with a
    capital: "на большом форуме")."""
    head_token = tokens[head]
    first = head
    while (
        first > 0
        and tokens[first - 1].pos == "ADJ"
        and tokens[first - 1].head_id == head_token.id
        and tokens[first - 1].feats.get("Case") == head_token.feats.get("Case")
    ):
        first -= 1
    if first != head and not tokens[first].text[:1].isupper():
        # Only the capitalised part of the run names the event.
        while first < head and not tokens[first].text[:1].isupper():
            first += 1
    return first


#: Lemmas of time nouns: a head followed by one ("Форума этого года") is not named by it.
TIME_WORDS = frozenset({"год", "месяц", "неделя", "день", "век", "сезон", "квартал"})
#: A run of Latin words right after a Russian head ("конгресс Urban Health").
LATIN_AFTER_HEAD = re.compile(
    r" ([A-Z][A-Za-z0-9&'-]*(?: [A-Z][A-Za-z0-9&'-]*)*(?: (?:19|20)\d\d)?)(?![\w-])"
)


@rule("ru-events-named-in-latin-after-a-head", Stage.FINDER)
def latin_named_event(body: str, position: int, kind: str) -> list[Found]:
    """A Russian event head followed by a name in Latin letters ("на конгрессе Urban Health",
    "фестиваль CityTech") is that event, named by the Latin words alone (the head describes
    it, as with a quoted name); the NER takes such names for organizations."""
    match = LATIN_AFTER_HEAD.match(body, position)
    if match is None:
        return []
    return [
        Found(
            EVENT,
            match.start(1),
            match.end(1),
            match.group(1),
            "event_latin_name_ru",
            0.7,
            event_kind=kind,
        )
    ]


@rule("ru-event-names-opening-a-sentence", Stage.FINDER)
def named_at_sentence_start(tokens: list[Any], head: int) -> list[int]:
    """At the start of a sentence a capital says nothing, so an event named there by its
    adjectives ("Петербургский международный экономический форум открылся") counts when two or
    more adjectives agree with the head and the first is made from a place name (-ский); the
    index of that first adjective, in a list ([] when the sentence start names nothing)."""
    first = _first_modifier(tokens, head)
    if head - first >= 2 and (tokens[first].lemma or "").endswith(("ский", "цкий")):
        return [first]
    return []


@rule("ru-events-named-by-a-capitalised-head", Stage.FINDER)
def named_by_genitive(doc: Any, tokens: list[Any], head: int, kind: str) -> list[Found]:
    """An event head written with a capital inside a sentence, followed by words in the
    genitive ("на Неделе городских технологий", "Конференции по цифровым сервисам"), is a named
    event: the head in the nominative, the words after it as written (a place after them, or a
    person, is not part of the name)."""
    token = tokens[head]
    if head == 0 or not token.text[:1].isupper():
        return []
    stops = [(s.start, s.stop) for s in doc.spans if s.type in ("LOC", "PER")]
    end = name_end(tokens, head, stops)
    if end is None:
        return []
    first = tokens[head + 1]
    if first.text.casefold() != "по" and first.feats.get("Case") != "Gen":
        return []
    if first.pos in ("DET", "PRON", "NUM") or (tokens[end].lemma or "") in TIME_WORDS:
        return []  # "Форума этого года", "Выставки прошлого месяца": a time, not a name
    lemma = token.lemma or token.text
    rest = " ".join(doc.text[token.stop : tokens[end].stop].split())
    name = f"{lemma[:1].upper()}{lemma[1:]} {rest}"
    return [
        Found(EVENT, token.start, tokens[end].stop, name, "event_genitive_ru", 0.7, event_kind=kind)
    ]
