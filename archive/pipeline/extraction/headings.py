"""Capitals that do not make a name. In lines written in title case (headlines, subheadings,
slogans) every longer word is capitalised, so the finders that read a capital letter as the
start of a name find names in ordinary words there ("Plans Will Improve Public Trust",
"Residents Want Faster Buses")."""

from __future__ import annotations

import bisect
import re

from spacy.lang.en.stop_words import STOP_WORDS

from ..types import ORGANIZATION, PERSON
from .candidates import Candidate
from .place_gazetteer import place_index
from .rules import Stage, rule
from .text import Word

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")

#: Finders that take a name from its capitals alone (or from spaCy's guess, which also leans on
#: them); a legal form, a known name, an honorific or a title is evidence of its own.
_CAPITALS_ONLY = frozenset(
    {
        "spacy-ner",
        "pattern:org-head",
        "pattern:org-agent",
        "pattern:org-context",
        "pattern:apposition",
        "pattern:speech",
    }
)


#: Parts of speech that show a capitalised word is an ordinary word of a phrase.
_PHRASE_TAGS = frozenset({"VERB", "AUX", "NOUN"})


def title_cased_lines(body: str) -> list[tuple[int, int]]:
    """(start, end) of every line of three words or more whose words of four letters or more
    (function words aside) all start with a capital: headings, but also lists and credits."""
    spans = []
    offset = 0
    for line in body.split("\n"):
        words = _WORD.findall(line)
        # Title case leaves short and function words in lower case ("will", "with").
        longer = [w for w in words if len(w) >= 4 and w.casefold() not in STOP_WORDS]
        if len(words) >= 3 and len(longer) >= 2 and all(w[:1].isupper() for w in longer):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def heading_lines(words: list[Word], body: str) -> list[tuple[int, int]]:
    """The title-cased lines that read as a phrase, not a list of names: the model tags one of
    their capitalised words as a verb or a common noun ("Residents Want Faster Buses")."""
    lines = title_cased_lines(body)
    if not lines:
        return []
    starts = [w.start for w in words]
    found = []
    for start, end in lines:
        first = bisect.bisect_left(starts, start)
        last = bisect.bisect_left(starts, end)
        if any(w.is_capitalised and w.pos in _PHRASE_TAGS for w in words[first:last]):
            found.append((start, end))
    return found


@rule("names-only-in-title-case-lines", Stage.FILTER)
def drop_names_only_in_headings(
    candidates: list[Candidate], words: list[Word], body: str
) -> list[Candidate]:
    """An organization or person found only from capitals, only inside title-cased lines that
    read as a phrase (a headline, a slogan), and never written in the running text is words of
    the heading, not a name: a name in a heading is named again in the text below it."""
    return _only_inside(candidates, heading_lines(words, body), body, {ORGANIZATION, PERSON})


@rule("orgs-only-in-subheadings", Stage.FILTER)
def drop_organizations_only_in_subheadings(
    candidates: list[Candidate], body: str
) -> list[Candidate]:
    """A title-cased line standing alone between paragraphs, with no punctuation to end or
    list it, is a subheading ("Charging Points and Street Lighting", "Council Decisions"), even
    where the small model tags every word of it as a proper noun. An organization found there
    from capitals alone, and never written in the running text, is words of the subheading.
    People are left alone: a name on a line of its own may sign the page."""
    return _only_inside(candidates, subheading_lines(body), body, {ORGANIZATION})


def subheading_lines(body: str) -> list[tuple[int, int]]:
    """Title-cased lines that are a paragraph of their own, without a comma or a final stop."""
    found = []
    for start, end in title_cased_lines(body):
        line = body[start:end].strip()
        # Compared in place: slicing the body up to each line would copy it once per line.
        alone = (start == 0 or body[start - 2 : start] == "\n\n") and (
            end >= len(body) or body[end : end + 2] == "\n\n"
        )
        if alone and "," not in line and not line.endswith((".", "!", "?", ":", ";")):
            found.append((start, end))
    return found


def _only_inside(
    candidates: list[Candidate], spans: list[tuple[int, int]], body: str, kinds: set[str]
) -> list[Candidate]:
    """`candidates` without those of `kinds` found from capitals alone only inside `spans`."""
    if not spans:
        return candidates
    starts = [start for start, _ in spans]

    def inside(start: int, end: int) -> bool:
        at = bisect.bisect_right(starts, start) - 1
        return at >= 0 and end <= spans[at][1]

    def written_elsewhere(text: str) -> bool:
        pattern = rf"(?<!\w){re.escape(text)}(?!\w)"
        return any(not inside(m.start(), m.end()) for m in re.finditer(pattern, body))

    in_text = {c.text for c in candidates if not inside(c.start, c.end)}
    kept = []
    for candidate in candidates:
        if (
            candidate.kind in kinds
            and candidate.extractor in _CAPITALS_ONLY
            and candidate.known_id is None
            and not _names_a_place(candidate.text)
            and candidate.text not in in_text
            and inside(candidate.start, candidate.end)
            and not written_elsewhere(candidate.text)
        ):
            continue
        kept.append(candidate)
    return kept


def _names_a_place(text: str) -> bool:
    """'City of Harbourton', 'University of Lakeside': a gazetteer place inside is a name."""
    words = text.split()
    index = place_index()
    return any(
        " ".join(words[start : start + size]) in index
        for size in (1, 2, 3)
        for start in range(len(words) - size + 1)
    )
