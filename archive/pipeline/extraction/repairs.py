"""Second look at the candidates with the whole page in view: fix the kind spaCy guessed from the
look of a name (African and Slavic names read as companies, foreign agency names read as people),
and repair spans that stop too early or run on (coordination, multiword places, possessives).

Every rule here is about the shape of the text, never about particular names."""

from __future__ import annotations

import re

from ..types import EVENT, ORGANIZATION, PERSON, PLACE
from ..wordlists import terms
from .candidates import Candidate, span_candidate
from .lexicon import first_names, known_names_by_surface, not_entities
from .people import _role_follows, plausible_person
from .place_gazetteer import place_index
from .rules import Stage, rule
from .text import Word
from .vocabulary import (
    FOREIGN_OPENING_HEADS,
    ORG_PREFIX_HEADS,
    ORG_SUFFIX_HEADS,
    PUBLICATION_WORDS,
    SPEECH_VERBS,
)

#: Finders that only guess an organization from the look of a span.
_WEAK_ORG_EXTRACTORS = frozenset({"spacy-ner", "pattern:org-agent", "pattern:org-context"})
#: Finders that only guess a person from the look of a span.
_WEAK_PERSON_EXTRACTORS = frozenset({"spacy-ner", "pattern:speech", "pattern:apposition"})

#: Words that open the name of a public body or company in Spanish, Portuguese, Italian and
#: French ("Administración Nacional de ...", "Secretaría de ..."); spaCy often reads such names
#: as people because they look like "First Last de Something".
_FOREIGN_ORG_OPENERS = FOREIGN_OPENING_HEADS | terms("org_openers_foreign.txt")
#: Lower-case words that continue a name in those languages ("de", "y", "para").
_FOREIGN_NAME_JOINERS = frozenset(
    {"de", "del", "la", "las", "los", "el", "y", "e", "para", "do", "da", "dos", "das", "di"}
)
_FOREIGN_CONTINUATION = re.compile(
    r"(?:\s+(?:de|del|la|las|los|el|y|e|para|do|da|dos|das|di))*\s+[A-ZÀ-Þ][\w\u00c0-\u017f-]*"
)

