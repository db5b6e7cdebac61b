"""Rejections: candidates and entities the page's context rules out (section words, products,
titles in quotes, names inside foreign-language quotes, byline authors, places that are only
part of another name, names curators rejected), and the one rule that re-kinds instead: a name
the text calls an organization once is an organization everywhere."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..types import (
    EVENT,
    ORGANIZATION,
    PERSON,
    PLACE,
    Gazetteer,
)
from ..wordlists import lines, terms
from .candidates import Candidate
from .naming import strip_the
from .place_gazetteer import REGION
from .quotes import find_quote_spans
from .rules import Stage, rule
from .vocabulary import WORLD_REGION_WORDS

if TYPE_CHECKING:
    from .resolve import Draft

_ABOUT_HEADING = re.compile(r"About (?:the |The )?")


_CATEGORY_AFTER = re.compile(
    r"(?:\s+(?:and|&)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?\s+(?:categor(?:y|ies)|track)\b"
)


@rule("section-words", Stage.REPAIR)
def without_section_words(candidates: list[Candidate], body: str) -> list[Candidate]:
    """'About Smart City Expo World Congress' as a heading is the event's name; 'the Inclusive
    and Empowered Cities category' is a category of an award, not an entity."""
    kept = []
    for candidate in candidates:
        if candidate.known_id is None and _CATEGORY_AFTER.match(body, candidate.end):
            continue
        heading = _ABOUT_HEADING.match(candidate.text)
        line_start = candidate.start == 0 or body[candidate.start - 1] == "\n"
        if heading and line_start and candidate.kind != PERSON:
            start = candidate.start + heading.end()
            if start >= candidate.end:
                continue
            candidate = replace(
                candidate,
                start=start,
                text=body[start : candidate.end],
                name=_ABOUT_HEADING.sub("", candidate.name, count=1),
            )
        kept.append(candidate)
    return kept


_PRODUCT_NOUNS = "|".join(lines("product_nouns.txt"))


#: "Quayside, the 12-acre waterfront site", "Vale do Pinhão, an innovation ecosystem".
_PRODUCT_AFTER = re.compile(
    rf",\s+(?:a|an|the|its|their)\s+(?:[\w'\u2019-]+\s+){{0,4}}(?:{_PRODUCT_NOUNS})\b"
)


#: "its air quality model, CALIOPE-Urban": the name in apposition to a product noun.
_PRODUCT_BEFORE = re.compile(rf"\b(?:{_PRODUCT_NOUNS}),\s*$")


#: Organization finders that guess from the look of a name, without an organization word.
_WEAK_ORG_EXTRACTORS = frozenset({"spacy-ner", "pattern:org-of-place"})


@rule("named-products-are-not-organizations", Stage.FILTER)
def drop_named_products(candidates: list[Candidate], body: str) -> list[Candidate]:
    """A name the text itself calls a platform, a model, a site or a programme is not an
    organization, wherever else it is written ('Quayside, the waterfront site')."""
    products = {
        c.text
        for c in candidates
        if c.kind in {ORGANIZATION, PLACE}  # spaCy may call the same name a place elsewhere
        and c.extractor in _WEAK_ORG_EXTRACTORS
        and (
            _PRODUCT_AFTER.match(body, c.end)
            or _PRODUCT_BEFORE.search(body, max(0, c.start - 40), c.start)
        )
    }
    if not products:
        return candidates
    dropped = [
        c
        for c in candidates
        if c.kind == ORGANIZATION
        and c.text in products
        and c.extractor in _WEAK_ORG_EXTRACTORS
        and c.known_id is None
    ]
    # A guessed place inside the product's name goes too ("Vale" in "Vale do Pinhão").
    dropped += [
        c
        for c in candidates
        if c.kind == PLACE
        and c.extractor == "spacy-ner"
        and any(d.start <= c.start and c.end <= d.end and d.length > c.length for d in dropped)
    ]
    return [c for c in candidates if all(c is not d for d in dropped)]


_DOCUMENT_WORDS = terms("document_words.txt")
_CONJUNCTION = re.compile(r"\s(?:and|&)\s")
#: "... of Standards", "... for Policy": the words after it are a body's topic.
_TOPIC_OF = re.compile(r"\s(?:of|for)\s")


