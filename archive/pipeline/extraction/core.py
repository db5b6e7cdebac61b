"""`extract`: the whole extraction of one page, from spaCy's parse to entities, mentions, quotes."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS

from ..types import (
    EVENT,
    ORGANIZATION,
    PERSON,
    PLACE,
    ExtractedEntity,
    ExtractedMention,
    ExtractedQuote,
    Extraction,
    Gazetteer,
    ParsedPage,
)
from ..wordlists import lines
from .candidates import Candidate
from .events import dates_in, event_kind, find_events, is_online_near
from .known import find_known
from .nlp import parse
from .organizations import find_organizations, org_kind_from_words
from .people import academic_title_before, find_people, role_after, role_before
from .places import COUNTRY, REGION, WORLD_REGION_WORDS, find_places
from .quotes import PersonSpan, attribute_quotes, find_quote_spans
from .repairs import repair_candidates
from .resolve import (
    KIND_ORDER,
    Draft,
    add_acronym_mentions,
    add_person_references,
    choose_names,
    group,
    select,
    strip_the,
)
from .rules import Stage, rule
from .text import (
    Chunk,
    Word,
    build_words,
    chunk_words,
    sentence_of_span,
    slugify,
    word_ending_at,
)

_ORGANIZER_VERBS = (
    "organised by",
    "organized by",
    "hosted by",
    "co-organised by",
    "co-organized by",
)


# Each kind's finder as one rule, so the ablation bench can switch a whole kind's finder off.
# (Names curators confirmed are not a heuristic: they are always looked for.)


@rule("places", Stage.FINDER)
def _find_places(words: list[Word], body: str) -> list[Candidate]:
    """Gazetteer places checked in context, and the model's places the gazetteer lacks."""
    return find_places(words, body)


@rule("people", Stage.FINDER)
def _find_people(words: list[Word], body: str) -> list[Candidate]:
    """The model's people, cleaned, and names with a role, an honorific or a speech verb."""
    return find_people(words, body)


