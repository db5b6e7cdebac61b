"""Organization finders from sentence patterns: lists after "companies such as", single names
that act, employers after a role, partners, governed units, acronym definitions, legal names.
"""

from __future__ import annotations

import re

from ..types import ORGANIZATION
from ..wordlists import terms
from .candidates import Candidate, span_candidate
from .lexicon import (
    first_names,
    not_entities,
)
from .org_phrases import split_and
from .org_shapes import (
    NOT_ORG_TAILS,
    is_noise,
    is_venue,
    org_candidate,
    strip_edges,
    strip_role_prefix,
)
from .people import pairs_of_people
from .place_gazetteer import place_index
from .rules import Stage, rule
from .text import Chunk, Word, is_name_word
from .vocabulary import (
    COMPANY_SUFFIXES,
    EVENT_HEADS,
    HONORIFICS,
    MONTHS,
    ORG_PREFIX_HEADS,
    ORG_SUFFIX_HEADS,
    PUBLICATION_WORDS,
    ROLE_WORDS,
    TITLE_BEFORE_NAME,
    WEEKDAYS,
)

_AGENT_VERBS = terms("org_agent_verbs.txt")


_COMPANY_ENDINGS = re.compile(
    r"[A-Z][a-z]+(?:telecom|tel|com|tech|soft|bank|net|pay|ware|energo|labs)$"
)


#: Ordinary nouns shaped like company names ("Software", "Fintech").
_COMMON_COMPANY_SHAPED = frozenset(
    {
        "software",
        "hardware",
        "firmware",
        "middleware",
        "malware",
        "ransomware",
        "internet",
        "network",
        "telecom",
        "fintech",
        "proptech",
        "edtech",
        "govtech",
        "biotech",
        "cleantech",
        "hightech",
        "infotech",
        "payment",
    }
)


def single_name_agents(words: list[Word], body: str) -> list[Candidate]:
    """'a network built by Vodacom', 'operated by Smovengo', and names shaped like companies
    ('Kazakhtelecom'): single unknown words that only an organization fits."""
    found: list[Candidate] = []
    index = place_index()
    for position, word in enumerate(words):
        if not word.is_capitalised or word.is_punct or word.text in index:
            continue
        if word.lower in MONTHS or word.lower in WEEKDAYS or word.text.casefold() in not_entities():
            continue
        before = words[position - 1] if position > 0 else None
        after = words[position + 1] if position + 1 < len(words) else None
        single = (before is None or not before.is_capitalised or word.sent_start) and (
            after is None or not after.is_capitalised or after.sent_start
        )
        if not single:
            continue
        if (
            after is not None
            and after.lower in {"by", "of", "for", "and", "&"}
            and position + 2 < len(words)
            and words[position + 2].is_capitalised
        ):
            continue  # "Woven by Toyota": part of a longer name
        agent = (
            before is not None
            and before.lower == "by"
            and position >= 2
            and words[position - 2].lower in _AGENT_VERBS
        )
        company_shaped = (
            _COMPANY_ENDINGS.fullmatch(word.text) and word.lower not in _COMMON_COMPANY_SHAPED
        )
        if agent or company_shaped:
            found.append(org_candidate([word], body, "pattern:org-agent", 0.6, 0.3))
    return found


def name_run(
    words: list[Word], cursor: int, longest: int, joiners: set[str]
) -> tuple[list[Word], int]:
    """The capitalised name that starts at words[cursor] (after a leading "the"): name words,
    with `joiners` ("&", "of") inside, within one line and one sentence, at most `longest`
    words, ending on a name word; and the position after the words read."""
    n = len(words)
    if cursor < n and words[cursor].lower == "the":
        cursor += 1
    run: list[Word] = []
    while cursor < n and len(run) < longest:
        word = words[cursor]
        if word.sent_start or not (is_name_word(word) or (run and word.lower in joiners)):
            break
        run.append(word)
        if word.line_break_after:
            break
        cursor += 1
    while run and not is_name_word(run[-1]):
        run.pop()
    return run, cursor


#: Roles whose "of/at X" names the person's employer: "chief executive of Sonora Sense",
#: "Director General of Digital Dubai", "an analyst at Omdia".
_EMPLOYER_ROLES = terms("employer_roles.txt")