#: "Reporting by ...; Editing by ...": the agency's credit line names its staff, who are not
#: part of the story.
_CREDIT_LINE = re.compile(
    r"^[ \t]*(?:\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|"
    r"research|photos?|graphics?)\s+(?:by|from)\b)[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)

#: Interview transcripts mark turns with "Q." / "A." (or "Q:" / "A:") at the start of a line.
_QA_MARKER = re.compile(r"^[ \t]*([QA])[.:][ \t]+", re.MULTILINE)

#: Words that end a venue or a street, never an organization ("City Council Building").
_VENUE_LAST_WORDS = terms("venue_last_words.txt")
#: Words that open the name of a square or street in many languages ("Plaza Independencia").
_VENUE_FIRST_WORDS = terms("venue_first_words.txt")


def repair_candidates(candidates: list[Candidate], words: list[Word], body: str) -> list[Candidate]:
    """All the page-level repairs, in an order where each one sees the previous one's result."""
    by_start = {w.start: w for w in words}
    candidates = _without_credit_lines(candidates, body)
    candidates = _without_qa_markers(candidates, body)
    candidates = _without_terms_of_generic_acronyms(candidates, body)
    candidates = [_foreign_body_as_organization(c, body) for c in candidates]
    candidates = [_publication_as_organization(c, body) for c in candidates]
    candidates = [_company_product_as_organization(c) for c in candidates]
    candidates = _people_read_as_organizations(candidates, words, by_start, body)
    candidates = [_without_glued_prefix(c, body) for c in candidates]
    candidates = [_without_leading_amount(c, body) for c in candidates]
    candidates = _surnames_of_people(candidates)
    candidates.extend(_city_halls(body, candidates))
    candidates = [c for c in candidates if not _demonym_or_venue(c, by_start)]
    candidates = [_without_coordinated_tail(c, by_start, body) for c in candidates]
    candidates = _places_read_as_organizations(candidates, body)
    place_names = {c.text for c in candidates if c.kind == PLACE}
    return [_with_name_continued(c, body, place_names) for c in candidates]


@rule("no-names-in-credit-lines", Stage.FILTER)
def _without_credit_lines(candidates: list[Candidate], body: str) -> list[Candidate]:
    """People and organizations named only in an agency's credit line ("Reporting by ...") are
    its staff, not part of the story."""
    spans = [(m.start(), m.end()) for m in _CREDIT_LINE.finditer(body)]
    if not spans:
        return candidates
    return [
        c
        for c in candidates
        if c.kind not in {PERSON, ORGANIZATION}
        or not any(start <= c.start and c.end <= end for start, end in spans)
    ]


#: An acronym in parentheses right after a name: "Radio Frequency Identification (RFID)".
_ACRONYM_AFTER = re.compile(r"\s*\((?P<short>[A-Za-z0-9&.\-]{2,12})\)")


@rule("terms-spelled-out-before-a-generic-acronym", Stage.FILTER)
def _without_terms_of_generic_acronyms(candidates: list[Candidate], body: str) -> list[Candidate]:
    """'Radio Frequency Identification (RFID)', 'Internet of Things (IoT)': a capitalised term
    spelled out before an acronym that never names an entity (`not_entities.txt`) is the
    technology, not an organization, event or person. A name with an organization's head word
    is still one ("Chief Information Office (CIO)": the office, not the officer)."""
    kept = []
    for candidate in candidates:
        match = _ACRONYM_AFTER.match(body, candidate.end)
        if (
            match is not None
            and candidate.known_id is None
            and match.group("short").casefold() in not_entities()
            and not _headed_like_an_organization(candidate.text)
        ):
            continue
        kept.append(candidate)
    return kept


def _headed_like_an_organization(text: str) -> bool:
    words = text.casefold().split()
    return bool(words) and (words[-1] in ORG_SUFFIX_HEADS or words[0] in ORG_PREFIX_HEADS)


@rule("interview-turn-markers", Stage.FILTER)
def _without_qa_markers(candidates: list[Candidate], body: str) -> list[Candidate]:
    """'Q. People ask ...', 'A. Meters are ...': the turn marker is not an initial."""
    markers = {m.start(1) for m in _QA_MARKER.finditer(body)}
    if len(markers) < 2:
        return candidates  # one "A." at a line start is more likely an initial
    return [c for c in candidates if c.start not in markers]


def _relabel(candidate: Candidate, kind: str, extractor: str) -> Candidate:
    return Candidate(
        kind=kind,
        start=candidate.start,
        end=candidate.end,
        text=candidate.text,
        extractor=extractor,
        confidence=max(candidate.confidence, 0.7),
        name=candidate.text,
        priority=max(candidate.priority, 0.6),
    )


@rule("foreign-public-bodies", Stage.REPAIR)
def _foreign_body_as_organization(candidate: Candidate, body: str) -> Candidate:
    """'Administración Nacional de Usinas y Trasmisiones Eléctricas' is a body, not a person;
    spaCy often stops such a name at the first lower-case 'y', so take the rest too."""
    if candidate.kind == PERSON and candidate.extractor not in _WEAK_PERSON_EXTRACTORS:
        return candidate
    if candidate.kind not in {PERSON, ORGANIZATION}:
        return candidate
    first = candidate.text.split()[0].casefold()
    if first not in _FOREIGN_ORG_OPENERS:
        return candidate
    end = candidate.end
    while True:
        match = _FOREIGN_CONTINUATION.match(body, end)
        if match is None or "\n" in match.group(0):
            break
        end = match.end()
    if candidate.kind == ORGANIZATION and end == candidate.end:
        return candidate
    repaired = _relabel(candidate, ORGANIZATION, "pattern:org-foreign")
    repaired.end = end
    repaired.text = repaired.name = body[candidate.start : end]
    return repaired


@rule("publications-are-organizations", Stage.REPAIR)
def _publication_as_organization(candidate: Candidate, body: str) -> Candidate:
    """'he told Africa Tech Wire': a news outlet, not someone speaking."""
    if candidate.kind != PERSON or candidate.extractor not in _WEAK_PERSON_EXTRACTORS:
        return candidate
    words = candidate.text.split()
    if len(words) < 2 or words[-1].casefold() not in PUBLICATION_WORDS:
        return candidate
    return _relabel(candidate, ORGANIZATION, "pattern:org-publication")


@rule("known-companies-open-no-person-s-name", Stage.REPAIR)
def _company_product_as_organization(candidate: Candidate) -> Candidate:
    """'runs on Siemens Xcelerator': a name that opens with a known company's name (and not with a
    given name) is the company's unit or brand, an organization, not a person."""
    if candidate.kind != PERSON or candidate.extractor not in _WEAK_PERSON_EXTRACTORS:
        return candidate
    words = candidate.text.split()
    if len(words) < 2 or words[0] in first_names():
        return candidate
    known = known_names_by_surface("organization").get(words[0])
    if known is None or known.weak:
        return candidate
    return _relabel(candidate, ORGANIZATION, "pattern:org-known-company-brand")


def _person_evidence(
    span: list[Word], words: list[Word], body: str, surname_evidence: set[str]
) -> bool:
    """What makes a capitalised 2-4 word span a person whatever spaCy thought: a known given
    name, a role after it ("Olena Tkachuk, head of ..."), a speech verb next to it, or the
    surname alone doing any of those elsewhere ("Owusu, the company's CEO")."""
    if span[0].text in first_names():
        return True
    after = span[-1].index + 1
    if after + 1 < len(words) and words[after].text == "," and _role_follows(words, after + 1):
        return True
    before = words[span[0].index - 1] if span[0].index > 0 else None
    if before is not None and before.lower in SPEECH_VERBS:
        return True
    if after < len(words) and words[after].lower in SPEECH_VERBS:
        return True
    return span[-1].text in surname_evidence


def _surnames_with_evidence(words: list[Word]) -> set[str]:
    """Single capitalised words that the text treats as a person: 'says Owusu',
    'Bakare, the chief technology officer'."""
    found: set[str] = set()
    for index, word in enumerate(words):
        if not word.is_capitalised or len(word.text) < 3:
            continue
        before = words[index - 1] if index > 0 else None
        after = words[index + 1] if index + 1 < len(words) else None
        if (
            before is not None
            and before.is_capitalised
            and not before.sent_start
            and before.lower not in SPEECH_VERBS
        ):
            continue  # part of a longer name
        if after is not None and after.is_capitalised and not word.line_break_after:
            continue
        speech = (before is not None and before.lower in SPEECH_VERBS) or (
            after is not None and after.lower in SPEECH_VERBS
        )
        role = (
            after is not None
            and after.text == ","
            and index + 2 < len(words)
            and words[index + 2].lower in {"the", "a", "an", "its", "their", "his", "her"}
            and _role_follows(words, index + 2)
        )
        if speech or role:
            found.add(word.text)
    return found


@rule("people-read-as-organizations", Stage.REPAIR)
def _people_read_as_organizations(
    candidates: list[Candidate], words: list[Word], by_start: dict[int, Word], body: str
) -> list[Candidate]:
    """spaCy calls many African and Slavic names organizations ('Nana Akua Owusu'). A name of
    2-4 plain capitalised words with person evidence is a person; a role title glued in front
    of it ('Digital Transformation Oleksandra Bondar') is cut off."""
    surname_evidence = _surnames_with_evidence(words)
    strong_orgs = {
        c.text
        for c in candidates
        if c.kind == ORGANIZATION and c.extractor not in _WEAK_ORG_EXTRACTORS
    }
    result: list[Candidate] = []
    for candidate in candidates:
        if (
            candidate.kind != ORGANIZATION
            or candidate.extractor not in _WEAK_ORG_EXTRACTORS
            or candidate.text in strong_orgs
        ):
            result.append(candidate)
            continue
        span = _words_of(candidate, by_start)
        replaced = False
        for size in (4, 3, 2):
            if len(span) < size:
                continue
            tail = span[-size:]
            if len(span) > size and tail[0].text not in first_names():
                continue  # only a known given name shows where a glued title ends
            if not plausible_person(tail) or not _person_evidence(
                tail, words, body, surname_evidence
            ):
                continue
            start, end = tail[0].start, tail[-1].end
            person = Candidate(
                kind=PERSON,
                start=start,
                end=end,
                text=body[start:end],
                extractor="pattern:person-evidence",
                confidence=0.75,
                name=body[start:end],
                priority=0.6,
            )
            result.append(person)
            replaced = True
            break
        if not replaced:
            result.append(candidate)
    return result


@rule("surnames-of-people", Stage.REPAIR)
def _surnames_of_people(candidates: list[Candidate]) -> list[Candidate]:
    """A lone surname of someone named in full ('Owusu', 'Salas Montiel') refers to that person:
    drop weak organization guesses for it and fold the person guess into the full name."""
    full_names = [
        c.text.split() for c in candidates if c.kind == PERSON and len(c.text.split()) >= 2
    ]
    result = []
    given = first_names()
    for candidate in candidates:
        tokens = candidate.text.split()
        if (
            candidate.kind == PERSON
            and candidate.extractor in _WEAK_PERSON_EXTRACTORS
            and len(tokens) >= 3
            and tokens[0] not in given
            and not any(name[: len(tokens)] == tokens for name in full_names if name != tokens)
            and any(
                len(name) > len(tokens) - 1
                and name[-(len(tokens) - 1) :] == tokens[1:]
                and tokens[0] not in name
                for name in full_names
            )
        ):
            # "Later Ibarra Quintero said": a sentence opener glued to a known surname pair.
            offset = len(tokens[0]) + 1
            if candidate.text[offset:] == " ".join(tokens[1:]):
                candidate.start += offset
                candidate.text = candidate.text[offset:]
                tokens = tokens[1:]
        owner = next(
            (
                name
                for name in full_names
                if len(name) > len(tokens) and name[-len(tokens) :] == tokens
            ),
            None,
        )
        if owner is None:
            result.append(candidate)
            continue
        if candidate.kind == ORGANIZATION and candidate.extractor in _WEAK_ORG_EXTRACTORS:
            continue  # the resolver adds it back as a surname mention of the person
        if candidate.kind == PERSON and len(tokens) >= 2:
            candidate.name = " ".join(owner)
        result.append(candidate)
    return result


def _words_of(candidate: Candidate, by_start: dict[int, Word]) -> list[Word]:
    span = []
    word = by_start.get(candidate.start)
    while word is not None and word.end <= candidate.end:
        span.append(word)
        word = by_start.get(_next_start(word, by_start))
        if word is None:
            break
    return span


def _next_start(word: Word, by_start: dict[int, Word]) -> int:
    # Words are contiguous up to whitespace; look a few characters ahead for the next one.
    for offset in range(word.end, word.end + 4):
        if offset in by_start:
            return offset
    return -1


@rule("demonyms-and-venues", Stage.REJECT)
def _demonym_or_venue(candidate: Candidate, by_start: dict[int, Word]) -> bool:
    """'Spanish technology company Indra': 'Spanish' is a nationality; 'City Council Building',
    'Lindsay St.' are places to stand in, not bodies or people."""
    if candidate.kind not in {ORGANIZATION, PERSON}:
        return False
    words = candidate.text.split()
    weak = candidate.extractor in _WEAK_ORG_EXTRACTORS | _WEAK_PERSON_EXTRACTORS
    if not weak:
        return False
    if len(words) >= 2 and words[-1].casefold() in _VENUE_LAST_WORDS:
        return True
    if len(words) >= 2 and words[0].casefold() in _VENUE_FIRST_WORDS:
        return True
    word = by_start.get(candidate.start)
    return (
        candidate.kind == ORGANIZATION
        and len(words) == 1
        and word is not None
        and word.ent_type == "NORP"
    )


_COORDINATED_TAIL = re.compile(r"\s+(?:and|&)\s+(\S+)$")


@rule("coordinated-tails", Stage.REPAIR)
def _without_coordinated_tail(
    candidate: Candidate, by_start: dict[int, Word], body: str
) -> Candidate:
    """'Indra and Bulgarian integrator Telelink': the 'and' joins two companies, so a
    nationality or a lower-case word after it is not part of the first name."""
    if candidate.kind != ORGANIZATION or candidate.extractor not in _WEAK_ORG_EXTRACTORS:
        return candidate
    match = _COORDINATED_TAIL.search(candidate.text)
    if match is None:
        return candidate
    tail_word = by_start.get(candidate.start + match.start(1))
    if tail_word is None or not (tail_word.ent_type == "NORP" or tail_word.text.islower()):
        return candidate
    candidate.end = candidate.start + match.start()
    candidate.text = body[candidate.start : candidate.end]
    candidate.name = candidate.text
    return candidate


#: "... of Latin America and the Caribbean": a place joined to the place that ends a name.
_AND_THE_PLACE = re.compile(r" and the ([A-Z][\w-]*(?: [A-Z][\w-]*){0,2})")
#: "University of Tennessee at Chattanooga": a campus.
_AT_PLACE = re.compile(r" at ([A-Z][\w-]*(?: [A-Z][\w-]*){0,2})")
#: "Da Nang People's Committee": a possessive inside the name, then its head.
_POSSESSIVE_HEAD = re.compile(
    r"['\u2019]s (Committee|Council|Congress|Assembly|Court|Bank|Party|Hospital|Republic)\b"
)
_NEXT_WORD = re.compile(r" ([A-Z][\w-]*)")


@rule("names-continued", Stage.REPAIR)
def _with_name_continued(candidate: Candidate, body: str, place_names: set[str]) -> Candidate:
    """Organization names that finders cut short: a multiword place at their end ('Australia
    New Zealand'), 'of X and the Y', a university's campus, a possessive inside the name."""
    if candidate.kind != ORGANIZATION:
        return candidate
    index = place_index()

    def is_place(text: str) -> bool:
        return text in place_names or text in index

    end = candidate.end
    words = candidate.text.split()
    # "Smart Cities Council Australia New" + "Zealand": finish a place name cut in two.
    following = _NEXT_WORD.match(body, end)
    if following is not None and len(words) >= 2:
        joined = f"{words[-1]} {following.group(1)}"
        if is_place(joined) and not is_place(words[-1]):
            end = following.end()
    at_end = body[candidate.start : end]
    and_the = _AND_THE_PLACE.match(body, end)
    if and_the and re.search(r"\b(?:of|for)\b", at_end) and is_place(and_the.group(1)):
        end = and_the.end()
    at_place = _AT_PLACE.match(body, end)
    if (
        at_place
        and at_end.split()[0].casefold() in {"university", "college"}
        and is_place(at_place.group(1))
    ):
        end = at_place.end()
    possessive = _POSSESSIVE_HEAD.match(body, end)
    if possessive is not None:
        end = possessive.end()
    if end == candidate.end:
        return candidate
    candidate.end = end
    candidate.text = candidate.name = body[candidate.start : end]
    return candidate


@rule("glued-prefixes", Stage.REPAIR)
def _without_glued_prefix(candidate: Candidate, body: str) -> Candidate:
    """'Ambassador of Japan to the Kyrgyz Republic Hiroshi Tanabe': the end of a title is glued
    to the name; a known given name after other capitalised words shows where the name starts."""
    if candidate.kind != PERSON or candidate.extractor not in _WEAK_PERSON_EXTRACTORS:
        return candidate
    tokens = candidate.text.split()
    if len(tokens) < 3 or tokens[0] in first_names():
        return candidate
    given = first_names()
    for position in range(1, len(tokens) - 1):
        prefix = " ".join(tokens[:position])
        # "Tan Wei Jie": one word before a given name may be a family name written first.
        if tokens[position] in given and (position >= 2 or prefix in place_index()):
            offset = len(" ".join(tokens[:position])) + 1
            trimmed = candidate.text[offset:]
            if body[candidate.start + offset : candidate.end] != trimmed:
                return candidate  # the text had other spacing; leave it
            candidate.start += offset
            candidate.text = candidate.name = trimmed
            return candidate
    return candidate


#: An amount of money as one word ("31bn", "2m", "4.5million") right after a currency sign.
_AMOUNT_AFTER_CURRENCY = re.compile(
    r"[£$€¥₹]\s?(?P<amount>\d+(?:[.,]\d+)*(?:bn|mn|m|k|million|billion|trillion)?)\Z", re.I
)


@rule("amounts-before-names", Stage.REPAIR)
def _without_leading_amount(candidate: Candidate, body: str) -> Candidate:
    """'the £31bn Harbour Investment Fund', 'a $2m Smart Ports Fund': the amount written before
    a fund's or programme's name is not part of it; its currency sign, left outside the span,
    shows what it is."""
    if candidate.kind not in {ORGANIZATION, EVENT}:
        return candidate
    first, _, rest = candidate.text.partition(" ")
    if not rest or not rest[:1].isupper():
        return candidate
    opening = body[max(0, candidate.start - 2) : candidate.start + len(first)]
    match = _AMOUNT_AFTER_CURRENCY.search(opening)
    if match is None or match["amount"] != first:
        return candidate
    offset = len(first) + 1
    if body[candidate.start + offset : candidate.end] != rest:
        return candidate  # the text had other spacing; leave it
    candidate.start += offset
    candidate.text = candidate.name = rest
    return candidate


#: "Bishkek City Hall" is the city's government; "at City Hall" or "a version of Seoul City
#: Hall" is the building, so a place preposition before it rules it out.
_CITY_HALL = re.compile(
    r"(?<![\w-])(?P<before>\w+)?\s+(?:the\s+)?(?P<name>(?P<city>[A-Z][\w-]*(?: [A-Z][\w-]*){0,2})"
    r" (?:City Hall|People['\u2019]s (?:Committee|Council|Government|Congress|Court)))\b"
)
_PLACE_PREPOSITIONS = frozenset(
    {"at", "in", "inside", "outside", "of", "into", "to", "near", "from", "around", "by"}
)


@rule("city-halls", Stage.FINDER)
def _city_halls(body: str, candidates: list[Candidate]) -> list[Candidate]:
    """A known city's hall or council written as a name ("<City> City Hall") is the city's
    government, an organization, unless it is where something happens ("at ...")."""
    places = place_index()
    found = []
    for match in _CITY_HALL.finditer(body):
        if match.group("city") not in places:
            continue
        if (match.group("before") or "").casefold() in _PLACE_PREPOSITIONS:
            continue
        start, end = match.start("name"), match.end("name")
        found.append(
            span_candidate(
                ORGANIZATION,
                body,
                start,
                end,
                "pattern:city-hall",
                0.8,
                priority=0.7,
                attrs={"org_kind": "government"},
            )
        )
    return found


#: Nouns after a name that make it a street, square or district rather than an organization
#: ("Ingersoll Avenue" -> a later bare "Ingersoll" is the street).
_STREET_NOUNS = (
    "Avenue|Street|Road|Boulevard|Square|Lane|Drive|Highway|Embankment|Prospekt|Park|District"
)


@rule("places-read-as-organizations", Stage.REPAIR)
def _places_read_as_organizations(candidates: list[Candidate], body: str) -> list[Candidate]:
    """A name that spaCy alone calls an ORG but the page uses as a place: it is in the place
    gazetteer, it is a place elsewhere on the page, it names a street ("Ingersoll Avenue"), or
    it is listed with places ("extend it to Bukhara and Khiva"). Such a name is never an
    organization by itself."""
    places = [c for c in candidates if c.kind == PLACE]
    place_texts = {c.text for c in places}
    place_ends = {c.end for c in places}
    place_starts = {c.start for c in places}
    street_names = _names_before_street_nouns(body)
    kept: list[Candidate] = []
    for candidate in candidates:
        if candidate.kind != ORGANIZATION or candidate.extractor != "spacy-ner":
            kept.append(candidate)
            continue
        text = candidate.text
        if any(not word[:1].isupper() for word in text.split()) or text.isupper():
            kept.append(candidate)  # "Vilniaus vandenys", acronyms: not a bare place name
            continue
        if text in place_index() or text in place_texts:
            continue
        if text in street_names:
            continue
        if _listed_with_a_place(candidate, place_starts, place_ends, body):
            # "Imperial Counties": a plural common noun names several places, not one place.
            if not text.endswith("s"):
                kept.append(_relabel(candidate, PLACE, "pattern:place-list"))
            continue
        kept.append(candidate)
    return kept


#: What stands between two names of a list: "Bukhara and Khiva", "Khiva, Bukhara".
_LIST_SEPARATORS = (" and ", ", ", " or ", ", and ")
_STREET_AFTER = re.compile(rf"\s+(?:{_STREET_NOUNS})\b")
#: How far back from a street noun a name may start; longer than any street's name.
_STREET_NAME_REACH = 80


def _names_before_street_nouns(body: str) -> set[str]:
    """Every run of whole words that stands right before a street noun ("Ingersoll" and "Old
    Ingersoll" before "Avenue"), found in one pass over the page rather than one search of
    the whole page per candidate."""
    names: set[str] = set()
    for match in _STREET_AFTER.finditer(body):
        end = match.start()
        reach_start = max(0, end - _STREET_NAME_REACH)
        reach = body[reach_start:end]
        for boundary in re.finditer(r"\b\w", reach):
            if boundary.start() == 0 and reach_start and body[reach_start - 1].isalnum():
                continue  # the reach cut a word in two: its tail is not a name
            names.add(reach[boundary.start() :])
    return names


def _listed_with_a_place(
    candidate: Candidate, place_starts: set[int], place_ends: set[int], body: str
) -> bool:
    """'Bukhara and Khiva', 'Khiva, Bukhara': the neighbour across 'and' or a comma is a place."""
    for separator in _LIST_SEPARATORS:
        before = candidate.start - len(separator)
        if before in place_ends and body[before : candidate.start] == separator:
            return True
        after = candidate.end + len(separator)
        if after in place_starts and body[candidate.end : after] == separator:
            return True
    return False
