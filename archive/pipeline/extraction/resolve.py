"""From picked mentions to entities: fold the variants of one name (spellings, appositions,
acronyms with their definitions, short names inside longer ones) into one draft entity.

Before this, `selection` picks non-overlapping spans; after it, `references` adds the short
references (acronyms, surnames) and `naming` chooses each entity's canonical name."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..types import EVENT, ORGANIZATION, PERSON
from ..wordlists import terms
from .candidates import Candidate
from .organizations import is_acronym
from .place_gazetteer import COUNTRY, place_index
from .rules import Stage, rule
from .text import fold
from .vocabulary import COMPANY_SUFFIXES, EVENT_HEADS

#: "(WEF)", and an acronym with its head word: "(AMS Institute)".
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[^()\s,;]{2,12}(?: [A-Z][a-z]{2,14})?)\)")


@dataclass
class Draft:
    kind: str
    group: str
    mentions: list[Candidate] = field(default_factory=list)
    known_id: int | None = None
    known_name: str = ""
    acronyms: list[str] = field(default_factory=list)
    defined_names: list[str] = field(default_factory=list)  # names followed by "(ACRONYM)"
    attributes: dict = field(default_factory=dict)
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    key: str = ""

    @property
    def first_start(self) -> int:
        return min(m.start for m in self.mentions)

    def names(self) -> list[str]:
        return [m.name or m.text for m in self.mentions]


_SINGULAR_EXCEPTIONS = ("ss", "us", "is", "ics", "news", "ies")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and len(word) > 3 and not word.endswith(_SINGULAR_EXCEPTIONS):
        return word[:-1]
    return word


_ORG_FOLD_STOP = frozenset({"the", "of", "and", "for", "on", "city", "de", "s"})


def org_fold_key(name: str) -> str:
    """'Department of Information Technologies of Moscow' == 'Department of Information
    Technology, Moscow' == 'Moscow Department of Information Technology'."""
    words = [_singular(w) for w in fold(name).split() if w not in _ORG_FOLD_STOP]
    return " ".join(sorted(words))


def _group_key(candidate: Candidate) -> str:
    if candidate.known_id is not None:
        return f"known:{candidate.known_id}"
    if candidate.group:
        return candidate.group
    name = candidate.name or candidate.text
    if candidate.kind == ORGANIZATION:
        return f"org:{org_fold_key(name)}"
    return f"{candidate.kind}:{fold(name)}"


def group(mentions: list[Candidate], body: str) -> list[Draft]:
    drafts: dict[str, Draft] = {}
    for mention in mentions:
        key = _group_key(mention)
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = Draft(kind=mention.kind, group=key)
        draft.mentions.append(mention)
        if mention.known_id is not None:
            draft.known_id = mention.known_id
            draft.known_name = mention.name
        elif mention.attrs.get("known_name") and not draft.known_name:
            draft.known_name = mention.attrs["known_name"]
        if mention.kind in {ORGANIZATION, EVENT}:
            match = _ACRONYM_AFTER.match(body, mention.end)
            if match and _short_name(match.group("acronym"), body):
                acronym = match.group("acronym")
                if fold(acronym) != fold(mention.text) and acronym not in draft.acronyms:
                    draft.acronyms.append(acronym)
                    draft.defined_names.append(mention.name or mention.text)
    result = list(drafts.values())
    result = _merge_acronym_groups(result)
    result = _merge_contained_names(result)
    result = _merge_appositions(result, body)
    result = _merge_known_as(result, body)
    return result


#: ", also known as the Y", ", the so-called Y": what follows is another name of the thing the
#: clause before it named.
_KNOWN_AS = re.compile(
    r",\s+(?:(?:also|otherwise|commonly)\s+known\s+as|(?:the\s+)?so-called)\s+(?:the\s+)?$"
)
#: How far back a clause may start: a programme's name with its aim ("the X for <a goal> by
#: <a year>, the so-called") is a long clause.
_KNOWN_AS_REACH = 120