@rule("documents-coordinated-with-programmes", Stage.FILTER)
def drop_documents_with_programmes(candidates: list[Candidate]) -> list[Candidate]:
    """'the Harbour Sensor Policy and Program': a policy (or plan, ordinance) and the programme
    it sets up, coordinated under one modifier, are documents and activities of a body, not an
    organization; neither half is one either, here or where the page names it again. A document
    word after "of" or "for" is the topic of a body's name ("Institute of Standards and
    Technology", "Office for Policy and Research")."""
    coordinated = [
        c
        for c in candidates
        if c.kind == ORGANIZATION
        and c.known_id is None
        and any(
            part.split()[-1].casefold() in _DOCUMENT_WORDS and not _TOPIC_OF.search(part)
            for part in _CONJUNCTION.split(c.text)[:-1]
            if part.split()
        )
    ]
    halves = {
        strip_the(part) for c in coordinated for part in _CONJUNCTION.split(c.text) if part.strip()
    }
    return [
        c
        for c in candidates
        if all(c is not d for d in coordinated)
        and not (c.kind == ORGANIZATION and c.known_id is None and strip_the(c.text) in halves)
    ]


@rule("quoted-titles-are-not-names", Stage.FILTER)
def drop_quoted_titles(candidates: list[Candidate], body: str) -> list[Candidate]:
    """A capitalised phrase that is most of a short quotation is a title ("Smart City for Life",
    a session, a motto, a report), not an organization, person or event."""
    titles = []
    for quote in find_quote_spans(body):
        text = body[quote.start : quote.end]
        # 'sectors of "Digital Systems & Services," "Green Energy & Mobility,"': a list of
        # names in American style keeps its commas inside the marks.
        listed_name = text.rstrip().endswith(",") and _title_cased(text.rstrip().rstrip(","))
        if len(text.split()) <= 8 and (
            listed_name or not text.rstrip().endswith((".", "!", "?", ","))
        ):
            titles.append((quote.start, quote.end))
    if not titles:
        return candidates
    kept = []
    for candidate in candidates:
        inside = next(
            (t for t in titles if t[0] <= candidate.start and candidate.end <= t[1]), None
        )
        if (
            inside is not None
            and candidate.kind != PLACE
            and candidate.known_id is None
            and candidate.extractor not in {"pattern:org-legal", "pattern:org-legal-short"}
            and (
                candidate.length >= 0.5 * (inside[1] - inside[0])
                or _title_cased(body[inside[0] : inside[1]])
            )
        ):
            continue  # also "Planet" in the theme "Cities for the Planet"
        kept.append(candidate)
    return kept


#: Finders that call a name an organization because of what the sentence says about it.
_ORG_CONTEXT_EXTRACTORS = frozenset(
    {"pattern:org-context", "pattern:org-employer", "pattern:org-list", "pattern:org-agent"}
)


#: Person finders that only guess from the look of a name.
_WEAK_PERSON_EXTRACTORS = frozenset({"spacy-ner", "pattern:speech"})


@rule("organizations-named-by-context", Stage.REPAIR)
def organizations_named_by_context(candidates: list[Candidate]) -> list[Candidate]:
    """'Sonora Sense, a spin-off of ...', 'chief executive of Sonora Sense': once the text
    says a name is an organization, spaCy's guess that it is a person is wrong everywhere in
    the article, not only where the context is."""
    org_names = {
        c.text
        for c in candidates
        if c.kind == ORGANIZATION and c.extractor in _ORG_CONTEXT_EXTRACTORS
    }
    if not org_names:
        return candidates
    people_by_text: dict[str, set[str]] = {}
    for candidate in candidates:
        if candidate.kind == PERSON:
            people_by_text.setdefault(candidate.text, set()).add(candidate.extractor)
    kept = []
    for candidate in candidates:
        if (
            candidate.kind == PERSON
            and candidate.text in org_names
            and people_by_text[candidate.text] <= _WEAK_PERSON_EXTRACTORS
        ):
            kept.append(
                Candidate(
                    kind=ORGANIZATION,
                    start=candidate.start,
                    end=candidate.end,
                    text=candidate.text,
                    extractor="pattern:org-context",
                    confidence=0.65,
                    name=candidate.text,
                    priority=0.6,
                )
            )
            continue
        kept.append(candidate)
    return kept


