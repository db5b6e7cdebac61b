"""Organizations: head-noun patterns over capitalised phrases, well-known names, spaCy's ORG guess.

A capitalised phrase is an organization when an organization word ends it ("... Authority",
"... University", "... Inc.") or opens an "X of/for ..." construction ("Department of ...",
"Center for ..."). Role titles in front ("Head of the Department of ...") are cut off, and an
"X of Y" whose X is not an organization ("Electronic Government Operations of Dubai ...
Authority") keeps only Y.
"""

from __future__ import annotations

from .candidates import Candidate
from .org_context import _context_candidates, _known_candidates, _spacy_candidates
from .org_filters import _not_organizations, _without_company_units
from .org_patterns import (
    _defined_by_acronym,
    _employer_after_role,
    _governed_units,
    _legal_names,
    _named_partners,
    _of_place_names,
    _single_name_agents,
    _venue_acronyms,
)
from .org_phrases import organizations_from_chunk
from .org_shapes import is_acronym, org_kind_from_words
from .text import Chunk, Word

__all__ = ["find_organizations", "is_acronym", "org_kind_from_words"]


def find_organizations(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    found = _legal_names(body)
    found.extend(_known_candidates(words, body))
    for chunk in chunks:
        found.extend(organizations_from_chunk(chunk, words, body))
    found.extend(_spacy_candidates(words, body))
    found.extend(_context_candidates(words, chunks, body))
    found.extend(_governed_units(words, body))
    found.extend(_of_place_names(chunks, body))
    found.extend(_defined_by_acronym(chunks, body))
    found.extend(_single_name_agents(words, body))
    found.extend(_employer_after_role(words, body))
    found.extend(_named_partners(words, body))
    venues = _venue_acronyms(chunks, body)
    found = _without_company_units([c for c in found if c.text not in venues], body)
    return _not_organizations(found, body)