def employer_after_role(words: list[Word], body: str) -> list[Candidate]:
    """'chief executive of Sonora Sense', 'analyst at Omdia': the capitalised name right after a
    role and 'of'/'at' is an organization, unless it is a place, or an "X of Y" head phrase
    that the head-noun rules judge on their own."""
    found: list[Candidate] = []
    index = place_index()
    n = len(words)
    for position in range(1, n - 1):
        if words[position].lower not in {"of", "at"}:
            continue
        role = words[position - 1]
        if role.lower.rstrip(".") not in _EMPLOYER_ROLES or role.line_break_after:
            continue
        run, cursor = name_run(words, position + 1, 6, {"&", "de"})
        if not run or len(run) > 5 or is_noise(run):
            continue
        text = body[run[0].start : run[-1].end]
        if text in index:
            continue  # "Mayor of Moscow", "professor at Leeds"
        if any(w.lower in ORG_PREFIX_HEADS or w.lower in ORG_SUFFIX_HEADS for w in run):
            continue  # a role before a department's name is judged by the head-noun rules
        if run[0].lower in MONTHS or run[0].ent_type in {"DATE", "TIME", "NORP"}:
            continue
        if cursor < n and words[cursor].lower in NOT_ORG_TAILS | {"programme", "program"}:
            continue  # "head of Smart Nation programme"
        if cursor < n and words[cursor].lower in {"of", "for", "at", "and", "&"}:
            continue  # "Director of Digital Operations of ...": a portfolio inside the title
        found.append(org_candidate(run, body, "pattern:org-employer", 0.7, 0.6))
    return found


#: Word sequences after which the names that follow are the organizations taking part:
#: "built by Dream Unlimited and Great Gulf", "in partnership with Kvantify".
_PARTNER_CUES = (
    ("partnership", "with"),
    ("partnered", "with"),
    ("teamed", "up", "with"),
    ("joint", "venture", "with"),
    ("contract", "with"),
    ("agreement", "with"),
    ("deal", "with"),
    ("mou", "with"),
    ("together", "with"),
)


#: The cues by their last word: this runs at every word of the page.
_PARTNER_CUES_BY_LAST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _cue in _PARTNER_CUES:
    _PARTNER_CUES_BY_LAST_WORD.setdefault(_cue[-1], []).append(_cue)


def _cue_ends_at(words: list[Word], position: int) -> bool:
    """Whether an agent verb + 'by' or a partnership cue ends at word `position`."""
    last = words[position].lower
    if last == "by" and position >= 1:
        return words[position - 1].lower in _AGENT_VERBS
    for cue in _PARTNER_CUES_BY_LAST_WORD.get(last, ()):
        start = position - len(cue) + 1
        if start >= 0 and tuple(w.lower for w in words[start : position + 1]) == cue:
            return True
    return False


def named_partners(words: list[Word], body: str) -> list[Candidate]:
    """'The project will be built by Dream Unlimited and Great Gulf', 'in partnership with
    Kvantify and Nordlys': capitalised names after such cues are organizations, unless they
    are places or people ('built by John Smith')."""
    found: list[Candidate] = []
    index = place_index()
    given_names = first_names()
    n = len(words)
    for position in range(n - 1):
        if not _cue_ends_at(words, position):
            continue
        cursor = position + 1
        if cursor < n and words[cursor].lower == "the":
            cursor += 1
        while cursor < n:
            run: list[Word] = []
            while (
                cursor < n
                and is_name_word(words[cursor])
                and not words[cursor].sent_start
                and len(run) < 5
            ):
                run.append(words[cursor])
                if words[cursor].line_break_after:
                    cursor += 1
                    break
                cursor += 1
            text = " ".join(w.text for w in run)
            longer_name = (
                cursor + 1 < n
                and words[cursor].lower in {"by", "of", "for"}
                and words[cursor + 1].is_capitalised
            )  # "run by Woven by Toyota": part of a longer name
            if (
                run
                and not longer_name
                and not is_noise(run)
                and text not in index
                and run[0].text not in given_names
                and run[0].lower not in HONORIFICS
                and run[0].lower.rstrip(".") not in ROLE_WORDS
                and run[0].ent_type not in {"GPE", "LOC", "DATE", "NORP"}
                # spaCy often takes a one-word company for a person; a full name it is right.
                and (run[0].ent_type != "PERSON" or len(run) == 1)
            ):
                found.append(org_candidate(run, body, "pattern:org-agent", 0.65, 0.3))
            if run and cursor + 1 < n and words[cursor].lower in {"and", "&"}:
                cursor += 1
                continue
            break
    return found


