"""News datelines: the place a story was filed from, and the outlet a wire dateline credits.

A news report often opens with a dateline: the place in capitals, then a separator
("HARBOURTON, May 4 -", "HARBOURTON: ...", "HARBOURTON - The city ..."). Wire and broadcast
copy puts the outlet that filed it in brackets between the two: "HARBOURTON (AP) -",
"PORT ELLEN, Ore. (Coastline News) -". The place is where the story was filed; the credit is
a news organization, which the small NER model rarely knows ("KXYZ", "NewsChannel 5").
"""

from __future__ import annotations

from ..wordlists import lines, terms
from .candidates import Candidate
from .lexicon import not_entities
from .org_shapes import org_candidate
from .place_gazetteer import place_index, us_states_by_code
from .rules import Stage, rule
from .text import Word
from .vocabulary import PUBLICATION_WORDS

#: What follows the place that opens a news dateline: "HARBOURTON, May 4", "HARBOURTON:",
#: "HARBOURTON — The city ...".
SEPARATORS = frozenset({",", ":", "\u2014", "\u2013", "-", "--"})
#: What follows a wire credit: a dash (a comma or colon there ends something else: a list,
#: an aside).
_AFTER_CREDIT = frozenset({"\u2014", "\u2013", "-", "--"})
#: Words a credit may hold: "(AP)", "(Coastline News Service)".
_LONGEST_CREDIT = 4


def credit_after(words: list[Word], position: int) -> int | None:
    """When words[position] opens a wire credit ("(AP) —"), the position of its closing
    bracket; else None. The credit is one to four words, on the dateline's line."""
    n = len(words)
    if position >= n or words[position].text != "(":
        return None
    for close in range(position + 2, min(position + 2 + _LONGEST_CREDIT, n)):
        inside = words[position + 1 : close]
        if any(w.line_break_after or w.text in {"(", ")"} for w in inside):
            return None
        if words[close].text == ")":
            after = close + 1
            return close if after < n and words[after].text in _AFTER_CREDIT else None
    return None


def opens_dateline(words: list[Word], last: int) -> bool:
    """Whether the words up to `last` (a place) are followed by a dateline's separator, or by
    a wire credit and its dash."""
    after = last + 1
    if after >= len(words) or words[last].line_break_after:
        return False
    return words[after].text in SEPARATORS or credit_after(words, after) is not None


@rule("org-wire-dateline-credit", Stage.FINDER)
def dateline_credits(words: list[Word], body: str) -> list[Candidate]:
    """'HARBOURTON (KXYZ) — The council ...': the bracketed credit after a dateline's place in
    capitals, at the start of a paragraph, is the news outlet that filed the story. The place
    is one the gazetteer knows, alone or before its state or country ("PORT ELLEN, Ore."),
    and no word as well; the credit is shaped like an outlet's name (`_is_outlet_shaped`)."""
    found: list[Candidate] = []
    for position in range(len(words)):
        close = credit_after(words, position)
        if close is None or not _after_a_place_in_capitals(words, position, body):
            continue
        credit = words[position + 1 : close]
        if _is_outlet_shaped(credit, body):
            found.append(
                org_candidate(credit, body, "pattern:org-dateline", 0.7, 0.3, org_kind="media")
            )
    return found


_LABELS = terms("dateline_labels.txt")
_STATE_ABBREVIATIONS = frozenset(lines("dateline_state_abbreviations.txt"))
#: Words after a dateline's comma that may name its state or country ("New South Wales").
_LONGEST_STATE = 3


def _is_outlet_shaped(credit: list[Word], body: str) -> bool:
    """Capitalised words, an outlet's name, unless a label a page puts in brackets
    ("Updated", "VIDEO", "EDT": `dateline_labels.txt`) or a name no entity carries: a
    broadcaster's call sign or an agency's initials ("KXYZ", "AP"), a name ("Yonhap"), words
    with a channel number ("NewsNine 5"). Several words need a publication word among them or
    a channel number ("Coastline News Service"), so that "Phase Two", "Annex B" or "Photo:
    ..." are none."""
    text = body[credit[0].start : credit[-1].end]
    if text.casefold() in not_entities() or any(
        w.is_punct and w.text not in {"&", ".", "-"} for w in credit
    ):
        return False
    if any(w.lower in _LABELS for w in credit):
        return False
    if len(credit) == 1:
        return credit[0].text[:1].isupper()
    named = [w for w in credit if not w.is_punct]
    numbered = named[-1].text.isdigit() and all(w.is_capitalised for w in named[:-1])
    return numbered or (
        all(w.is_capitalised for w in named) and any(w.lower in PUBLICATION_WORDS for w in named)
    )


def _state_before(words: list[Word], bracket: int) -> int | None:
    """Where the comma before a dateline's state or country is, when 1-3 words before
    `bracket` name one ("PORT ELLEN, Ore.", "HARBOURTON, New South Wales"); else None."""
    index = place_index()
    for size in range(1, _LONGEST_STATE + 1):
        comma = bracket - size - 1
        if comma < 1 or words[comma].text != ",":
            continue
        named = " ".join(w.text for w in words[comma + 1 : bracket])
        if named in index or named in _STATE_ABBREVIATIONS or named in us_states_by_code():
            return comma
    return None


def _after_a_place_in_capitals(words: list[Word], bracket: int, body: str) -> bool:
    """words[bracket] follows a run of words in capitals that opens its paragraph and is a
    place the gazetteer knows, alone or before its state or country ("PORT ELLEN, Ore.").
    A heading in capitals ("NOTICE, Residents (...)") names no place, and neither does a word
    that is never an entity."""
    comma = _state_before(words, bracket)
    last = (comma if comma is not None else bracket) - 1
    first = last
    while first >= 0 and words[first].is_upper and not words[first].is_punct:
        if words[first].sent_start:
            if first > 0 and not words[first - 1].line_break_after:
                return False
            place = body[words[first].start : words[last].end].title()
            if place.casefold() in not_entities():
                return False
            return comma is not None or place in place_index()
        first -= 1
    return False
