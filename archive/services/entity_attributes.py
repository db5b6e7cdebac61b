"""Entity attributes from an import: fill what is empty, never what a curator owns.

A record's attributes (an organization's acronym and kind, a person's role and affiliation, an
event's dates and place, a place's kind, country and coordinates) are set from the extractor's
only where they are empty (or a machine default such as kind "other") and the field is not in
the record's ``curated_fields``. Each field set is noted in ``record._import_changed_fields``
(which the caller creates), so the caller saves exactly those.
"""

from __future__ import annotations

from datetime import date

from archive.models import Entity, Event, Organization, Person, Place
from archive.pipeline.types import ExtractedEntity

#: Defaults that count as empty: the machine may still replace them with something better.
_EMPTY_ATTRIBUTE_VALUES = {
    (Organization, "kind"): (Organization.Kind.OTHER,),
    (Event, "kind"): (Event.Kind.OTHER,),
}


def _is_empty(value: object) -> bool:
    """None, "", [] or False (is_online's default); 0 and 0.0 are values."""
    return value is None or value is False or (isinstance(value, str | list) and not value)


def _is_fk(record: Entity, name: str) -> bool:
    return record._meta.get_field(name).is_relation


def clean_text(value: object, max_length: int) -> str:
    return " ".join(str(value).split())[:max_length] if value else ""


def _is_coordinate(value: object, limit: float) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and -limit <= value <= limit
    )


def _choice(value: object, choices: type) -> str:
    return str(value) if value and str(value) in choices.values else ""


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def set_if_empty(record: Entity, name: str, value: object) -> None:
    """Set an attribute only where it is empty and no curator owns it."""
    if _is_empty(value) or name in (record.curated_fields or []):
        return
    current = getattr(record, name if not _is_fk(record, name) else f"{name}_id")
    machine_defaults = _EMPTY_ATTRIBUTE_VALUES.get((type(record), name), ())
    if not _is_empty(current) and current not in machine_defaults:
        return
    setattr(record, name, value)
    record._import_changed_fields.add(name)


def apply_attributes(
    record: Entity,
    entity: ExtractedEntity,
    records: dict[str, Entity | None],
    new_keys: set[str],
) -> None:
    """Fill the record's empty attributes from what the extractor found.

    `records` maps the article's entity keys to their records (a person's affiliation, an
    event's place, a place's country); `new_keys` are the keys of records being created with
    this one (a new place inside another new place is linked once its country exists)."""
    attributes = entity.attributes or {}
    if isinstance(record, Organization):
        set_if_empty(record, "acronym", clean_text(attributes.get("acronym"), 30))
        set_if_empty(record, "kind", _choice(attributes.get("org_kind"), Organization.Kind))
        country = records.get(attributes.get("country") or "")
        if isinstance(country, Place) and country.kind == Place.Kind.COUNTRY:
            set_if_empty(record, "country", country)
    elif isinstance(record, Person):
        set_if_empty(record, "role", clean_text(attributes.get("role"), 500))
        affiliation = records.get(attributes.get("affiliation") or "")
        if isinstance(affiliation, Organization):
            set_if_empty(record, "affiliation", affiliation)
    elif isinstance(record, Event):
        set_if_empty(record, "kind", _choice(attributes.get("event_kind"), Event.Kind))
        start = _as_date(attributes.get("start_date"))
        end = _as_date(attributes.get("end_date"))
        if record.pk is None or not (record.start_date or record.end_date):
            if start and end and end < start:
                end = None
            set_if_empty(record, "start_date", start)
            set_if_empty(record, "end_date", end)
        year = attributes.get("year") or (start.year if start else None)
        if isinstance(year, int) and 1800 <= year <= 2200:
            set_if_empty(record, "year", year)
        place = records.get(attributes.get("place") or "")
        if isinstance(place, Place):
            set_if_empty(record, "place", place)
        set_if_empty(record, "is_online", bool(attributes.get("is_online")))
    elif isinstance(record, Place):
        kind = _choice(attributes.get("place_kind"), Place.Kind)
        if record.pk is None and kind:
            record.kind = kind
        code = clean_text(attributes.get("country_code"), 2).upper()
        if len(code) == 2 and code.isalpha():
            set_if_empty(record, "country_code", code)
        # Coordinates go together: never one from the machine and one from a curator.
        latitude, longitude = attributes.get("latitude"), attributes.get("longitude")
        if (
            _is_coordinate(latitude, 90)
            and _is_coordinate(longitude, 180)
            and record.latitude is None
            and record.longitude is None
        ):
            set_if_empty(record, "latitude", float(latitude))
            set_if_empty(record, "longitude", float(longitude))
        country_key = attributes.get("country") or ""
        if country_key and country_key != entity.key:
            country = records.get(country_key)
            if isinstance(country, Place) and country.kind == Place.Kind.COUNTRY:
                if country.pk != record.pk:
                    set_if_empty(record, "country", country)
            elif record.pk is None and country_key in new_keys:
                # The country is another new place of this article: link it once created.
                record._pending_country = country_key
