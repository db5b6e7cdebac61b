"""Short references that only make sense once the full names are known: an acronym written on
its own, a person's surname or first name after the full name."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ..types import EVENT, ORGANIZATION, PERSON
from .candidates import Candidate
from .rules import Stage, rule
from .text import Word
from .vocabulary import HONORIFICS, SPEECH_VERBS

if TYPE_CHECKING:
    from .resolve import Draft


def _free(span: tuple[int, int], taken: list[Candidate], kind: str) -> tuple[bool, list[Candidate]]:
    """Whether a new reference at `span` fits; the weak guesses it would displace."""
    displaced = []
    for other in taken:
        if other.start < span[1] and span[0] < other.end:
            if other.kind == kind:
                return False, []
            record = other.attrs.get("record")
            weak = other.length <= span[1] - span[0] and (
                other.extractor == "spacy-ner"
                or (kind == PERSON and record is not None and record.rank < 3)
            )
            if not weak:
                return False, []
            displaced.append(other)
    return True, displaced


@rule("acronym-mentions", Stage.STEP)
def add_acronym_mentions(drafts: list[Draft], mentions: list[Candidate], body: str) -> None:
    """Once a page defines an acronym for an organization or event ("Full Name (FN)"), every
    later bare use of it is a mention of that entity, where no stronger name holds the span."""
    for draft in drafts:
        if draft.kind not in {ORGANIZATION, EVENT}:
            continue
        for acronym in draft.acronyms:
            pattern = re.compile(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])")
            for match in pattern.finditer(body):
                ok, displaced = _free(match.span(), mentions, draft.kind)
                if not ok:
                    continue
                for other in displaced:
                    _remove(other, mentions, drafts)
                mention = Candidate(
                    kind=draft.kind,
                    start=match.start(),
                    end=match.end(),
                    text=acronym,
                    extractor="acronym",
                    confidence=0.9,
                    name=acronym,
                )
                mentions.append(mention)
                draft.mentions.append(mention)
        draft.mentions.sort(key=lambda m: m.start)


def _remove(candidate: Candidate, mentions: list[Candidate], drafts: list[Draft]) -> None:
    if candidate in mentions:
        mentions.remove(candidate)
    for draft in drafts:
        if candidate in draft.mentions:
            draft.mentions.remove(candidate)


@rule("surname-and-first-name-references", Stage.STEP)
def add_person_references(
    drafts: list[Draft], mentions: list[Candidate], words: list[Word], body: str
) -> None:
    """'Lysenko said' is Eduard Lysenko; 'Dr. Maimunah' and 'Oh said' use the first name when an
    honorific or a speech verb makes the reference clear."""
    people = [d for d in drafts if d.kind == PERSON]
    last_names: Counter[str] = Counter()
    first_names: Counter[str] = Counter()
    for person in people:
        tokens = _name_tokens(person)
        if len(tokens) >= 2:
            last_names[tokens[-1]] += 1
            first_names[tokens[0]] += 1
    # Where each person is first named in full: a surname two people share refers to the one
    # named most recently before it ("Ricardo Nunes ... Nunes said").
    introduced = {
        id(person): min(m.start for m in person.mentions if len(m.text.split()) >= 2)
        for person in people
        if any(len(m.text.split()) >= 2 for m in person.mentions)
    }
    # Where each word stands, so each person visits only the words that could name them.
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        positions.setdefault(word.text, []).append(index)
    for person in people:
        tokens = _name_tokens(person)
        if len(tokens) < 2 or id(person) not in introduced:
            continue
        surname, first = tokens[-1], tokens[0]
        namesakes = [p for p in people if id(p) in introduced and _name_tokens(p)[-1] == surname]
        for index in sorted({*positions.get(surname, ()), *positions.get(first, ())}):
            word = words[index]
            is_last = word.text == surname and (
                last_names[surname] == 1
                or _most_recent(namesakes, introduced, word.start) is person
            )
            is_first = word.text == first and first_names[first] == 1 and first != surname
            if not (is_last or is_first):
                continue
            before = words[index - 1] if index > 0 else None
            after = words[index + 1] if index + 1 < len(words) else None
            honorific = before is not None and before.lower in HONORIFICS
            speech = (before is not None and before.lower in SPEECH_VERBS) or (
                after is not None and after.lower in SPEECH_VERBS
            )
            if is_first and not is_last and not (honorific or speech):
                continue
            if (
                before is not None
                and before.is_capitalised
                and not before.sent_start
                and not honorific
                and before.text not in {"'s", "\u2019s"}
                and before.lower not in SPEECH_VERBS
            ):
                continue  # part of another name ("Demi Moore")
            if (
                after is not None
                and after.is_capitalised
                and not word.line_break_after
                and not after.sent_start
            ):
                continue
            ok, displaced = _free((word.start, word.end), mentions, PERSON)
            if not ok:
                continue
            for other in displaced:
                _remove(other, mentions, drafts)
            mention = Candidate(
                kind=PERSON,
                start=word.start,
                end=word.end,
                text=word.text,
                extractor="surname" if is_last else "first-name",
                confidence=0.8,
                name=word.text,
            )
            mentions.append(mention)
            person.mentions.append(mention)
        person.mentions.sort(key=lambda m: m.start)


def _most_recent(people: list[Draft], introduced: dict[int, int], offset: int) -> Draft | None:
    earlier = [p for p in people if introduced[id(p)] < offset]
    return max(earlier, key=lambda p: introduced[id(p)]) if earlier else None


def _name_tokens(person: Draft) -> list[str]:
    full = max(person.names(), key=lambda n: len(n.split()))
    return [t for t in full.split() if t.lower() not in HONORIFICS]
