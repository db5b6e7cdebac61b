"""Organizations: head-noun patterns over capitalised phrases, well-known names, spaCy's ORG guess.

A capitalised phrase is an organization when an organization word ends it ("... Authority",
"... University", "... Inc.") or opens an "X of/for ..." construction ("Department of ...",
"Center for ..."). Role titles in front ("Head of the Department of ...") are cut off, and an
"X of Y" whose X is not an organization ("Permit Services Operations of <City> Transport
Authority") keeps only Y.
"""

from __future__ import annotations

from .candidates import Candidate
from .datelines import dateline_credits
from .org_context import context_candidates, known_candidates, spacy_candidates
from .org_filters import not_organizations, without_company_units
from .org_patterns import (
    defined_by_acronym,
    employer_after_role,
    governed_units,
    legal_names,
    local_governments_acting,
    named_partners,
    of_place_names,
    outlets_spoken_to,
    single_name_agents,
    venue_acronyms,
)
from .org_phrases import organizations_from_chunk
from .org_shapes import is_acronym, org_kind_from_words
from .text import Chunk, Word

__all__ = ["find_organizations", "is_acronym", "org_kind_from_words"]


def find_organizations(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    found = legal_names(body)
    found.extend(known_candidates(words, body))
    for chunk in chunks:
        found.extend(organizations_from_chunk(chunk, words, body))
    found.extend(spacy_candidates(words, body))
    found.extend(context_candidates(words, chunks, body))
    found.extend(governed_units(words, body))
    found.extend(of_place_names(chunks, body))
    found.extend(defined_by_acronym(chunks, body))
    found.extend(single_name_agents(words, body))
    found.extend(employer_after_role(words, body))
    found.extend(named_partners(words, body))
    found.extend(outlets_spoken_to(words, body))
    found.extend(dateline_credits(words, body))
    found.extend(local_governments_acting(words, body))
    venues = venue_acronyms(chunks, body)
    found = without_company_units([c for c in found if c.text not in venues], body)
    return not_organizations(found, body)
