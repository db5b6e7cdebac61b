"""Vocabulary files in `archive/pipeline/data/`, loaded once per process.

Rules are data: every word list the pipeline uses (months, role titles, organization suffixes,
junk-line patterns, site widgets, ...) lives once, in a UTF-8 text file in `data/`, one term per
line. Lines starting with `#` are comments; each file opens with a header comment that says what
the list is for and where it comes from. Code asks for a list by its file name.
"""

from __future__ import annotations

import functools
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def lines(name: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of `data/NAME` in file order, stripped."""
    path = DATA_DIR / name
    text = path.read_text(encoding="utf-8")
    return tuple(
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@functools.cache
def terms(name: str) -> frozenset[str]:
    """The lines of `data/NAME`, case-folded, as a set (for membership tests)."""
    return frozenset(line.casefold() for line in lines(name))


@functools.cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The lines of `data/NAME` split into whitespace-separated fields, for lists whose terms carry
    a value ("forum conference") or several forms ("september sept sep")."""
    return tuple(tuple(line.split()) for line in lines(name))