def _title_cased(text: str) -> bool:
    """'Cities for the Planet': every longer word capitalised, as in a title or a motto."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def rejected(candidate: Candidate, gazetteer: Gazetteer) -> bool:
    if not gazetteer.rejected_names or candidate.known_id is not None:
        return False
    names = {strip_the(candidate.text).casefold(), strip_the(candidate.name).casefold()}
    return any((candidate.kind, name) in gazetteer.rejected_names for name in names if name)


def drop_rejected(drafts: list[Draft], gazetteer: Gazetteer) -> list[Draft]:
    if not gazetteer.rejected_names:
        return drafts
    kept = []
    for draft in drafts:
        if (
            draft.known_id is None
            and (draft.kind, draft.name.casefold()) in gazetteer.rejected_names
        ):
            continue
        draft.aliases = [
            a for a in draft.aliases if (draft.kind, a.casefold()) not in gazetteer.rejected_names
        ]
        kept.append(draft)
    return kept


_BYLINE_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bwith\b)\s*")


@rule("byline-authors-are-not-entities", Stage.FILTER)
def drop_byline_authors(drafts: list[Draft], byline: str) -> list[Draft]:
    """The journalist who wrote the page is not part of the story: an author box repeating the
    byline's name ("Olena Tkachuk is a reporter covering ...") does not make them an entity."""
    authors = {part.casefold() for part in _BYLINE_SEPARATORS.split(byline) if " " in part.strip()}
    if not authors:
        return drafts
    return [d for d in drafts if not (d.kind == PERSON and d.name.casefold() in authors)]


def _is_world_region(draft: Draft) -> bool:
    """'Europe', 'Southeast Asia', 'the Middle East', 'Central Europe': continents and world
    regions are not places of the archive (cities, regions of a country, countries)."""
    for mention in draft.mentions:
        record = mention.attrs.get("record")
        if record is not None:
            return record.kind == REGION and not record.country_code
    return any(word in WORLD_REGION_WORDS for word in draft.name.split())


@rule("places-inside-other-names", Stage.FILTER)
def drop_places_that_are_not_the_articles(drafts: list[Draft]) -> list[Draft]:
    """Places the article only names as part of another name ("London" in "London School of
    Economics", "Phoenix" in "City of Phoenix", "Asia" in "GITEX Asia") and world regions are
    not entities of their own. The exception is the jurisdiction that opens the name of a
    public body ("Dubai" in "Dubai Telecommunications Regulatory Authority"): the body acts
    for that place. Dropped places were kept until now so they could hold their span and give
    organizations their country; references to them in other attributes go with them."""
    containers = [
        (m, d) for d in drafts if d.kind in {ORGANIZATION, EVENT, PERSON} for m in d.mentions
    ]
    dropped: set[str] = set()
    for draft in drafts:
        if draft.kind != PLACE:
            continue
        if _is_world_region(draft) or all(
            _only_part_of_a_name(mention, containers) for mention in draft.mentions
        ):
            dropped.add(draft.key)
    if not dropped:
        return drafts
    kept = [d for d in drafts if d.key not in dropped]
    for draft in kept:
        attributes = draft.attributes
        for name in ("country", "place"):
            if attributes.get(name) in dropped:
                del attributes[name]
    return kept


def _only_part_of_a_name(mention: Candidate, containers: list[tuple[Candidate, Draft]]) -> bool:
    for container, draft in containers:
        if not (
            container.start <= mention.start
            and mention.end <= container.end
            and container.length > mention.length
        ):
            continue
        record = mention.attrs.get("record")
        jurisdiction = (
            draft.kind == ORGANIZATION
            and container.start == mention.start
            and draft.attributes.get("org_kind") == "government"
            and record is not None
            and record.kind == "city"
        )
        return not jurisdiction
    return False
