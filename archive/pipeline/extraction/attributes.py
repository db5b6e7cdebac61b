"""Entity attributes: a place's kind and country, an organization's kind, a person's role and
employer, an event's kind, year, place and whether it is online."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..types import (
    EVENT,
    ORGANIZATION,
    PERSON,
    PLACE,
)
from ..wordlists import terms
from .candidates import Candidate
from .events import dates_in, event_kind, is_online_near
from .organizations import org_kind_from_words
from .people import (
    academic_title_before,
    role_after,
    role_before,
    role_in_the_field_below,
)
from .place_gazetteer import COUNTRY
from .text import (
    Word,
    word_ending_at,
)
from .vocabulary import LEADING_JUNK

if TYPE_CHECKING:
    from .resolve import Draft


def add_attributes(
    drafts: list[Draft], words: list[Word], body: str, sentences: list[tuple[int, int]]
) -> None:
    """Every draft's attributes, from the words around its mentions."""
    by_position = _word_index(words)
    _place_attributes(drafts)
    _organization_attributes(drafts, body)
    _person_attributes(drafts, words, by_position, body)
    _event_attributes(drafts, words, by_position, body, sentences)


_ORGANIZER_VERBS = (
    "organised by",
    "organized by",
    "hosted by",
    "co-organised by",
    "co-organized by",
)


def _word_index(words: list[Word]) -> dict[int, int]:
    """Character offset of a word's start -> its index."""
    return {w.start: w.index for w in words}


def _word_at(by_position: dict[int, int], offset: int) -> int | None:
    return by_position.get(offset)


def _place_attributes(drafts: list[Draft]) -> None:
    countries = {
        d.mentions[0].attrs["record"].country_code: d.key
        for d in drafts
        if d.kind == PLACE
        and d.mentions[0].attrs.get("record") is not None
        and d.mentions[0].attrs["record"].kind == COUNTRY
    }
    for draft in drafts:
        if draft.kind != PLACE:
            continue
        record = next(
            (m.attrs["record"] for m in draft.mentions if m.attrs.get("record") is not None), None
        )
        if record is None:
            label = next((m.attrs.get("spacy_label") for m in draft.mentions), "GPE")
            draft.attributes = {"place_kind": "region" if label == "LOC" else "city"}
            continue
        attributes: dict = {"place_kind": record.kind, "country_code": record.country_code}
        if record.kind != COUNTRY and record.country_code in countries:
            attributes["country"] = countries[record.country_code]
        if record.latitude is not None and record.kind == "city":
            attributes["latitude"] = record.latitude
            attributes["longitude"] = record.longitude
        draft.attributes = attributes


def _organization_attributes(drafts: list[Draft], body: str) -> None:
    country_keys = {}
    for draft in drafts:
        if draft.kind == PLACE:
            record = next((m.attrs.get("record") for m in draft.mentions), None)
            if record is not None and record.kind == COUNTRY:
                country_keys[record.country_code] = draft.key
    places = [d for d in drafts if d.kind == PLACE]
    for draft in drafts:
        if draft.kind != ORGANIZATION:
            continue
        known_kind = next(
            (m.attrs.get("org_kind") for m in draft.mentions if m.attrs.get("org_kind")), ""
        )
        kind = known_kind or org_kind_from_words(draft.name)
        if kind == "other" and len(draft.name.split()) == 1:
            kind = "company"  # a bare brand name in technology news is a company far more often
        attributes: dict = {"org_kind": kind}
        if draft.acronyms:
            attributes["acronym"] = draft.acronyms[0]
        # The country of a place inside the name ("Dubai ... Authority" -> United Arab Emirates),
        # when that country is itself an entity of the article.
        for mention in draft.mentions:
            for place in places:
                for place_mention in place.mentions:
                    if mention.start <= place_mention.start and place_mention.end <= mention.end:
                        record = place_mention.attrs.get("record")
                        if record is not None and record.country_code in country_keys:
                            attributes.setdefault("country", country_keys[record.country_code])
        draft.attributes = attributes
    _units_of_international_bodies(drafts, body)


#: "<Parent>'s Division ...", "<Parent>' Office ...": the parent owns the unit named after it.
_POSSESSIVE_BETWEEN = re.compile(r"['\u2019]s?\s+$")


_OWNER_OF_A_UNIT = re.compile(r"^(.+?)['\u2019]s?\s+\S")