def governed_units(words: list[Word], body: str) -> list[Candidate]:
    """'the Nairobi City County government': an administrative unit acting as an organization."""
    found: list[Candidate] = []
    units = {"County", "City", "State", "Province", "Region", "Municipality", "District"}
    for index, word in enumerate(words[1:], start=1):
        if word.lower not in {"government", "administration", "council"} or word.is_capitalised:
            continue
        unit = words[index - 1]
        if unit.text not in units:
            continue
        start = index - 1
        while start > 0 and words[start - 1].is_capitalised and not words[start].sent_start:
            start -= 1
        names = strip_edges(words[start:index])
        if len(names) >= 2:
            found.append(org_candidate(names, body, "pattern:org-government", 0.75, 0.75))
    return found


def of_place_names(chunks: list[Chunk], body: str) -> list[Candidate]:
    """'Fira de Barcelona': a name + 'de/di/do' + a city, with no head word."""
    found: list[Candidate] = []
    index = place_index()
    for chunk in chunks:
        words = strip_edges(list(chunk.words))
        if len(words) == 3 and words[1].lower in {"de", "di", "do", "da", "del", "della"}:
            record = index.get(words[2].text)
            if (record is not None and words[0].ent_type != "PERSON") or (
                record is not None and record.population >= 500_000
            ):
                found.append(org_candidate(words, body, "pattern:org-of-place", 0.6, 0.65))
    return found


_DEFINITION = re.compile(r"\s*\((?P<short>[A-Z][A-Za-z0-9&.\-]{1,11})\)")


def defined_by_acronym(chunks: list[Chunk], body: str) -> list[Candidate]:
    """'The Water System of Mexico City (SACMEX)': a name with its acronym in parentheses is an
    organization when it also has an organization word, a place or a legal form in it."""
    found: list[Candidate] = []
    index = place_index()
    for chunk in chunks:
        words = strip_edges(list(chunk.words))
        if len(words) < 2:
            continue
        match = _DEFINITION.match(body, words[-1].end)
        if match is None or match.group("short").casefold() in not_entities():
            continue
        if is_noise(words) or words[-1].lower in EVENT_HEADS:
            continue
        evidence = any(
            w.lower in ORG_SUFFIX_HEADS
            or w.lower in ORG_PREFIX_HEADS
            or w.lower in COMPANY_SUFFIXES
            for w in words
        ) or any(w.text in index for w in words if w.is_capitalised)
        if evidence and not pairs_of_people(words):
            words, _ = strip_role_prefix(words)
            words = _part_named_by(words, match.group("short"))
            if len(words) >= 2:
                found.append(org_candidate(words, body, "pattern:org-acronym", 0.8, 0.65))
    return found


def _initials(words: list[Word]) -> str:
    return "".join(w.text[0] for w in words if w.is_capitalised).upper()


def _part_named_by(words: list[Word], short: str) -> list[Word]:
    """The end of a phrase that the acronym abbreviates: 'Honeywell and Orange Business for the
    Administrative Capital for Urban Development (ACUD)' -> 'Administrative Capital for ...'."""
    letters = "".join(c for c in short if c.isalpha()).upper()
    for start in range(len(words) - 1):
        if words[start].is_capitalised and _initials(words[start:]) == letters:
            return words[start:]
    return strip_edges(split_and(words)[-1])


def venue_acronyms(chunks: list[Chunk], body: str) -> set[str]:
    """Acronyms of venues ('... Exhibition Centre (MITEC)'): never organizations."""
    found = set()
    for chunk in chunks:
        words = list(chunk.words)
        match = _DEFINITION.match(body, words[-1].end)
        if match and is_venue(words):
            found.add(match.group("short"))
    return found


