"""`extract` for Russian pages: Natasha's parse to entities, mentions, dates and quotes."""

from __future__ import annotations

from datetime import date

from ..extraction.text import assign_keys, extraction_of
from ..transliteration import transliterate
from ..types import (
    ENTITY_KINDS,
    EVENT,
    ORGANIZATION,
    Extraction,
    Gazetteer,
    ParsedPage,
)
from .bodies import (
    bodies_named_by_head,
    close_quoted_names,
    join_acronyms,
    legal_form_names,
    merge_found,
    short_body_names,
)
from .coordination import coordinated_places
from .credits import not_described_as_no_entity, outside_photo_credits
from .entities import Found, Group, add_repeated_mentions, fold, group_mentions, named_entities
from .events import find_events, latin_events
from .inflection import (
    join_inflected_surnames,
    join_name_and_patronymic,
    join_patronymic_forms,
    merge_inflected,
)
from .name_order import surname_first_names
from .nlp import models, parse
from .places import link_countries, resolve_places, without_described_places
from .quoted_names import media_outlets, quoted_names
from .quotes import find_quotes
from .urban_places import urban_places

KIND_ORDER = {kind: position for position, kind in enumerate(ENTITY_KINDS)}


def extract(page: ParsedPage, gazetteer: Gazetteer) -> Extraction:
    """Entities, mentions (spans into `page.body`) and quotes of a Russian page."""
    body = page.body
    if not body.strip():
        return Extraction()
    doc = parse(body)
    events = find_events(doc, body)
    events += [m for m in latin_events(body) if not _overlaps_any(m, events)]
    programmes, not_entities, not_entity_spans = quoted_names(doc, body)
    programmes += [m for m in media_outlets(doc, body) if not _overlaps_any(m, programmes)]
    programmes = [m for m in programmes if not _overlaps_any(m, events)]
    # An event's name wins over the NER's reading of its words ("форум «Открытый город»"), and
    # so does the word before a quoted name ("проект «...»", "портал «...»": quoted_names).
    ner = coordinated_places(close_quoted_names(named_entities(doc), body), doc)
    ner = urban_places(ner, doc)
    bodies = legal_form_names(body) + short_body_names(doc) + bodies_named_by_head(doc, ner)
    found = [
        m
        for m in merge_found(ner, bodies)
        if not _overlaps_any(m, events + programmes)
        # Words inside the name of a portal or an app («Моя <город>») mention nothing.
        and not _overlaps_span(m, not_entity_spans)
        and not (m.kind == ORGANIZATION and fold(m.name) in not_entities)
    ]
    found = sorted(found + events + programmes, key=lambda m: (m.start, m.end))
    found = not_described_as_no_entity(outside_photo_credits(found, body), doc)
    found = surname_first_names(found, body)
    found = [m for m in found if (m.kind, fold(m.name)) not in gazetteer.rejected_names]
    groups = [
        g for g in group_mentions(found) if (g.kind, fold(g.name)) not in gazetteer.rejected_names
    ]
    merge_inflected(groups)
    join_inflected_surnames(groups)
    join_patronymic_forms(groups)
    join_name_and_patronymic(groups)
    add_repeated_mentions(groups, body)
    join_acronyms(groups, body)
    groups = resolve_places(without_described_places(groups), body)
    groups.sort(key=lambda g: (KIND_ORDER[g.kind], g.mentions[0].start))
    assign_keys(groups, transliterate)
    link_countries(groups)
    _match_known(groups, gazetteer)
    sentences = [(sentence.start, sentence.stop) for sentence in doc.sents]
    _add_event_dates(groups, body, sentences)

    return extraction_of(groups, body, sentences, find_quotes(doc, body, groups))


def dates_in(text: str) -> list[tuple[int, int, date | None, int | None]]:
    """(start, end, the date when day, month and year are all written, the year) of every date
    Natasha's DatesExtractor finds: "28 мая 2021 года", "в марте 2020 года", "2021 год"."""
    found = []
    for match in models().dates_extractor(text):
        fact = match.fact
        day = None
        if fact.year and fact.month and fact.day:
            try:
                day = date(fact.year, fact.month, fact.day)
            except ValueError:
                day = None
        found.append((match.start, match.stop, day, fact.year))
    return found


def _overlaps_any(mention: Found, others: list[Found]) -> bool:
    """Whether `mention` overlaps any of `others`."""
    return any(mention.start < other.end and other.start < mention.end for other in others)


def _overlaps_span(mention: Found, spans: list[tuple[int, int]]) -> bool:
    return any(mention.start < end and start < mention.end for start, end in spans)


def _match_known(groups: list[Group], gazetteer: Gazetteer) -> None:
    """A curated record whose name or alias is the entity's name: the mentions are its."""
    known = {
        (entity.kind, fold(name)): entity for entity in gazetteer.confirmed for name in entity.names
    }
    for group in groups:
        entity = known.get((group.kind, fold(group.name)))
        if entity is not None:
            group.known_id, group.name = entity.id, entity.name


def _add_event_dates(groups: list[Group], body: str, sentences: list[tuple[int, int]]) -> None:
    """An event's kind, and its date or year: the first date in a sentence that names it."""
    events = [g for g in groups if g.kind == EVENT]
    if not events:
        return
    dates = dates_in(body)
    for group in events:
        group.attributes["event_kind"] = group.mentions[0].event_kind
        for mention in group.mentions:
            start, stop = next(
                ((s, e) for s, e in sentences if s <= mention.start < e),
                (mention.start, mention.end),
            )
            here = [d for d in dates if start <= d[0] < stop and d[3]]
            if here:
                _start, _end, day, year = here[0]
                if day is not None:
                    group.attributes["start_date"] = day
                group.attributes["year"] = year
                break
