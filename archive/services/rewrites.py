"""Rewritten copies of a page, as other sites publish them: for the story tests and benchmark.

    copy = rewrite(page_text, title, random.Random(3), ("reorder", "drop", "junk"))

Each operation is one thing a syndicating site does to a text:

* ``reorder``: sentences of a paragraph in another order, and two paragraphs swapped;
* ``drop``: one paragraph left out (never the only one);
* ``swap``: a few words replaced by others meaning about the same;
* ``headline``: another headline;
* ``junk``: the site's own furniture (sharing buttons, newsletter, copyright) around the text.

Deterministic for a seeded `rng`; pure Python (no Django).
"""

from __future__ import annotations

import random
import re

OPERATIONS = ("reorder", "drop", "swap", "headline", "junk")

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")

#: Words a rewriting editor swaps for another (both ways).
_SYNONYMS = {
    "launched": "started",
    "has": "had",
    "will": "is to",
    "said": "stated",
    "city": "municipality",
    "residents": "citizens",
    "project": "scheme",
    "results": "findings",
    "partners": "allies",
    "next": "the coming",
    "officials": "authorities",
    "built": "designed",
    "director": "head",
    "presented": "shown",
    "review": "assess",
}
_SYNONYMS |= {value: key for key, value in _SYNONYMS.items() if " " not in value}

#: The share of swappable words a rewrite swaps (an editor changes a few, not all).
SWAP_SHARE = 0.25

_HEADLINE_PREFIXES = ("Update:", "In brief:", "Now:", "Explained:")
_JUNK_BEFORE = (
    "Skip to the main content",
    "Menu | Sections | Search this site",
    "Sign in to your reader account",
)
_JUNK_AFTER = (
    "Share this on your networks",
    "Get our morning briefing in your inbox every weekday",
    "More from our network of regional titles",
    "All content copyright the publisher; reproduced under licence",
)


def _blocks(text: str) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def rewrite(text: str, title: str, rng: random.Random, operations: tuple[str, ...]) -> str:
    """A copy of the page `text` (blank-line separated blocks) rewritten by `operations`.

    `title` names the headline block ("" when the page has none): it is never dropped or
    reordered, only replaced by ``headline``.
    """
    unknown = set(operations) - set(OPERATIONS)
    if unknown:
        raise ValueError(f"unknown rewrite operations: {sorted(unknown)}")
    blocks = _blocks(text)
    head = [b for b in blocks if b.strip() == title.strip()][:1] if title else []
    body = [b for b in blocks if b not in head]
    if "reorder" in operations:
        body = [_reorder_sentences(block, rng) for block in body]
        if len(body) >= 3:
            i = rng.randrange(1, len(body) - 1)
            body[i], body[i + 1] = body[i + 1], body[i]
    if "drop" in operations and len(body) >= 3:
        longest = sorted(range(len(body)), key=lambda i: -len(body[i]))[: max(1, len(body) // 2)]
        del body[rng.choice(longest[1:] or longest)]
    if "swap" in operations:
        body = [_swap_words(block, rng) for block in body]
    if "headline" in operations:
        prefix = rng.choice(_HEADLINE_PREFIXES)
        head = [f"{prefix} {title or 'the latest'} (and what it means)"]
    if "junk" in operations:
        before = rng.sample(_JUNK_BEFORE, rng.randint(1, 2))
        after = rng.sample(_JUNK_AFTER, rng.randint(1, 3))
        return "\n\n".join([*before, *head, *body, *after]) + "\n"
    return "\n\n".join([*head, *body]) + "\n"


def _reorder_sentences(block: str, rng: random.Random) -> str:
    sentences = _SENTENCE.split(block)
    if len(sentences) < 2:
        return block
    rng.shuffle(sentences)
    return " ".join(sentences)


def _swap_words(block: str, rng: random.Random) -> str:
    def swap(match: re.Match) -> str:
        word = match.group(0)
        other = _SYNONYMS.get(word.lower())
        if other is None or rng.random() > SWAP_SHARE:
            return word
        return other.capitalize() if word[0].isupper() else other

    return re.sub(r"[A-Za-z]+", swap, block)
