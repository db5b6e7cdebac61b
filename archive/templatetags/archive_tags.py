"""Small template helpers for the public site."""

from __future__ import annotations

from django import template
from django.core.paginator import Page

from archive.languages import language_name as name_of_language
from archive.links import safe_external_url
from archive.services.gazetteer import country_name
from archive.services.wording import plural_noun

register = template.Library()


@register.filter
def thousands(value: int | None) -> str:
    """12345 -> "12,345" (django.contrib.humanize is not installed for one filter)."""
    if value is None:
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def elided_pages(page: Page) -> list[int | str]:
    """Page numbers around the current one, with "…" for the gaps: [1, "…", 4, 5, 6, "…", 20]."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def plural_of(count: int, forms: str) -> str:
    """{{ n|plural_of:"article,articles" }} -> "1 article" / "3 articles"."""
    singular, _, plural = forms.partition(",")
    return f"{count:,} {plural_noun(count, singular, plural or None)}"


@register.filter
def get_item(mapping: dict, key: str):
    """{{ mapping|get_item:key }}: a dictionary lookup with a variable key."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def language_name(code: str) -> str:
    """{{ article.language|language_name }}: "Russian" for "ru"."""
    return name_of_language(code) if code else ""


@register.filter
def external_url(address: str | None) -> str:
    """{{ article.url|external_url }}: the address if it is http(s), else "" (see archive.links)."""
    return safe_external_url(address)


@register.filter
def country_of(entity) -> str:
    """{{ place|country_of }}: the name of the country a place or organization is in, or "".

    The linked country record when there is one (select_related by the list and the page, so no
    query), else, for a place, the country its ISO code names in the gazetteer (a city the
    importer placed in a country the archive has no record of), and for an organization the
    one its view inferred (see gazetteer.infer_organization_countries). A country is not "in"
    itself.
    """
    if getattr(entity, "kind", "") == "country" and hasattr(entity, "country_code"):
        return ""
    country = getattr(entity, "country", None)
    if country is not None:
        return country.name
    return country_name(getattr(entity, "country_code", "")) or getattr(
        entity, "inferred_country", ""
    )