@rule("known-as-names-join", Stage.FILTER)
def _merge_known_as(drafts: list[Draft], body: str) -> list[Draft]:
    """'the Harbour Fund for coastal towns, also known as the Blue Fund': the second name is
    another name of the organization or event the clause before it named (the nearest one, in
    the same sentence, with no other name between)."""
    mentions = sorted(
        ((m, d) for d in drafts if d.kind in {ORGANIZATION, EVENT} for m in d.mentions),
        key=lambda pair: pair[0].start,
    )
    merged: set[int] = set()
    for index, (mention, draft) in enumerate(mentions):
        if index == 0 or id(draft) in merged:
            continue
        lead = body[max(0, mention.start - _KNOWN_AS_REACH) : mention.start]
        phrase = _KNOWN_AS.search(lead)
        if phrase is None:
            continue
        previous, other = mentions[index - 1]
        clause = body[previous.end : mention.start - len(lead) + phrase.start()]
        if (
            other is draft
            or id(other) in merged
            or other.kind != draft.kind
            or mention.start - previous.end > _KNOWN_AS_REACH
            or re.search(r"[.;:!?]\s", clause)
            or (other.known_id is not None and draft.known_id is not None)
        ):
            continue
        _merge_into(other, draft)
        merged.add(id(draft))
    return [d for d in drafts if id(d) not in merged]


#: Between an organization and a second name for it: "PUB, Singapore's National Water
#: Agency, ...", "Ruta N, the city's innovation agency": a determiner or a possessive.
_APPOSITION_GAP = re.compile(r",\s+(?:the\s+|its\s+|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?['\u2019]s\s+)")


def _merge_appositions(drafts: list[Draft], body: str) -> list[Draft]:
    """'PUB, Singapore's National Water Agency, has ...': the second name, set off by commas
    and introduced by 'the' or a possessive, is another name of the same organization."""
    organizations = [d for d in drafts if d.kind == ORGANIZATION]
    starts = {m.start: d for d in organizations for m in d.mentions}
    merged: set[int] = set()
    for draft in organizations:
        if id(draft) in merged:
            continue
        for mention in list(draft.mentions):
            gap = _APPOSITION_GAP.match(body, mention.end)
            if gap is None:
                continue
            other = starts.get(gap.end())
            if other is None or other is draft or id(other) in merged:
                continue
            other_end = next(m.end for m in other.mentions if m.start == gap.end())
            if body[other_end : other_end + 1] not in {",", "."}:
                continue  # not closed: "X, the Y and Z" is a list
            if draft.known_id is not None and other.known_id is not None:
                continue  # two curated organizations stay apart
            _merge_into(draft, other)
            merged.add(id(other))
    return [d for d in drafts if id(d) not in merged]


def _short_name(text: str, body: str) -> bool:
    """'(WEF)', '(MoHUA)', or '(Conagua)' when the text goes on to use it."""
    if is_acronym(text) or (len(text.split()) == 2 and is_acronym(text.split()[0])):
        return True
    if not (text[:1].isupper() and text.isalpha() and len(text) >= 3):
        return False
    return len(re.findall(rf"(?<!\w){re.escape(text)}(?!\w)", body)) >= 2


def _merge_into(target: Draft, source: Draft) -> None:
    target.mentions.extend(source.mentions)
    target.mentions.sort(key=lambda m: m.start)
    target.acronyms.extend(a for a in source.acronyms if a not in target.acronyms)
    target.defined_names.extend(source.defined_names)
    if target.known_id is None and source.known_id is not None:
        target.known_id, target.known_name = source.known_id, source.known_name
    if not target.known_name:
        target.known_name = source.known_name


@rule("acronyms-join-their-definitions", Stage.FILTER)
def _merge_acronym_groups(drafts: list[Draft]) -> list[Draft]:
    """A group whose every name is an acronym another group defined joins that group."""
    by_acronym: dict[tuple[str, str], Draft] = {}
    for draft in drafts:
        for acronym in draft.acronyms:
            by_acronym.setdefault((draft.kind, acronym), draft)
    kept: list[Draft] = []
    for draft in drafts:
        names = set(draft.names())
        target = None
        if len(names) == 1:
            target = by_acronym.get((draft.kind, next(iter(names))))
            if target is None and draft.kind == ORGANIZATION and draft.known_id is None:
                target = _spelled_out_by_initials(next(iter(names)), draft, drafts)
                if target is not None:
                    target.acronyms.append(next(iter(names)))
        if target is not None and target is not draft:
            _merge_into(target, draft)
        else:
            kept.append(draft)
    return kept


