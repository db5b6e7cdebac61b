"""Each kind's finder as one rule, so the ablation bench can switch a whole kind's finder off.
(Names curators confirmed are not a heuristic: they are always looked for, see `known`.)"""

from __future__ import annotations

from .candidates import Candidate
from .events import find_events
from .organizations import find_organizations
from .people import find_people
from .places import find_places
from .rules import Stage, rule
from .text import Chunk, Word


@rule("places", Stage.FINDER)
def places_finder(words: list[Word], body: str) -> list[Candidate]:
    """Gazetteer places checked in context, and the model's places the gazetteer lacks."""
    return find_places(words, body)


@rule("people", Stage.FINDER)
def people_finder(words: list[Word], body: str) -> list[Candidate]:
    """The model's people, cleaned, and names with a role, an honorific or a speech verb."""
    return find_people(words, body)


@rule("organizations", Stage.FINDER)
def organizations_finder(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    """Legal names, organization heads and suffixes, acronym definitions, the model's guesses."""
    return find_organizations(words, chunks, body)


@rule("events", Stage.FINDER)
def events_finder(words: list[Word], chunks: list[Chunk], body: str) -> list[Candidate]:
    """Names with an event head (forum, summit, expo, ...), an edition or a year."""
    return find_events(words, chunks, body)
