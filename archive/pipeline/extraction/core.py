"""`extract`: the whole extraction of one page, from spaCy's parse to entities, mentions, quotes."""

from __future__ import annotations

from ..types import (
    Extraction,
    Gazetteer,
    ParsedPage,
)

# isort: off
# Importing a module registers its rules, so this order is the order `rules.registered_rules`
# and the ablation report list them in: keep it (a new rule module goes where it should be
# listed).
from .repairs import repair_candidates
from .org_roles import without_person_titles
from .coordination import split_coordinated_organizations
from .headings import drop_names_only_in_headings, drop_organizations_only_in_subheadings
from .selection import KIND_ORDER, select
from .resolve import group
from .references import add_acronym_mentions, add_person_references
from .finders import events_finder, organizations_finder, people_finder, places_finder
from .rejections import (
    drop_byline_authors,
    drop_documents_with_programmes,
    drop_named_products,
    drop_places_that_are_not_the_articles,
    drop_quoted_titles,
    drop_rejected,
    organizations_named_by_context,
    rejected,
    without_section_words,
)

# isort: on
from .attributes import add_attributes
from .candidates import Candidate
from .events import without_award_categories
from .known import find_known
from .naming import add_event_editions, add_written_forms, choose_names
from .nlp import parse
from .quotes import extracted_quotes
from .text import (
    assign_keys,
    build_words,
    chunk_words,
    extraction_of,
)


def extract(page: ParsedPage, gazetteer: Gazetteer) -> Extraction:
    """Entities, mentions (spans into `page.body`) and quotes of one page. Deterministic."""
    body = page.body
    if not body.strip():
        return Extraction()
    doc = parse(body)
    words = build_words(doc)
    chunks = chunk_words(words)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]

    candidates: list[Candidate] = []
    candidates.extend(find_known(body, gazetteer))
    candidates.extend(places_finder(words, body))
    candidates.extend(people_finder(words, body))
    candidates.extend(organizations_finder(words, chunks, body))
    candidates.extend(events_finder(words, chunks, body))
    candidates = [c for c in candidates if not rejected(c, gazetteer)]
    candidates = drop_quoted_titles(candidates, body)
    candidates = drop_names_only_in_headings(candidates, words, body)
    candidates = drop_organizations_only_in_subheadings(candidates, body)
    candidates = without_section_words(candidates, body)
    candidates = drop_named_products(candidates, body)
    candidates = drop_documents_with_programmes(candidates)
    candidates = organizations_named_by_context(candidates)
    candidates = repair_candidates(candidates, words, body)
    candidates = without_person_titles(candidates, words, body)
    candidates = split_coordinated_organizations(candidates, words, body)

    mentions = without_award_categories(select(candidates))
    drafts = group(mentions, body)
    add_acronym_mentions(drafts, mentions, body)
    add_person_references(drafts, mentions, words, body)
    drafts = [d for d in drafts if d.mentions]
    choose_names(drafts)
    add_written_forms(drafts)
    add_event_editions(drafts, body)
    drafts = drop_rejected(drafts, gazetteer)
    drafts = drop_byline_authors(drafts, page.byline)
    assign_keys(sorted(drafts, key=lambda d: (KIND_ORDER[d.kind], d.first_start)))

    add_attributes(drafts, words, body, sentences)
    drafts = drop_places_that_are_not_the_articles(drafts)

    drafts.sort(key=lambda d: (KIND_ORDER[d.kind], d.first_start, d.key))
    return extraction_of(drafts, body, sentences, extracted_quotes(drafts, body))


__all__ = ["extract"]
