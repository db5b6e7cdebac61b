"""Find the sentence around a span of an article body (for Mention.sentence).

Pure text logic with no Django import, kept apart from the loader so it is easy to test alone.
"""

from __future__ import annotations

import re

from archive.pipeline.extraction.text import SENTENCE_MAX_CHARS, excerpt_around
from archive.pipeline.wordlists import terms

#: Words after which a full stop does not end a sentence ("Mr. Chen", "Dr. Ng", "U.S. cities"):
#: the pipeline's list (archive/pipeline/data/abbreviations.txt), the one the cleaner reads.
ABBREVIATIONS = terms("abbreviations.txt")

#: Closing and opening quotes and brackets around sentence ends (curly ones written as escapes).
_CLOSERS = "\"')]\u201d\u2019\u00bb"
_OPENERS = "\"'([\u201c\u2018\u00ab"

# A sentence ends at . ! ? (and an optional closing quote or bracket) followed by spaces and
# something that can start a sentence: a capital, a digit or an opening quote or bracket.
_BOUNDARY = re.compile(
    rf"(?<=[.!?\u2026])[{re.escape(_CLOSERS)}]*\s+(?=[{re.escape(_OPENERS)}]?[A-Z0-9])"
)
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")

DEFAULT_MAX_CHARS = SENTENCE_MAX_CHARS


def _is_real_boundary(text: str, position: int) -> bool:
    """False when the full stop before `position` belongs to an abbreviation or an initial."""
    head = text[:position].rstrip()
    head = head.rstrip(_CLOSERS)
    if not head.endswith("."):
        return True
    match = _WORD_BEFORE.search(head)
    if not match:
        return True
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return False
    return word.casefold().rstrip(".") not in ABBREVIATIONS


def _paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """Lines are the outer limit: paragraphs and list items never share a sentence."""
    left = body.rfind("\n", 0, start) + 1
    right = body.find("\n", end)
    return left, len(body) if right == -1 else right


def sentence_around(body: str, start: int, end: int, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The sentence containing body[start:end], trimmed, at most about max_chars long."""
    if not body or start < 0 or end > len(body) or start >= end:
        return ""
    left, right = _paragraph_bounds(body, start, end)
    paragraph = body[left:right]
    local_start, local_end = start - left, end - left
    sentence_start, sentence_end = 0, len(paragraph)
    for boundary in _BOUNDARY.finditer(paragraph):
        if not _is_real_boundary(paragraph, boundary.start()):
            continue
        if boundary.end() <= local_start:
            sentence_start = boundary.end()
        elif boundary.start() >= local_end:
            sentence_end = boundary.start()
            break
    sentence = paragraph[sentence_start:sentence_end]
    if len(sentence.strip()) <= max_chars:
        return sentence.strip()
    return excerpt_around(
        sentence, local_start - sentence_start, local_end - sentence_start, max_chars
    )