def _initials_of(name: str) -> set[str]:
    """'U.S. Department of Transportation' -> {'USDOT', 'USDT'}: the acronyms a name may
    have, with and without its small words."""
    every, capitals = [], []
    for word in name.split():
        letters = word.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.)+", word) else word[:1]
        every.append(letters.upper())
        if word[:1].isupper() or word[:1].isdigit():
            capitals.append(letters.upper())
    return {"".join(every), "".join(capitals)}


def _spelled_out_by_initials(acronym: str, draft: Draft, drafts: list[Draft]) -> Draft | None:
    """'USDOT' used without being defined, in an article that names the 'U.S. Department of
    Transportation': the same organization, when exactly one name of the article fits."""
    if not is_acronym(acronym) or not acronym.isupper() or len(acronym) < 3:
        return None
    fits = [
        other
        for other in drafts
        if other is not draft
        and other.kind == ORGANIZATION
        and any(len(n.split()) >= 2 and acronym in _initials_of(n) for n in other.names())
    ]
    return fits[0] if len(fits) == 1 else None


@rule("contained-names-join-longer-ones", Stage.FILTER)
def _merge_contained_names(drafts: list[Draft]) -> list[Draft]:
    """'Forum Virium' joins 'Forum Virium Helsinki'; 'Hardeep Puri' joins 'Hardeep Singh Puri'."""
    kept: list[Draft] = []
    # Folded once per kept draft and refreshed only when a merge adds names to it: folding every
    # pair's names afresh made long pages quadratic in the fold.
    folded: dict[int, set[str]] = {}
    by_length = sorted(drafts, key=lambda d: -max(len(n.split()) for n in d.names()))
    for draft in by_length:
        target = None
        if draft.known_id is None and draft.kind in {ORGANIZATION, PERSON, EVENT}:
            short_names = {fold(n) for n in draft.names()}
            for other in kept:
                if other.kind != draft.kind:
                    continue
                long_names = folded[id(other)]
                if all(_contained(short, long_names, draft.kind) for short in short_names):
                    target = other
                    break
        if target is not None:
            _merge_into(target, draft)
            folded[id(target)] = {fold(n) for n in target.names()}
        else:
            kept.append(draft)
            folded[id(draft)] = {fold(n) for n in draft.names()}
    return sorted(kept, key=lambda d: d.first_start)


_COMPANY_TAILS = terms("company_tails.txt")


@functools.cache
def _folded_country_names() -> frozenset[str]:
    return frozenset(fold(name) for name, record in place_index().items() if record.kind == COUNTRY)


def _contained(short: str, long_names: set[str], kind: str) -> bool:
    short_words = short.split()
    if len(short_words) < 2:
        # "ParkSense" in "ParkSense Technologies": the rest is only legal form or head words.
        # "TransMilenio" in "TransMilenio S.A." (folded "transmilenio s a").
        return (
            kind == ORGANIZATION
            and any(
                long.startswith(short + " ")
                and (
                    all(w in _COMPANY_TAILS or w in COMPANY_SUFFIXES for w in long.split()[1:])
                    or "".join(long.split()[1:]) in _COMPANY_TAILS | COMPANY_SUFFIXES
                    # "Telkom" for "Telkom Indonesia": a company's name and its home country.
                    or " ".join(long.split()[1:]) in _folded_country_names()
                )
                for long in long_names
            )
        )
    for long in long_names:
        long_words = long.split()
        if len(long_words) <= len(short_words):
            continue
        if kind == PERSON:
            # Same first and last name, middle names differ.
            if short_words[0] == long_words[0] and short_words[-1] == long_words[-1]:
                return True
        elif (
            kind == EVENT
            and long.startswith(short + " ")
            and short_words[-1] in EVENT_HEADS
            and long_words[-1] in EVENT_HEADS
            and long_words[-1] != short_words[-1]
        ):
            # "World Cities Summit Mayors Forum" is a forum held at the World Cities Summit,
            # another event.
            continue
        elif long.startswith(short + " ") or long.endswith(" " + short):
            return True
    return False
