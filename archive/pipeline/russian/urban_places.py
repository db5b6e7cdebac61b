"""Streets, squares and parks named by a noun and a name ("парк Юности", "на улице
Садовникова"): the NER reads the name alone, as a place ("Юность") or a person ("Садовников"),
and puts it in the nominative, which turns a park into youth and a street into its namesake.
The place is the noun (in the nominative) with the name as the text writes it: "парк Юности",
"улица Садовникова"."""

from __future__ import annotations

from typing import Any

from ..extraction.rules import Stage, rule
from ..types import PERSON, PLACE
from ..wordlists import terms
from .entities import Found
from .nlp import models

#: Lemmas of the nouns that open such a place's name (`urban_place_heads_ru.txt`).
URBAN_HEADS = terms("urban_place_heads_ru.txt")


@rule("ru-streets-and-parks-keep-their-noun", Stage.REPAIR)
def urban_places(found: list[Found], doc: Any) -> list[Found]:
    """A street, square or park: its noun and the capitalised name right after it (with the
    lower-case words in the genitive that continue the name: "парк Дружбы городов") are one
    place, replacing the NER's reading of the name alone."""
    tokens = list(doc.tokens)
    added: list[Found] = []
    for position, head in enumerate(tokens[:-1]):
        lemma = _urban_head(head)
        if lemma is None:
            continue
        cursor = position + 1
        while cursor < len(tokens) and tokens[cursor].text[:1].isupper() and cursor - position <= 3:
            cursor += 1
        if cursor == position + 1:
            continue
        while (
            cursor < len(tokens)
            and tokens[cursor].text[:1].islower()
            and tokens[cursor].pos in {"NOUN", "ADJ"}
            and tokens[cursor].feats.get("Case") == "Gen"
        ):
            cursor += 1
        last = tokens[cursor - 1]
        written = doc.text[tokens[position + 1].start : last.stop]
        added.append(Found(PLACE, head.start, last.stop, f"{lemma} {written}", "urban-place", 0.8))
    if not added:
        return found
    kept = [
        m
        for m in found
        if not (
            m.kind in {PLACE, PERSON} and any(a.start <= m.start and m.end <= a.end for a in added)
        )
    ]
    overlapping = [a for a in added if any(a.start < m.end and m.start < a.end for m in kept)]
    return sorted([*kept, *(a for a in added if a not in overlapping)], key=lambda m: m.start)


def _urban_head(token: Any) -> str | None:
    """The lemma of a singular noun that opens a street's or a park's name, or None."""
    if token.pos != "NOUN" or token.feats.get("Number") != "Sing":
        return None
    for form in models().morph_vocab.parse(token.text.casefold()):
        if form.pos == "NOUN" and form.normal in URBAN_HEADS:
            return form.normal
    return None