def _units_of_international_bodies(drafts: list[Draft], body: str) -> None:
    """A unit the page names as belonging to an international body ("the UN department's
    Division for Digital Government") is part of that body, not a government, whatever its own
    words say."""
    organizations = [d for d in drafts if d.kind == ORGANIZATION]
    for draft in organizations:
        # The unit and its owner taken as one name: "<Body>'s Office for ...".
        owner = _OWNER_OF_A_UNIT.match(draft.name)
        if owner and org_kind_from_words(owner.group(1)) == "international":
            draft.attributes["org_kind"] = "international"
    international_ends = {
        m.end: d
        for d in organizations
        if d.attributes.get("org_kind") == "international"
        for m in d.mentions
    }
    if not international_ends:
        return
    for draft in organizations:
        if draft.attributes.get("org_kind") == "international":
            continue
        for mention in draft.mentions:
            window = max(0, mention.start - 4)
            possessive = _POSSESSIVE_BETWEEN.search(body, window, mention.start)
            if possessive and possessive.start() in international_ends:
                draft.attributes["org_kind"] = "international"
                break


def _person_attributes(
    drafts: list[Draft], words: list[Word], by_position: dict[int, int], body: str
) -> None:
    people = [d for d in drafts if d.kind == PERSON]
    person_mentions = sorted((m for d in people for m in d.mentions), key=lambda m: m.start)
    # Where each person's own title starts: a role after one name stops before the next one.
    barriers = []
    for mention in person_mentions:
        first = _word_at(by_position, mention.start)
        barrier = mention.start
        if first is not None:
            span = role_before(words, first, body)
            if span is not None and span[1] <= mention.start:
                barrier = min(barrier, span[0])
        barriers.append((mention.start, barrier))
    organizations = [(m, d) for d in drafts if d.kind == ORGANIZATION for m in d.mentions]
    for person in people:
        role_span = None
        for mention in person.mentions:
            last = word_ending_at(words, mention.end)
            if last is None:
                continue
            blocked = min((b for start, b in barriers if start > mention.start), default=len(body))
            role_span = role_after(words, last, blocked, body)
            if role_span is not None:
                break
        if role_span is None:
            for mention in person.mentions:
                first = _word_at(by_position, mention.start)
                if first is None:
                    continue
                role_span = role_before(words, first, body)
                if role_span is not None:
                    break
        if role_span is None:
            role_span = next(
                (
                    span
                    for mention in person.mentions
                    if (span := role_in_the_field_below(body, mention.start, mention.end))
                    is not None
                ),
                None,
            )
        attributes: dict = {}
        if role_span is not None:
            # A role that stops inside an organization's name ends with that name
            # ("Head of the Office of Urban Mobility, Lisbon").
            for org_mention, _ in organizations:
                if role_span[0] <= org_mention.start < role_span[1] < org_mention.end:
                    role_span = (role_span[0], org_mention.end)
            as_written = body[role_span[0] : role_span[1]].strip()
            role = as_written
            for org_mention, org in organizations:
                if role_span[0] <= org_mention.start and org_mention.end <= role_span[1]:
                    attributes["affiliation"] = org.key
                    role = _role_without_employer(body, role_span, org_mention)
                    break
            # The article's own words for the quote beside them; the title alone (the employer
            # is the affiliation) for lists that show "role, affiliation".
            attributes["role"] = _as_title(role)
            attributes["role_in_article"] = _as_title(as_written)
        else:
            for mention in person.mentions:
                first = _word_at(by_position, mention.start)
                title = academic_title_before(words, first) if first is not None else ""
                if title:
                    attributes["role"] = title
                    break
        person.attributes = attributes


#: What joins a title to its employer: "director of", "engineer at", "head, ".
_EMPLOYER_JOINS = re.compile(r"(?:\s*,|\s+(?:of|at|for|with|in|from))?(?:\s+the)?\s*$", re.I)


_POSSESSIVE = re.compile(r"^\s*['\u2019]s?\s+")


_DEFINED_ACRONYM = re.compile(r"^\s*\([^()]{1,15}\)")


