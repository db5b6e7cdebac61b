"""Curated entities (`Gazetteer.confirmed`) matched before anything else, with Aho-Corasick."""

from __future__ import annotations

import functools

import ahocorasick

from ..types import Gazetteer
from .candidates import Candidate


def _lower_same_length(text: str) -> str:
    """Lower case without changing offsets ("İ".lower() is two characters long)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_acronym_like(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) / 2)


@functools.lru_cache(maxsize=8)
def _automaton(gazetteer: Gazetteer) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    count = 0
    for entity in gazetteer.confirmed:
        for surface in {entity.name, *entity.names}:
            surface = surface.strip()
            if len(surface) < 2:
                continue
            sensitive = _is_acronym_like(surface)
            key = surface if sensitive else _lower_same_length(surface)
            # Case-sensitive names (acronyms) and the rest live in one automaton, keyed by the
            # form they are searched in; the flag says which text to look them up in.
            entries = automaton.get(key, []) if key in automaton else []
            entries.append((surface, sensitive, entity.id, entity.kind, entity.name))
            automaton.add_word(key, entries)
            count += 1
    if not count:
        return None
    automaton.make_automaton()
    return automaton


def _whole_word(body: str, start: int, end: int) -> bool:
    before = body[start - 1] if start > 0 else " "
    after = body[end] if end < len(body) else " "
    return not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_")


def find_known(body: str, gazetteer: Gazetteer) -> list[Candidate]:
    if not gazetteer.confirmed:
        return []
    automaton = _automaton(gazetteer)
    if automaton is None:
        return []
    found: list[Candidate] = []
    seen: set[tuple[int, int, int]] = set()
    for text, lowered in ((body, False), (_lower_same_length(body), True)):
        for end_index, entries in automaton.iter(text):
            for surface, sensitive, entity_id, kind, name in entries:
                if sensitive == lowered:
                    continue  # acronyms only in the original text; the rest only lower-cased
                end = end_index + 1
                start = end - len(surface)
                if not _whole_word(body, start, end):
                    continue
                if not sensitive and not (body[start].isupper() or body[start].isdigit()):
                    continue  # "nice weather" is not Nice
                if (start, end, entity_id) in seen:
                    continue
                seen.add((start, end, entity_id))
                found.append(
                    Candidate(
                        kind=kind,
                        start=start,
                        end=end,
                        text=body[start:end],
                        extractor="gazetteer",
                        confidence=0.99,
                        name=name,
                        known_id=entity_id,
                        nested_ok=True,
                        priority=2.0,
                    )
                )
    return found
