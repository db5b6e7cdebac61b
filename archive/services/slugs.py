"""Unique slugs for any model with a unique `slug` field.

Slugs are made with django.utils.text.slugify (ASCII only, so URLs stay plain) from the text with
other scripts transliterated ("Москва" -> "moskva", `pipeline.transliteration`), cut to the field's
max_length on a word boundary, and made unique with a numeric suffix ("moscow", "moscow-2", ...).
Checking first only makes a collision unlikely: two transactions can still pick the same slug at
the same time, so callers rely on the database's unique constraint and retry on IntegrityError.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from archive.pipeline.transliteration import transliterate

#: Used when a text slugifies to nothing (only punctuation, or a script without a table).
FALLBACK_SLUG = "item"


def slug_max_length(model: type[models.Model], field_name: str = "slug") -> int:
    return model._meta.get_field(field_name).max_length or 50


def base_slug(text: str, max_length: int, fallback: str = FALLBACK_SLUG) -> str:
    """slugify(text), at most max_length characters, cut between words where possible."""
    slug = slugify(transliterate(text)) or slugify(fallback) or FALLBACK_SLUG
    if len(slug) > max_length:
        cut = slug[:max_length]
        # Prefer ending on a whole word, unless that throws away most of the slug.
        ends_on_word = slug[max_length] == "-"
        if not ends_on_word and cut.rfind("-") >= max_length // 2:
            cut = cut[: cut.rfind("-")]
        slug = cut.strip("-") or slug[:max_length]
    return slug


_MAX_SUFFIX = len("-9999999")


def _with_suffix(base: str, number: int, max_length: int) -> str:
    suffix = f"-{number}"
    return base[: max_length - len(suffix)].rstrip("-") + suffix


def slugs_like(
    model: type[models.Model], bases: Iterable[str], *, field_name: str = "slug"
) -> models.QuerySet:
    """The rows whose slug is one of `bases` or one of them with a numeric suffix (and a few
    more sharing a prefix): one index range per base (the `prefix` lookup), never a scan."""
    max_length = slug_max_length(model, field_name)
    condition = Q()
    for base in bases:
        # Suffixed slugs cut the base when it is long, so match them by a shorter prefix.
        prefix = base + "-" if len(base) + _MAX_SUFFIX <= max_length else base[:-_MAX_SUFFIX]
        condition |= Q(**{field_name: base}) | Q(**{f"{field_name}__prefix": prefix})
    return model._default_manager.filter(condition).order_by()


def unique_slugs(
    model: type[models.Model],
    texts: Iterable[str],
    *,
    field_name: str = "slug",
    exclude_pk: int | None = None,
) -> list[str]:
    """One unique slug per text, in order, unique among each other and the table.

    One query for the whole batch, however many texts: the bulk importer creates many entities
    per article and must keep its query count bounded.
    """
    texts = list(texts)
    if not texts:
        return []
    max_length = slug_max_length(model, field_name)
    # Leave room for a suffix so "-2" never has to cut into the base (keeps slugs readable).
    bases = [base_slug(text, max_length) for text in texts]
    queryset = slugs_like(model, dict.fromkeys(bases), field_name=field_name)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    taken = set(queryset.values_list(field_name, flat=True))

    result = []
    for base in bases:
        slug = base
        number = 2
        while slug in taken:
            slug = _with_suffix(base, number, max_length)
            number += 1
        taken.add(slug)
        result.append(slug)
    return result


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    field_name: str = "slug",
    exclude_pk: int | None = None,
) -> str:
    """A slug for `text` that no other row of `model` has (one query)."""
    return unique_slugs(model, [text], field_name=field_name, exclude_pk=exclude_pk)[0]
