"""Places listed with one shared noun: "в Тверской и Ярославской областях" names two regions,
"Тверская область" and "Ярославская область", though the text writes the noun once, in the
plural. The NER reads such a list as a bare adjective and an adjective with a plural noun; this
repair gives each place its full name in the nominative singular, each mention keeping its own
span (the first adjective alone, the last one with the noun)."""

from __future__ import annotations

from typing import Any

from ..extraction.rules import Stage, rule
from ..types import ORGANIZATION, PLACE
from ..wordlists import terms
from .entities import Found
from .nlp import models

#: Lemmas of the nouns a list of places can share (`coordinated_place_heads_ru.txt`).
SHARED_HEADS = terms("coordinated_place_heads_ru.txt")
_SEPARATORS = frozenset({",", "и"})


@rule("ru-coordinated-places-share-their-noun", Stage.REPAIR)
def coordinated_places(found: list[Found], doc: Any) -> list[Found]:
    """Places listed with one shared plural noun become one place each ("Тверская
    область", "Ярославская область"), replacing the NER's partial readings of the list."""
    tokens = list(doc.tokens)
    added: list[Found] = []
    for position, head in enumerate(tokens):
        lemma, gender = _plural_head(head)
        if lemma is None:
            continue
        listed = _listed_adjectives(tokens, position)
        if listed is None:
            continue
        names, shared = listed
        own = [_nominative(token, gender) for token in names]
        common = [_nominative(token, gender) for token in shared]
        if None in own or None in common:
            continue
        tail = " ".join([*common, lemma])  # type: ignore[list-item]
        spans = [(token.start, token.stop) for token in names[:-1]]
        spans.append((names[-1].start, head.stop))
        if any(
            m.kind == ORGANIZATION and m.start < spans[-1][1] and spans[0][0] < m.end for m in found
        ):
            continue  # "Правительства ... областей": a body's name, judged as such
        for (start, end), word, token in zip(spans, own, names, strict=True):
            name = f"{_cased_as(word, token.text)} {tail}"  # type: ignore[arg-type]
            added.append(Found(PLACE, start, end, name, "coordination", 0.8))
    if not added:
        return found
    kept = [
        m
        for m in found
        if not (m.kind == PLACE and any(a.start < m.end and m.start < a.end for a in added))
    ]
    return sorted([*kept, *added], key=lambda m: (m.start, m.end))


def _plural_head(token: Any) -> tuple[str | None, str | None]:
    """The lemma and gender of a noun that places can share, written in the plural, or (None,
    None). The morphology decides the number, not the tagger: "области" after a list of
    adjectives is a plural the tagger may read as a genitive singular."""
    if token.pos != "NOUN":
        return None, None
    for form in models().morph_vocab.parse(token.text.casefold()):
        if (
            form.pos == "NOUN"
            and form.normal in SHARED_HEADS
            and form.feats.get("Number") == "Plur"
        ):
            return form.normal, form.feats.get("Gender") or token.feats.get("Gender")
    return None, None


def _listed_adjectives(tokens: list, head: int) -> tuple[list, list] | None:
    """The capitalised adjectives listed before the head ("Тверской и Ярославской", or with
    commas only: "Тверская, Ярославская, Курская области") and the lower-case ones they share
    with it ("народные"); None unless there are two or more."""
    cursor = head - 1
    shared: list = []
    while cursor >= 0 and tokens[cursor].pos == "ADJ" and tokens[cursor].text[:1].islower():
        shared.insert(0, tokens[cursor])
        cursor -= 1
    names: list = []
    while cursor >= 0 and tokens[cursor].pos == "ADJ" and tokens[cursor].text[:1].isupper():
        names.insert(0, tokens[cursor])
        cursor -= 1
        if cursor < 0 or tokens[cursor].text not in _SEPARATORS:
            break
        cursor -= 1
    if len(names) < 2:
        return None
    return names, shared


def _nominative(token: Any, gender: str | None) -> str | None:
    """The adjective in the nominative singular of the shared noun's gender."""
    case = token.feats.get("Case")
    for form in models().morph_vocab.parse(token.text.casefold()):
        if form.pos != "ADJ" or (case and form.feats.get("Case") != case):
            continue
        word = nominative_singular(form, gender)
        if word is not None:
            return word
    return None


def nominative_singular(form: Any, gender: str | None) -> str | None:
    """The nominative singular of `gender` in the lexeme of a morphological reading."""
    for variant in form.lexeme:
        if (
            variant.feats.get("Case") == "Nom"
            and variant.feats.get("Number") == "Sing"
            and variant.feats.get("Gender") == gender
        ):
            return variant.word
    return None


def _cased_as(word: str, written: str) -> str:
    """`word` capitalised as `written` is, part by part ("Ханты-Мансийский")."""
    parts, written_parts = word.split("-"), written.split("-")
    if len(parts) != len(written_parts):
        return word[:1].upper() + word[1:]
    return "-".join(
        part[:1].upper() + part[1:] if shape[:1].isupper() else part
        for part, shape in zip(parts, written_parts, strict=True)
    )