#: A company's legal form after its name, with or without the comma: "Hitachi, Ltd.",
#: "Mitsui Fudosan Co., Ltd.", "Acme Robotics, Inc.", "Siemens AG", "Grupo Ficticio, S.A.".
_LEGAL_FORM = (
    r"(?:Co\.,?\s*Ltd\.?|Co\.,?\s*Inc\.?|Pte\.?\s*Ltd\.?|Pty\.?\s*Ltd\.?|Sdn\.?\s*Bhd\.?"
    r"|Ltd\.?|Limited|Inc\.?|Corp\.?|Co\.|S\.A\.(?:\s*de\s*C\.V\.)?|S\.p\.A\.|GmbH|AG|plc|PLC"
    r"|LLC|L\.L\.C\.|LLP|N\.V\.|B\.V\.|K\.K\.|S\.L\.|S\.A\.S\.)"
)


_NAME_WORD = r"[A-Z][\w&'\u2019-]*"


_LEGAL_NAME = re.compile(
    rf"(?<![\w.])(?P<name>{_NAME_WORD}(?:[ ](?:{_NAME_WORD}|&|de|of)){{0,5}}?)"
    rf"(?P<form>,?[ ]{_LEGAL_FORM})(?![\w])"
)


#: Words that open a sentence or a phrase, not a company's name ("The", "In").
MONTHS_CAPITALISED = frozenset(month.capitalize() for month in MONTHS)


_NOT_NAME_OPENERS = frozenset({"the", "and", "in", "at", "by", "with", "from", "for", "of", "on"})


#: Parts of a company that its name is not: "Smart City Business Division of Hitachi, Ltd."
#: is Hitachi's (the brief of curation: business units are not organizations).
COMPANY_UNIT = re.compile(
    r"^(?:the\s+)?.+?\s(?:Division|Department|Dept\.?|Business Unit|Unit|Segment|Business|"
    r"Team)\s+of\s+(?:the\s+)?(?P<owner>.+)$"
)


def legal_names(body: str) -> list[Candidate]:
    """Companies written with their legal form, the whole name kept ("Hitachi, Ltd."); the
    bare name elsewhere in the article ("Hitachi", "Mitsui Fudosan") is the same company."""
    found: list[Candidate] = []
    bare_names: dict[str, None] = {}
    for match in _LEGAL_NAME.finditer(body):
        name_words = match.group("name").split(" ")
        while name_words and name_words[0].casefold() in _NOT_NAME_OPENERS:
            name_words = name_words[1:]
        # "Chief Executive Officer of Acme Holdings Limited", "Smart City Division of Acme,
        # Inc.": a role or a unit is not the company's name.
        for position in range(len(name_words) - 1, 0, -1):
            if name_words[position] == "of" and any(
                word.casefold().rstrip(".") in ROLE_WORDS or word.casefold() in UNIT_HEADS
                for word in name_words[:position]
            ):
                name_words = name_words[position + 1 :]
                break
        if not name_words or name_words[-1].casefold() in {"and", "&", "of", "de"}:
            continue
        bare = " ".join(name_words)
        if bare.casefold() in not_entities() or bare in MONTHS_CAPITALISED:
            continue
        start = match.start("name") + match.group("name").index(bare)
        end = match.end()
        found.append(
            span_candidate(
                ORGANIZATION,
                body,
                start,
                end,
                "pattern:org-legal",
                0.9,
                attrs={"org_kind": "company"},
                priority=0.85,
            )
        )
        bare_names[bare] = None
    for bare in bare_names:
        for match in re.finditer(rf"(?<![\w.-]){re.escape(bare)}(?![\w-])", body):
            if _LEGAL_NAME.match(body, match.start()) and re.match(
                rf",?[ ]{_LEGAL_FORM}(?![\w])", body[match.end() :]
            ):
                continue  # the full legal name, found above
            found.append(
                Candidate(
                    kind=ORGANIZATION,
                    start=match.start(),
                    end=match.end(),
                    text=bare,
                    extractor="pattern:org-legal-short",
                    confidence=0.85,
                    name=bare,
                    attrs={"org_kind": "company"},
                    # Above spaCy's guess that "Mitsui Fudosan" is a person.
                    priority=0.9,
                )
            )
    return found


UNIT_HEADS = frozenset({"division", "department", "dept.", "unit", "segment", "business", "team"})


#: Cues after which a name no person carries is the news outlet someone spoke to.
_OUTLET_CUES = tuple(tuple(cue.split()) for cue in sorted(terms("outlet_cues.txt")))


