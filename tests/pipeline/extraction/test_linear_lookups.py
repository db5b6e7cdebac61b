"""The indexed lookups that keep long pages linear answer exactly what a full scan answers.

Each property compares the fast lookup with the plain scan it replaced, written out here, on
generated words and spans; a difference would change what an import extracts.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from archive.pipeline.extraction.candidates import Candidate
from archive.pipeline.extraction.selection import select
from archive.pipeline.extraction.text import Word, word_ending_at, words_in_span
from archive.pipeline.types import ENTITY_KINDS, EVENT, ORGANIZATION, PLACE


@st.composite
def words_in_text_order(draw) -> list[Word]:
    """Words as `build_words` makes them: in text order, not overlapping, gaps between."""
    words: list[Word] = []
    offset = 0
    for index, (gap, length) in enumerate(
        draw(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 6)), max_size=30))
    ):
        start = offset + gap
        word = Word(index, "w" * length, start, start + length, index, index, "X", "X", False)
        words.append(word)
        offset = start + length
    return words


@given(words_in_text_order(), st.integers(-2, 200), st.integers(-2, 200))
def test_words_in_span_equals_a_scan_of_every_word(words, start, end):
    scanned = [w for w in words if w.start >= start and w.end <= end]
    assert words_in_span(words, start, end) == scanned


@given(words_in_text_order(), st.integers(-2, 200))
def test_word_ending_at_equals_a_scan_of_every_word(words, offset):
    scanned = next((w.index for w in words if w.end == offset), None)
    assert word_ending_at(words, offset) == scanned


def scan_select(candidates: list[Candidate]) -> list[tuple]:
    """The selection rule with every accepted span compared to every candidate (the old way)."""
    from archive.pipeline.extraction.selection import KIND_ORDER, _drop_places_inside_other_names

    order = sorted(
        candidates,
        key=lambda c: (-c.length, -c.priority, -c.confidence, c.start, KIND_ORDER[c.kind]),
    )
    accepted: list[Candidate] = []
    for candidate in order:
        keep = True
        for other in accepted:
            if not candidate.overlaps(other):
                continue
            if (candidate.kind, candidate.start, candidate.end) == (
                other.kind,
                other.start,
                other.end,
            ):
                other.confidence = min(0.99, max(other.confidence, candidate.confidence) + 0.05)
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
            accepted.append(candidate)
    accepted = _drop_places_inside_other_names(accepted)
    return summary(sorted(accepted, key=lambda c: (c.start, KIND_ORDER[c.kind])))


def summary(candidates: list[Candidate]) -> list[tuple]:
    return [(c.kind, c.start, c.end, c.extractor, round(c.confidence, 6)) for c in candidates]


@st.composite
def overlapping_candidates(draw) -> list[tuple]:
    specs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(ENTITY_KINDS),
                st.integers(0, 60),
                st.integers(1, 25),
                st.sampled_from([0.5, 0.7, 0.9]),
                st.sampled_from([0.0, 1.0]),
                st.booleans(),
            ),
            max_size=25,
        )
    )
    return specs


def build(specs: list[tuple]) -> list[Candidate]:
    body = "x" * 100
    return [
        Candidate(
            kind=kind,
            start=start,
            end=start + length,
            text=body[start : start + length],
            extractor=f"finder-{number}",
            confidence=confidence,
            priority=priority,
            nested_ok=nested,
        )
        for number, (kind, start, length, confidence, priority, nested) in enumerate(specs)
    ]


@given(overlapping_candidates())
def test_select_keeps_what_comparing_every_pair_keeps(specs):
    # Fresh candidates for each: selection raises the confidence of a span two finders agree on.
    assert summary(select(build(specs))) == scan_select(build(specs))