@rule("organizations", Stage.FINDER)
def _find_organizations(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    """Legal names, organization heads and suffixes, acronym definitions, the model's guesses."""
    return find_organizations(words, chunks, body)


@rule("events", Stage.FINDER)
def _find_events(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    """Names with an event head (forum, summit, expo, ...), an edition or a year."""
    return find_events(words, chunks, body)


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
    candidates.extend(_find_places(words, body))
    candidates.extend(_find_people(words, body))
    candidates.extend(_find_organizations(words, chunks, body))
    candidates.extend(_find_events(words, chunks, body))
    candidates = [c for c in candidates if not _rejected(c, gazetteer)]
    candidates = _drop_quoted_titles(candidates, body)
    candidates = _drop_names_in_foreign_quotes(candidates, body)
    candidates = _without_section_words(candidates, body)
    candidates = _drop_named_products(candidates, body)
    candidates = _organizations_named_by_context(candidates)
    candidates = repair_candidates(candidates, words, body)

    mentions = select(candidates)
    drafts = group(mentions, body)
    add_acronym_mentions(drafts, mentions, body)
    add_person_references(drafts, mentions, words, body)
    drafts = [d for d in drafts if d.mentions]
    choose_names(drafts)
    drafts = _drop_rejected(drafts, gazetteer)
    drafts = _drop_byline_authors(drafts, page.byline)
    _assign_keys(drafts)

    by_position = _word_index(words)
    _place_attributes(drafts)
    _organization_attributes(drafts, body)
    _person_attributes(drafts, words, by_position, body)
    _event_attributes(drafts, words, by_position, body, sentences)
    drafts = _drop_places_that_are_not_the_articles(drafts)

    entities = [
        ExtractedEntity(
            key=d.key,
            kind=d.kind,
            name=d.name,
            aliases=d.aliases,
            attributes=d.attributes,
            known_id=d.known_id,
        )
        for d in sorted(drafts, key=lambda d: (KIND_ORDER[d.kind], d.first_start, d.key))
    ]
    extracted_mentions = sorted(
        (
            ExtractedMention(
                entity_key=d.key,
                start=m.start,
                end=m.end,
                text=body[m.start : m.end],
                extractor=m.extractor,
                confidence=round(m.confidence, 2),
                sentence=sentence_of_span(body, sentences, m.start, m.end),
            )
            for d in drafts
            for m in d.mentions
        ),
        key=lambda m: (m.start, m.end, m.entity_key),
    )
    quotes = _quotes(drafts, body)
    return Extraction(entities=entities, mentions=extracted_mentions, quotes=quotes)


# --- Rejections and keys --------------------------------------------------------------------------


_ABOUT_HEADING = re.compile(r"About (?:the |The )?")
_CATEGORY_AFTER = re.compile(
    r"(?:\s+(?:and|&)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?\s+(?:categor(?:y|ies)|track)\b"
)


@rule("section-words", Stage.REPAIR)
def _without_section_words(candidates: list[Candidate], body: str) -> list[Candidate]:
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
def _drop_named_products(candidates: list[Candidate], body: str) -> list[Candidate]:
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


def _is_foreign_text(text: str) -> bool:
    """'C'est une étape importante', 'Wir sind stolz auf unsere Stadt': running English has
    plenty of function words ("the", "is", "to"); a sentence in another language has almost none."""
    tokens = re.findall(r"[^\W\d_]+", text.casefold())
    if len(tokens) < 3:
        return False
    english = sum(1 for token in tokens if token in STOP_WORDS)
    return english / len(tokens) < 0.15


@rule("no-names-from-foreign-quotes", Stage.FILTER)
def _drop_names_in_foreign_quotes(candidates: list[Candidate], body: str) -> list[Candidate]:
    """Capitalised words inside a quotation in another language ("C'est", "Stadt") are not names
    we can judge; nothing is taken from there."""
    foreign = [
        (quote.start, quote.end)
        for quote in find_quote_spans(body)
        if _is_foreign_text(body[quote.start : quote.end])
    ]
    if not foreign:
        return candidates
    return [
        c
        for c in candidates
        if c.known_id is not None or not any(s <= c.start and c.end <= e for s, e in foreign)
    ]


@rule("quoted-titles-are-not-names", Stage.FILTER)
def _drop_quoted_titles(candidates: list[Candidate], body: str) -> list[Candidate]:
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
def _organizations_named_by_context(candidates: list[Candidate]) -> list[Candidate]:
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


def _rejected(candidate: Candidate, gazetteer: Gazetteer) -> bool:
    if not gazetteer.rejected_names or candidate.known_id is not None:
        return False
    names = {strip_the(candidate.text).casefold(), strip_the(candidate.name).casefold()}
    return any((candidate.kind, name) in gazetteer.rejected_names for name in names if name)


def _drop_rejected(drafts: list[Draft], gazetteer: Gazetteer) -> list[Draft]:
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
def _drop_byline_authors(drafts: list[Draft], byline: str) -> list[Draft]:
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
def _drop_places_that_are_not_the_articles(drafts: list[Draft]) -> list[Draft]:
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


def _assign_keys(drafts: list[Draft]) -> None:
    used: set[str] = set()
    for draft in sorted(drafts, key=lambda d: (KIND_ORDER[d.kind], d.first_start)):
        base = f"{draft.kind}:{slugify(draft.name)}"
        key, counter = base, 2
        while key in used:
            key, counter = f"{base}-{counter}", counter + 1
        used.add(key)
        draft.key = key


def _word_index(words: list[Word]) -> dict[int, int]:
    """Character offset of a word's start -> its index."""
    return {w.start: w.index for w in words}


def _word_at(by_position: dict[int, int], offset: int) -> int | None:
    return by_position.get(offset)


# --- Attributes -----------------------------------------------------------------------------------


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
        attributes: dict = {}
        if role_span is not None:
            # A role that stops inside an organization's name ends with that name
            # ("Head of the Department of Information Technology, Moscow").
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


def _as_title(role: str) -> str:
    """A role shown on its own reads as a title: 'chief executive' -> 'Chief executive'."""
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


# --- Quotes ---------------------------------------------------------------------------------------


def _quotes(drafts: list[Draft], body: str) -> list[ExtractedQuote]:
    people = [
        PersonSpan(start=m.start, end=m.end, entity_key=d.key, name=d.name)
        for d in drafts
        if d.kind == PERSON
        for m in d.mentions
    ]
    quotes = []
    for quote in attribute_quotes(body, people):
        # '"We will expand it," she said': the comma inside the marks belongs to the reporter's
        # sentence, not to what was said.
        end = quote.end
        while end > quote.start and body[end - 1] in _NOT_PART_OF_A_QUOTE:
            end -= 1
        if end == quote.start:
            continue
        quotes.append(
            ExtractedQuote(
                text=body[quote.start : end],
                start=quote.start,
                end=end,
                speaker_key=quote.speaker_key,
                speaker_name=quote.speaker_name,
            )
        )
    return quotes


#: Punctuation that closes a quotation only because the reporter's sentence goes on after it.
_NOT_PART_OF_A_QUOTE = frozenset(",; \t")


__all__ = ["extract"]
