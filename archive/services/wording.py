"""Counted nouns in messages: "1 article", "3 articles" (English only; the site is English)."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`count` and the noun in the form that agrees with it."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
