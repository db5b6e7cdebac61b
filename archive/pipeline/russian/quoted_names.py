# ruff: noqa: RUF001, RUF002 - typographic quotes are the data this module reads.
"""Quoted names and the word before them: "проект «Тихий двор»" is an organization, "портал
«Карта района»" is no entity at all.

Natasha's NER tags quoted names by their words, not by what the text says they are: it misses
most programmes ("программу «Чистая вода»") and tags portals, apps and sections as
organizations. The noun right before the opening quote (its lemma, `data/
quoted_name_descriptors_ru.txt`) decides; a list of quoted names after it ("проекты «А», «Б»
и «В»") takes the same reading. The name is what the quotes hold, as written (quotation marks
are not part of a name).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..extraction.rules import Stage, rule
from ..types import ORGANIZATION
from ..wordlists import rows, terms
from .entities import Found, fold

#: Lemma of the word before a quoted name -> what the name is ("organization" or "none").
DESCRIPTORS = {lemma: kind for lemma, kind in rows("quoted_name_descriptors_ru.txt")}
#: Lemmas of the nouns that say a quoted name is a media outlet ("газета «...»").
MEDIA_DESCRIPTORS = {lemma: ORGANIZATION for lemma in terms("media_descriptors_ru.txt")}
#: A quoted name: «...» (one level of «» or „“ inside), „...“, "..." or “...” (the English
#: marks, which some sites type in Russian text).
QUOTED = re.compile(
    r"«((?:[^«»\n]|«[^«»\n]*»){1,80})»|„([^„“”\n]{1,80})[“”]|\"([^\"\n]{1,80})\""
    r"|“([^“”„\n]{1,80})”"
)
#: How many words back the noun a word before the quote depends on may stand.
HEAD_DISTANCE = 3
#: What may stand between two quoted names of one list.
LIST_GLUE = re.compile(r"\s*(?:,|и|или)?\s*$")


def quoted_names(doc: Any, body: str) -> tuple[list[Found], set[str], list[tuple[int, int]]]:
    """(organizations named in quotes after a programme word, the folded names the page calls
    something that is no entity, and the spans of those names with the word before them)."""
    tokens = doc.tokens
    stops = [token.stop for token in tokens]
    organizations: list[Found] = []
    not_entities: set[str] = set()
    not_entity_spans: list[tuple[int, int]] = []
    kind = None
    previous_end = -1
    for match in QUOTED.finditer(body):
        group = next(g for g in (1, 2, 3, 4) if match.group(g) is not None)
        inner_start, inner_end = match.start(group), match.end(group)
        name = " ".join(match.group(group).split())
        if not name or not name[:1].isupper():
            continue
        between = body[previous_end : match.start()] if previous_end >= 0 else None
        if between is None or not LIST_GLUE.match(between):
            kind, described_from = _descriptor(tokens, stops, body, match.start(), DESCRIPTORS)
        previous_end = match.end()
        if kind == ORGANIZATION:
            organizations.append(
                Found(ORGANIZATION, inner_start, inner_end, name, "quoted_name_ru", 0.7)
            )
        elif kind == "none":
            not_entities.add(fold(name))
            not_entity_spans.append((min(described_from, match.start()), match.end()))
    return organizations, not_entities, not_entity_spans


@rule("ru-media-outlets-named-in-quotes", Stage.FINDER)
def media_outlets(doc: Any, body: str) -> list[Found]:
    """A quoted name after a word saying it is a newspaper, a magazine, a TV channel or a news
    agency ("сообщает газета «...»", "на сайте газеты «...»", `media_descriptors_ru.txt`) is
    that outlet, an organization (a source the story names); the NER reads such names by
    their words ("«Вечерний <город>»" as a place) or misses them."""
    tokens = doc.tokens
    stops = [token.stop for token in tokens]
    found = []
    for match in QUOTED.finditer(body):
        group = next(g for g in (1, 2, 3, 4) if match.group(g) is not None)
        name = " ".join(match.group(group).split())
        if not name[:1].isupper():
            continue
        kind, _ = _descriptor(tokens, stops, body, match.start(), MEDIA_DESCRIPTORS)
        if kind == ORGANIZATION:
            found.append(
                Found(ORGANIZATION, match.start(group), match.end(group), name, "media_ru", 0.7)
            )
    return found


def _descriptor(
    tokens: list[Any], stops: list[int], body: str, quote: int, descriptors: dict[str, str]
) -> tuple[str | None, int]:
    """The reading the word before the quote gives, and where that word starts: the word right
    before it (a colon may stand between), or the noun that word depends on a few words back
    ("программа лояльности «...»")."""
    index = bisect.bisect_right(stops, quote) - 1
    while index >= 0 and tokens[index].text in {":", "—", "–"}:
        index -= 1
    if index < 0 or body[tokens[index].stop : quote].strip(" :—–") != "":
        return None, quote
    by_id = {token.id: position for position, token in enumerate(tokens)}
    for position in (index, by_id.get(tokens[index].head_id, -1)):
        if 0 <= position <= index and index - position <= HEAD_DISTANCE:
            kind = descriptors.get(_lemma(tokens[position]))
            if kind is not None:
                return kind, tokens[position].start
    return None, quote


def _lemma(token: Any) -> str:
    lemma = (token.lemma or token.text).casefold().replace("ё", "е")
    return lemma.rsplit("-", 1)[-1]