def _role_without_employer(body: str, role_span: tuple[int, int], employer: Candidate) -> str:
    """'chief digital officer of <Agency>' -> 'chief digital officer' and '<Agency>'s chief
    executive' -> 'chief executive', when the agency is the person's affiliation; a role that
    names its employer in the middle keeps it."""
    start, end = role_span
    as_written = body[start:end].strip()
    after = _DEFINED_ACRONYM.sub("", body[employer.end : end])  # "... Council (WCC)"
    if after.strip(" ,.") == "":
        title = _EMPLOYER_JOINS.sub("", body[start : employer.start]).strip(" ,")
        if title.endswith(("'s", "\u2019s", "s'", "s\u2019")):
            return as_written  # "director of the university's <Centre>": the owner is part of it
    elif body[start : employer.start].strip() in {"", "the", "The"}:
        title = _POSSESSIVE.sub("", body[employer.end : end]).strip(" ,")
        if title == body[employer.end : end].strip(" ,"):
            return as_written  # "<Agency> board member" without a possessive: keep it whole
    else:
        return as_written
    return title if any(c.isalpha() for c in title) else as_written


#: Words that may open the phrase around a name but are no part of the role itself.
_ROLE_OPENERS = LEADING_JUNK | terms("role_openers.txt")


def _as_title(role: str) -> str:
    """A role shown on its own reads as a title: 'chief executive' -> 'Chief executive', and
    'its first chief data officer' or 'also the transport minister' lose their opening words."""
    words = role.split(" ")
    while len(words) > 1 and words[0].casefold() in _ROLE_OPENERS:
        words = words[1:]
    role = " ".join(words)
    return role[:1].upper() + role[1:] if role[:1].islower() else role


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for start, end in sentences:
        if start <= offset < end:
            return start, end
    return offset, offset


def _event_attributes(
    drafts: list[Draft],
    words: list[Word],
    by_position: dict[int, int],
    body: str,
    sentences: list[tuple[int, int]],
) -> None:
    places = [(m, d) for d in drafts if d.kind == PLACE for m in d.mentions]
    organizations = [(m, d) for d in drafts if d.kind == ORGANIZATION for m in d.mentions]
    for draft in drafts:
        if draft.kind != EVENT:
            continue
        attributes: dict = {}
        kinds = [m.attrs.get("event_kind") for m in draft.mentions if m.attrs.get("event_kind")]
        attributes["event_kind"] = kinds[0] if kinds else event_kind(draft.name)
        years = [m.attrs["year"] for m in draft.mentions if m.attrs.get("year")]
        year = years[0] if years else None
        online = False
        place_key = None
        organizers: list[str] = []
        start_date = end_date = None
        for mention in draft.mentions:
            sentence_start, sentence_end = _sentence_of(sentences, mention.start)
            sentence = body[sentence_start:sentence_end]
            first = _word_at(by_position, mention.start)
            last = word_ending_at(words, mention.end)
            if first is not None and last is not None and is_online_near(words, first, last):
                online = True
            if start_date is None:
                found_start, found_end, found_year = dates_in(sentence, year)
                if found_start is not None:
                    start_date, end_date = found_start, found_end
                    year = year or found_year
            if place_key is None:
                place_key = _event_place(mention, places, body, sentence_end)
            lowered = sentence.lower()
            for verb in _ORGANIZER_VERBS:
                at = lowered.find(verb)
                if at < 0:
                    continue
                after = sentence_start + at + len(verb)
                for org_mention, org in organizations:
                    gap = body[after : org_mention.start]
                    if (
                        org_mention.start >= after
                        and gap.strip() in {"", "the", "The"}
                        and org.key not in organizers
                    ):
                        organizers.append(org.key)
        if year:
            attributes["year"] = year
        if start_date is not None:
            attributes["start_date"] = start_date
            attributes["end_date"] = end_date
        if place_key:
            attributes["place"] = place_key
        attributes["is_online"] = online
        if organizers:
            attributes["organizers"] = organizers
        draft.attributes = attributes


def _event_place(mention: Candidate, places, body: str, sentence_end: int) -> str | None:
    """A place inside the event's name, else the first 'in <Place>' after it in the sentence."""
    for place_mention, place in places:
        if mention.start <= place_mention.start and place_mention.end <= mention.end:
            return place.key
    best = None
    for place_mention, place in places:
        if mention.end <= place_mention.start < sentence_end:
            before = body[max(mention.end, place_mention.start - 4) : place_mention.start]
            if before.endswith(("in ", "In ")) and (best is None or place_mention.start < best[0]):
                best = (place_mention.start, place.key)
    return best[1] if best else None
