"""Canonical names and aliases: the name each entity is shown under, and the other spellings the
page used for it."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ..types import EVENT, ORGANIZATION, PLACE
from .organizations import is_acronym
from .rules import Stage, rule
from .text import fold
from .vocabulary import COMPANY_SUFFIXES

if TYPE_CHECKING:
    from .resolve import Draft


def choose_names(drafts: list[Draft]) -> None:
    for draft in drafts:
        names = [n for n in draft.names() if n]
        if draft.known_id is not None and draft.known_name:
            draft.name = draft.known_name
        elif draft.kind == PLACE:
            draft.name = _place_name(draft)
        elif draft.kind == ORGANIZATION:
            draft.name = _org_name(draft, names)
        else:
            full = [n for n in names if len(n.split()) >= 2] or names
            draft.name = max(full, key=lambda n: (len(n.split()), len(n), -names.index(n)))
        aliases = {strip_the(n) for n in names} | set(draft.acronyms)
        if draft.known_name:
            aliases.add(draft.known_name)
        if draft.kind == ORGANIZATION:
            aliases |= _org_variants(draft.name)
        aliases.discard(draft.name)
        draft.aliases = sorted(
            a
            for a in aliases
            if (a and fold(a) != fold(draft.name))
            or (a and a != draft.name and a in draft.acronyms)
        )


@rule("written-forms-are-aliases", Stage.STEP)
def add_written_forms(drafts: list[Draft]) -> None:
    """A place or a known name is shown under its canonical name ("United States"); the
    spelling the page used ("U.S.") becomes an alias, since that is how a reader, a search or
    the next article looks for it."""
    for draft in drafts:
        known = {fold(a) for a in draft.aliases} | {fold(draft.name)}
        for mention in draft.mentions:
            written = strip_the(mention.text)
            if written and fold(written) not in known:
                draft.aliases.append(written)
                known.add(fold(written))
        draft.aliases.sort()


#: A year written right after a name: the edition of an event ("Expo Summit 2024").
_EDITION_YEAR = re.compile(r"[ \t]+((?:19|20)\d\d)(?![\w-])")


@rule("event-editions-are-aliases", Stage.STEP)
def add_event_editions(drafts: list[Draft], body: str) -> None:
    """An event written with its edition year ("the Harbour Tech Fair 2021") is named without
    the year, so that every edition is one event; the spelling with the year is how the page
    wrote it and how a reader looks for that edition, so it becomes an alias."""
    for draft in drafts:
        if draft.kind != EVENT:
            continue
        known = {fold(a) for a in draft.aliases} | {fold(draft.name)}
        for mention in draft.mentions:
            year = _EDITION_YEAR.match(body, mention.end)
            if year is None:
                continue
            written = f"{strip_the(mention.name or mention.text)} {year.group(1)}"
            if fold(written) not in known:
                draft.aliases.append(written)
                known.add(fold(written))
        draft.aliases.sort()


def strip_the(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _place_name(draft: Draft) -> str:
    for mention in draft.mentions:
        record = mention.attrs.get("record")
        if record is not None and record.canonical_is_fixed:
            return record.name
    written = Counter(strip_the(m.name or m.text) for m in draft.mentions)
    best = max(written.values())
    for mention in draft.mentions:
        name = strip_the(mention.name or mention.text)
        if written[name] == best:
            return name
    return draft.mentions[0].text


def _org_name(draft: Draft, names: list[str]) -> str:
    if draft.defined_names:
        return strip_the(max(draft.defined_names, key=lambda n: (len(n.split()), len(n))))
    spelled = [n for n in names if not is_acronym(n)]
    if not spelled:
        return draft.known_name or names[0]
    return strip_the(max(spelled, key=lambda n: (len(n.split()), len(n), -names.index(n))))


_GOVERNMENT_OF = re.compile(
    r"^(?P<head>Government|Municipality|City) of (?P<place>[A-Z][\w .'-]+)$"
)


_PLACE_GOVERNMENT = re.compile(
    r"^(?P<place>[A-Z][\w.'-]+(?: (?!City )[A-Z][\w.'-]+)?) (?:City )?Government$"
)


def _org_variants(name: str) -> set[str]:
    """Other spellings other articles use for the same body: 'Government of Moscow' <->
    'Moscow Government'. They go into the aliases so the loader can match across articles."""
    variants: set[str] = set()
    located = re.fullmatch(r"(?P<body>.+?), (?P<place>[A-Z][\w .'-]+)", name)
    if located and located.group("place").split()[-1].casefold() not in COMPANY_SUFFIXES:
        # "Office of Urban Mobility, Lisbon": others write it without the city.
        variants.add(located.group("body"))
    match = _GOVERNMENT_OF.match(name)
    if match and match.group("head") == "Government":
        variants.add(f"{match.group('place')} Government")
    match = _PLACE_GOVERNMENT.match(name)
    if match:
        variants.add(f"{match.group('place')} Government")
        variants.add(f"Government of {match.group('place')}")
    return variants
