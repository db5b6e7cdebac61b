"""Counted nouns in messages: "1 article", "3 articles" (English only; the site is English).

Every count shown next to a noun goes through `plural` (code) or Django's `pluralize` /
archive_tags' `plural_of` (templates), so no page, message or command says "1 articles".
"""

from __future__ import annotations

from django.utils.translation import ngettext


def plural_noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun alone, in the form that agrees with `count`: ngettext picks it."""
    return ngettext(singular, plural_form or singular + "s", count)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`count` and the noun in the form that agrees with it."""
    return f"{count} {plural_noun(count, singular, plural_form)}"


def plural_of_unit(count: int, unit: str) -> str:
    """`count` and a regular plural noun given in its plural form ("articles", "mentions")."""
    return plural(count, unit.removesuffix("s"), unit)
