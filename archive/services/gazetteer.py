"""Build the pipeline's Gazetteer from what curators decided.

Confirmed records become `KnownEntity`s the extractor recognises first (their names include the
aliases and the names of records merged into them, so a merged-away spelling still finds the
survivor). Rejected records become `rejected_names`, which the extractor and the loader never
suggest again. Two queries per entity kind, whatever the size of the archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from archive.kinds import KINDS
from archive.languages import archive_languages
from archive.models import Organization, Place, ReviewStatus
from archive.pipeline.types import Gazetteer, KnownEntity


def casefold_name(name: str) -> str:
    """The key names are compared by: case- and whitespace-insensitive."""
    return " ".join(name.split()).casefold()


def _unique_names(names: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    unique = []
    for name in names:
        key = casefold_name(name)
        if name.strip() and key not in seen:
            seen.add(key)
            unique.append(" ".join(name.split()))
    return tuple(unique)


def build_gazetteer() -> Gazetteer:
    confirmed: list[KnownEntity] = []
    rejected_names: set[tuple[str, str]] = set()
    for entity_kind in KINDS:
        kind, model = entity_kind.value, entity_kind.model
        rows = model.objects.filter(
            review_status__in=[ReviewStatus.CONFIRMED, ReviewStatus.REJECTED]
        ).values_list("id", "name", "aliases", "review_status", "merged_into_id")
        # Names of records merged into a survivor, to be added to the survivor's names.
        merged_names: dict[int, list[str]] = defaultdict(list)
        for _id, name, aliases, _status, survivor_id in model.objects.filter(
            merged_into__isnull=False
        ).values_list("id", "name", "aliases", "review_status", "merged_into_id"):
            merged_names[survivor_id].extend([name, *(aliases or [])])

        confirmed_keys: set[str] = set()
        rejected_for_kind: set[str] = set()
        for entity_id, name, aliases, status, survivor_id in rows:
            names = [name, *(aliases or [])]
            if status == ReviewStatus.REJECTED:
                rejected_for_kind.update(casefold_name(n) for n in names if n.strip())
            elif survivor_id is None:
                all_names = _unique_names([*names, *merged_names.get(entity_id, [])])
                confirmed.append(KnownEntity(id=entity_id, kind=kind, name=name, names=all_names))
                confirmed_keys.update(casefold_name(n) for n in all_names)
        # A name a curator confirmed elsewhere wins over the same name on a rejected record.
        rejected_names.update((kind, key) for key in rejected_for_kind - confirmed_keys)
    confirmed.sort(key=lambda known: (known.kind, known.name.casefold(), known.id))
    return Gazetteer(
        confirmed=tuple(confirmed),
        rejected_names=frozenset(rejected_names),
        languages=archive_languages(),
    )


def country_name(country_code: str) -> str:
    """The gazetteer's English short name of a country ("RU" -> "Russia"); "" if unknown.

    The name the extractor gives a country record, so a place known only by its code reads
    the same as a country the archive has a record of. pycountry only: no index is built.
    """
    import pycountry

    from archive.pipeline.extraction.place_gazetteer import short_country_name

    code = (country_code or "").strip().upper()
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return short_country_name(country) if country is not None else ""


#: The most words of an organization's name a place opening it may have ("New York City").
_MAX_PLACE_WORDS = 3


def infer_organization_countries(organizations: Iterable[Organization]) -> None:
    """Set `inferred_country` (a name, or "") on organizations the importer left without one.

    The importer links an organization to its country only when the same article names that
    country. The place that opens a public body's name ("Harbor City" in "Harbor City Transit
    Board") is the jurisdiction it acts for, as the extractor also holds: when the archive
    has that place and knows its country, that is the organization's. One query for them all.
    """
    candidates: dict[int, list[str]] = {}
    for organization in organizations:
        organization.inferred_country = ""
        if organization.country_id is not None:
            continue
        words = organization.name.split()
        prefixes = [
            " ".join(words[:count]) for count in range(min(_MAX_PLACE_WORDS, len(words) - 1), 0, -1)
        ]
        if prefixes:
            candidates[id(organization)] = prefixes
    if not candidates:
        return
    names = {name for prefixes in candidates.values() for name in prefixes}
    countries: dict[str, str] = {}
    for place in Place.objects.public().filter(name__in=names).select_related("country"):
        if place.kind == Place.Kind.COUNTRY:
            countries.setdefault(place.name, place.name)
        elif place.country is not None:
            countries.setdefault(place.name, place.country.name)
        elif country_name(place.country_code):
            countries.setdefault(place.name, country_name(place.country_code))
    for organization in organizations:
        for prefix in candidates.get(id(organization), ()):
            if prefix in countries:  # the longest place that opens the name
                organization.inferred_country = countries[prefix]
                break
