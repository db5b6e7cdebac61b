"""Filters over organization candidates: units of a company, programmes, publications, event
names and demonyms that look like organizations but are not.
"""

from __future__ import annotations

import re

from ..wordlists import terms
from .candidates import Candidate
from .lexicon import (
    known_names_by_surface,
)
from .org_patterns import COMPANY_UNIT, UNIT_HEADS
from .place_gazetteer import CITY, place_index
from .place_gazetteer import COUNTRY as COUNTRY_KIND
from .text import fold

_OWNER_AFTER = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][^,.;:()]{0,60})")


def without_company_units(found: list[Candidate], body: str) -> list[Candidate]:
    """'Urban Planning Department of Mitsui Fudosan' -> the company: a unit of a company is
    not an organization of its own, and the company is what the sentence names."""
    companies = {
        fold(c.name or c.text)
        for c in found
        if c.extractor in {"pattern:org-legal", "pattern:org-legal-short"}
        or c.attrs.get("org_kind") == "company"
    }
    companies |= {
        fold(name)
        for name, known in known_names_by_surface("organization").items()
        if known.kind == "company"
    }
    kept = []
    for candidate in found:
        match = COMPANY_UNIT.match(candidate.text)
        if match is not None:
            owner = fold(match.group("owner"))
            if owner in companies or any(owner.startswith(c + " ") for c in companies):
                continue
        words = candidate.text.split()
        if len(words) >= 2 and words[-1].casefold() in UNIT_HEADS:
            # The name was cut before "of <company>" ("Urban Planning Department | of Acme").
            owner_after = _OWNER_AFTER.match(body, candidate.end)
            if owner_after is not None:
                owner = fold(owner_after.group(1))
                if any(owner == c or owner.startswith(c + " ") for c in companies):
                    continue
        kept.append(candidate)
    return kept


#: "(TSE: 6501", "(NASDAQ: CSCO)": a stock exchange in a ticker, not an organization named.
_TICKER_AFTER = re.compile(r"\s*:\s*[A-Z0-9.]{1,8}\s*[,;)]")


#: "Vision 2030", "Agenda 2063": one word and a year is a plan's name.
_YEAR_AFTER = re.compile(r"\s+(?:19|20)\d\d\b")


#: "the Mayor and Government of <City> web-site", "... <city>.gov": the name of a site or an app.
_SITE_AFTER = re.compile(
    r"\s+(?:web-?site|web\s+site|portal|app|mobile\s+app|homepage|[a-z0-9-]+\.[a-z]{2,4})\b",
    re.IGNORECASE,
)


#: "the Country Digital Acceleration (CDA) program": the name of a programme, lower-case head.
_PROGRAMME_AFTER = re.compile(
    r"(?:\s*\([^()]{1,15}\))?\s+(?:program|programme|project|scheme|plan|"
    r"pilot|experiment|blueprint|trial)\b(?!\s+to\b)"
)


#: "Ethiopia Urban Resilience | and Digital Services Project": the capitalised run that goes on
#: after the name and ends in a programme's head.
_RUN_AFTER = re.compile(r"(?:\s+(?:and|&|of|for|the|[A-Z][\w&'\u2019-]*)){1,8}")


_PROGRAMME_HEADS = frozenset(
    {"project", "programme", "program", "initiative", "scheme", "plan", "strategy", "pilot",
     "experiment", "experiments", "blueprint", "trial", "challenge"}
)  # fmt: skip


#: Newsletters, podcasts and columns: "Startups Weekly", "The Daily Brief".
_PUBLICATION_TAILS = frozenset(
    {"weekly", "daily", "digest", "newsletter", "podcast", "briefing", "bulletin"}
)


#: A plural facility noun ends the name of things, not of one body: "Integrated Command and
#: Control Centres", "Smart City Facilities"; a railway or a road is infrastructure.
_NOT_ORG_LAST_WORDS = frozenset(
    {"centres", "centers", "facilities", "stations", "hubs", "offices", "sectors", "segment",
     "segments", "railway", "expressway", "corridor"}
)  # fmt: skip


#: Bodies every organization has: "the Nominating Committee", "Board of Executive Directors".
_GENERIC_BODY_WORDS = terms("org_generic_bodies.txt")  # fmt: skip


#: Units named with an owner's possessive: "UN-Habitat's Regional Office for Arab States",
#: "Zhejiang University's College of Computer Science": part of the owner.
_UNIT_HEAD_WORDS = frozenset(
    {"office", "division", "department", "unit", "directorate", "bureau", "college", "school",
     "faculty", "board", "committee"}
)  # fmt: skip


