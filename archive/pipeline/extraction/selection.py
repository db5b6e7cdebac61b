"""Picking spans: from overlapping candidates, the non-overlapping mentions to keep (longest and
surest first), and places inside other names dropped unless the page shows they are places."""

from __future__ import annotations

import bisect

from ..types import ENTITY_KINDS, EVENT, ORGANIZATION, PERSON, PLACE
from .candidates import Candidate
from .rules import Stage, rule
from .vocabulary import HONORIFICS, ROLE_WORDS

KIND_ORDER = {kind: index for index, kind in enumerate(ENTITY_KINDS)}


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest span first; ties go to the stronger extractor. Within a kind nothing overlaps;
    across kinds only a place inside an organization's or event's name may overlap."""
    order = sorted(
        candidates,
        key=lambda c: (-c.length, -c.priority, -c.confidence, c.start, KIND_ORDER[c.kind]),
    )
    accepted: list[Candidate] = []
    # Accepted spans by start, so each candidate meets only the spans near it: comparing it with
    # every accepted span made a long page quadratic. Nothing accepted is longer than the first.
    by_start: list[tuple[int, int]] = []
    longest = order[0].length if order else 0
    for candidate in order:
        low = bisect.bisect_left(by_start, (candidate.start - longest + 1,))
        high = bisect.bisect_left(by_start, (candidate.end,))
        nearby = sorted(number for _, number in by_start[low:high])
        keep = True
        for other in (accepted[number] for number in nearby):
            if not candidate.overlaps(other):
                continue
            if (
                candidate.kind == other.kind
                and candidate.start == other.start
                and candidate.end == other.end
            ):
                # Two extractors agree: more confidence, and attributes the first one lacked.
                other.confidence = min(0.99, max(other.confidence, candidate.confidence) + 0.05)
                for key, value in candidate.attrs.items():
                    other.attrs.setdefault(key, value)
                if not other.group and candidate.group:
                    other.group = candidate.group
                keep = False
                break
            if (
                candidate.kind == PLACE
                and candidate.nested_ok
                and candidate.inside(other)
                and other.kind in {ORGANIZATION, EVENT}
                and candidate.length < other.length
            ):
                continue
            keep = False
            break
        if keep:
            bisect.insort(by_start, (candidate.start, len(accepted)))
            accepted.append(candidate)
    accepted = _drop_places_inside_other_names(accepted)
    return sorted(accepted, key=lambda c: (c.start, KIND_ORDER[c.kind]))


@rule("places-inside-names-are-kept-by-evidence", Stage.FILTER)
def _drop_places_inside_other_names(accepted: list[Candidate]) -> list[Candidate]:
    """A place written inside a longer capitalised name counts when that name is an organization
    or event ("Dubai" in "Dubai Electricity and Water Authority") or when its neighbour is a
    title or a person ("Moscow Mayor Sergey Sobyanin"); not in a product or programme name
    ("UAE Pass", "Horizon Europe"), and not when it is the brand itself ("Toyota" in
    "Toyota Motor Corporation")."""
    names = [c for c in accepted if c.kind in {ORGANIZATION, EVENT}]
    people = [c for c in accepted if c.kind in {PERSON, PLACE}]
    kept = []
    for candidate in accepted:
        if candidate.kind != PLACE:
            kept.append(candidate)
            continue
        container = next(
            (n for n in names if candidate.inside(n) and candidate.length < n.length), None
        )
        if container is not None:
            brand = container.attrs.get("known_name", "")
            if (
                container.start == candidate.start
                and container.attrs.get("org_kind") == "company"
                and brand.split()[:1] == candidate.text.split()[:1]
            ):
                continue
            kept.append(candidate)
            continue
        if _short_name_of_organization(candidate, names):
            continue
        neighbours = candidate.attrs.get("neighbours") or []
        if all(_neighbour_explained(n, people, candidate) for n in neighbours):
            kept.append(candidate)
    return kept


def _short_name_of_organization(candidate: Candidate, names: list[Candidate]) -> bool:
    """'at Argonne' after 'Argonne National Laboratory': the short name of the body, not a
    place (only for names the gazetteer does not know as a sizeable city)."""
    record = candidate.attrs.get("record")
    if record is not None and not (record.kind == "city" and record.population < 50_000):
        return False
    for name in names:
        words = name.text.split()
        if (
            name.kind == ORGANIZATION
            and len(words) > 1
            and words[0] == candidate.text
            and words[1] not in {"City", "State", "County"}
        ):
            return True
    return False


def _neighbour_explained(
    neighbour: tuple[int, int, str], people: list[Candidate], candidate: Candidate
) -> bool:
    """The capitalised word next to a place is a title, or part of a person or another place."""
    start, end, lower = neighbour
    if lower.rstrip(".") in ROLE_WORDS or lower in HONORIFICS:
        return True
    return any(
        other is not candidate and other.start <= start and end <= other.end for other in people
    )