@rule("org-outlet-someone-spoke-to", Stage.FINDER)
def outlets_spoken_to(words: list[Word], body: str) -> list[Candidate]:
    """'she told Urban Tech Times', 'in an interview with TechBeat': news reports name the
    outlet another one talked to, and the small NER model rarely knows it. The capitalised name
    right after the cue is a media organization unless it is a person's (a first name, an
    honorific, a surname the page gives a first name elsewhere), a place, or a date. spaCy's
    guess is not asked: it takes such names for people or dates as often as not."""
    found: list[Candidate] = []
    index = place_index()
    n = len(words)
    for position in range(n):
        cue = next(
            (
                cue
                for cue in _OUTLET_CUES
                if position + len(cue) <= n
                and all(words[position + i].lower == part for i, part in enumerate(cue))
            ),
            None,
        )
        if cue is None:
            continue
        run, _cursor = name_run(words, position + len(cue), 5, {"&", "of"})
        if not run:
            continue
        name = body[run[0].start : run[-1].end]
        # "Urban Tech Times": an outlet's own last word outweighs a first name opening it.
        if run[-1].lower not in PUBLICATION_WORDS and _names_a_person(run, body):
            continue
        if name in index or _not_an_outlet(run):
            continue
        if any(w.ent_type == "NORP" for w in run):
            continue  # "told Americans"
        found.append(org_candidate(run, body, "pattern:org-outlet", 0.6, 0.3, org_kind="media"))
    return found


def _not_an_outlet(run: list[Word]) -> bool:
    """A date ("told March"), or a name no organization carries. An outlet's own last word
    ("Times", "Courier") outweighs a weekday that opens its name ("Sunday Courier")."""
    if run[-1].lower in PUBLICATION_WORDS and len(run) >= 2:
        return " ".join(w.text for w in run).casefold() in not_entities()
    return is_noise(run) or run[0].lower in MONTHS | WEEKDAYS


def _names_a_person(run: list[Word], body: str) -> bool:
    first = run[0]
    if first.text in first_names() or first.lower.rstrip(".") in HONORIFICS:
        return True
    if first.lower in TITLE_BEFORE_NAME and len(run) >= 2:
        return True  # "told Mayor Jane Whitcombe"
    # "told Lopez" after "Maria Lopez": a surname the page gave with a first name.
    if len(run) == 1:
        return re.search(rf"\b[A-Z][a-z]+\s+{re.escape(first.text)}\b", body) is not None
    return False


_LOCAL_UNITS = terms("local_government_units.txt")
_LOCAL_STAFF = terms("local_government_staff.txt")


@rule("org-local-government-acting-through-its-staff", Stage.FINDER)
def local_governments_acting(words: list[Word], body: str) -> list[Candidate]:
    """'Lakeview County officials launched ...', 'Lakeview County staff members': a county (or
    borough, parish, township) whose officials or staff act is the county's government, an
    organization; so is every other mention of the same name on the page, where the text
    speaks of that body ("Lakeview County opens a permit portal")."""
    names: set[str] = set()
    for position, word in enumerate(words[1:-1], start=1):
        if word.lower not in _LOCAL_UNITS or not word.is_capitalised:
            continue
        if words[position + 1].lower not in _LOCAL_STAFF or word.line_break_after:
            continue
        run = [word]
        while (
            run[0].index > 0
            and is_name_word(words[run[0].index - 1])
            and not words[run[0].index - 1].line_break_after
            and len(run) < 4
        ):
            run.insert(0, words[run[0].index - 1])
            if run[0].sent_start:
                break
        # The name before the unit is often a place's ("Montgomery"): that is the point.
        first = run[0].lower
        if len(run) >= 2 and first not in MONTHS and first not in WEEKDAYS and first != "the":
            names.add(body[run[0].start : run[-1].end])
    found = []
    for name in names:
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body):
            found.append(
                span_candidate(
                    ORGANIZATION,
                    body,
                    match.start(),
                    match.end(),
                    "pattern:org-local-government",
                    # Over the gazetteer's reading of the same words as a place: the staff
                    # acting show the body.
                    0.9,
                    attrs={"org_kind": "government"},
                    priority=1.0,
                )
            )
    return found
