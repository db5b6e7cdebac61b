"""Role titles inside organization spans: "Riverton Mayor Alma Quist" or "Department of Parks
Director" read as one organization because every word is capitalised. The role word shows where
the organization ends and the person's title begins."""

from __future__ import annotations

from ..types import ORGANIZATION
from ..wordlists import terms
from .candidates import Candidate, span_candidate
from .people import plausible_person
from .rules import Stage, rule
from .text import Word, words_in_span
from .vocabulary import ORG_PREFIX_HEADS, ORG_SUFFIX_HEADS, TITLE_BEFORE_NAME

#: Roles that end a person's title, never an organization's name ("... Director").
_PERSON_TITLES = terms("person_titles.txt")
#: Words before a role that make it part of a name: "Office of the Mayor".
_NAME_JOINERS = frozenset({"the", "of", "for", "and", "&"})


def _has_org_head(words: list[Word]) -> bool:
    return any(
        w.is_capitalised and (w.lower in ORG_SUFFIX_HEADS or w.lower in ORG_PREFIX_HEADS)
        for w in words
    )


def _cut(candidate: Candidate, words: list[Word], body: str) -> Candidate | None:
    """The organization before the title, or None when the words before it name none."""
    while words and words[-1].lower in _NAME_JOINERS:
        words = words[:-1]
    if not words or not _has_org_head(words):
        return None
    if len(words) == 1:
        return None  # "City Solicitor", "County Clerk": the head alone names no body
    return span_candidate(
        ORGANIZATION,
        body,
        words[0].start,
        words[-1].end,
        candidate.extractor,
        candidate.confidence,
        priority=candidate.priority,
    )


@rule("person-titles-end-organizations", Stage.REPAIR)
def without_person_titles(
    candidates: list[Candidate], words: list[Word], body: str
) -> list[Candidate]:
    """An organization span that runs into a person's title ends before it: "Harbour Board
    Chairman" is the board; "Riverton Mayor Alma Quist" or "Parks Department Director Lina Moss"
    name a person (found by the people finder) and, at most, the body before the title. A title
    after "the" or "of" belongs to the name ("Office of the Mayor"), and so does one closing an
    "of the" phrase ("Office of the City Clerk")."""
    result: list[Candidate] = []
    for candidate in candidates:
        if candidate.kind == ORGANIZATION:
            candidate = _before_title(candidate, words, body)
        if candidate is not None:
            result.append(candidate)
    return result


#: Heads of a body named after its officer ("Office of the City Clerk").
_OFFICER_NAMED_HEADS = frozenset({"office", "offices"})


def _of_the_before(words: list[Word]) -> bool:
    """'Office of the City ...': an office named after the officer whose title follows ('Bank
    of the West Chairman' is the bank and its chairman)."""
    return any(
        a.lower in _OFFICER_NAMED_HEADS and b.lower == "of" and c.lower == "the"
        for a, b, c in zip(words, words[1:], words[2:], strict=False)
    )


def _before_title(candidate: Candidate, words: list[Word], body: str) -> Candidate | None:
    span = words_in_span(words, candidate.start, candidate.end)
    for position in range(1, len(span)):
        word, rest = span[position], span[position + 1 :]
        if not word.is_capitalised or span[position - 1].lower in _NAME_JOINERS:
            continue
        if rest:
            # "Mayor Alma Quist": a title opening a name (not "Director General", whose rest
            # is no name).
            if word.lower not in TITLE_BEFORE_NAME or not plausible_person(rest):
                continue
        elif word.lower not in _PERSON_TITLES or _of_the_before(span[:position]):
            # "Office of the City Clerk": the officer the office is named after.
            continue
        return _cut(candidate, span[:position], body)
    return candidate