#: Event heads that never end an organization's name ("Forum" does: World Economic Forum).
_STRONG_EVENT_HEADS = frozenset(
    {"summit", "conference", "expo", "exhibition", "congress", "festival", "hackathon"}
)


_DEMONYM_ENDINGS = ("ers", "ians", "ans", "ites", "ese", "er", "ian")


_STRONG_ORG_EXTRACTORS = frozenset(
    {"gazetteer:organization", "pattern:org-legal", "pattern:org-legal-short"}
)


def _is_demonym(word: str) -> bool:
    """'Copenhageners', 'Londoners', 'Parisians': the people of a place."""
    for ending in _DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 3:
            stem = word[: -len(ending)]
            if any(form in place_index() for form in (stem, stem + "e", stem + "a", stem + "o")):
                return True
    return False


_POSSESSIVE_OWNER = re.compile(r"([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4})['\u2019]s\s+$")


def _owner_possessive_before(candidate: Candidate, body: str, org_texts: set[str]) -> bool:
    match = _POSSESSIVE_OWNER.search(body[max(0, candidate.start - 120) : candidate.start])
    if match is None:
        return False
    owner = match.group(1)
    return owner in org_texts or owner in known_names_by_surface("organization")


def not_organizations(found: list[Candidate], body: str) -> list[Candidate]:
    """What the finders proposed that a careful reader would not call an organization: tickers,
    plans, sites, programmes, newsletters, demonyms, places, facilities, business lines, generic
    bodies and units of a named owner."""
    org_texts = {c.text for c in found}
    legal = [c for c in found if c.extractor == "pattern:org-legal"]
    kept: list[Candidate] = []
    dropped_acronyms: set[str] = set()
    for candidate in found:
        text, after = candidate.text, body[candidate.end : candidate.end + 80]
        words = text.split()
        lower_words = [w.casefold() for w in words]
        strong = candidate.extractor in _STRONG_ORG_EXTRACTORS
        drop = (
            _TICKER_AFTER.match(after) is not None
            or _SITE_AFTER.match(after) is not None
            or _PROGRAMME_AFTER.match(after) is not None
            or (len(words) == 1 and _YEAR_AFTER.match(after) is not None and not strong)
            or lower_words[-1] in _PUBLICATION_TAILS
            or (len(words) == 1 and _is_demonym(text))
        )
        if not drop and not strong:
            run = _RUN_AFTER.match(after)
            run_words = run.group(0).split() if run else []
            drop = (
                bool(run_words) and run_words[-1].casefold().rstrip(",.") in _PROGRAMME_HEADS
            ) or (
                len(words) == 1
                and candidate.extractor == "spacy-ner"
                and place_index().get(text) is not None
                and place_index()[text].kind in {CITY, COUNTRY_KIND}
            )
            drop = drop or lower_words[-1] in _NOT_ORG_LAST_WORDS
            # A span cutting through a legal name ("Ltd. and Acme Co.", "Division of Acme")
            # misread the punctuation of "Acme, Ltd.".
            drop = drop or any(
                candidate.overlaps(other) and not other.inside(candidate) for other in legal
            )
            # "CleanEnviro Summit Singapore": an event's head, then only its place.
            drop = drop or any(
                word in _STRONG_EVENT_HEADS
                and all(place_index().get(rest) is not None for rest in words[position + 1 :])
                for position, word in enumerate(lower_words[:-1])
            )
            drop = drop or (
                lower_words[-1] in {"board", "committee", "directors", "council"}
                and all(w in _GENERIC_BODY_WORDS for w in lower_words)
            )
            drop = drop or (
                (lower_words[0] in _UNIT_HEAD_WORDS or lower_words[-1] in _UNIT_HEAD_WORDS
                 or "office" in lower_words)
                and _owner_possessive_before(candidate, body, org_texts)
            )  # fmt: skip
        if not drop:
            kept.append(candidate)
        else:
            defined = re.match(r"\s*\((?P<short>[^()\s,;]{2,12})\)", after)
            if defined:
                dropped_acronyms.add(defined.group("short"))
    # The acronym a dropped name defined ("Country Digital Acceleration (CDA) program") is the
    # programme's too.
    return [
        c for c in kept if c.text not in dropped_acronyms or c.extractor in _STRONG_ORG_EXTRACTORS
    ]
