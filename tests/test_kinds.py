"""The registry of entity kinds: the one place that maps a kind to its model, fields and pages.

A throwaway kind is registered to show that the parts of the archive that treat every kind alike
pick a new one up from its entry alone, and that the system check names what a real new kind
still needs (a model, the mention's foreign key, the stored choice, URLs, a FilterSet).
"""

import importlib

import pytest
from django.core.checks import run_checks
from django.urls import clear_url_caches

from archive import urls
from archive.checks import kind_problems
from archive.filters import ArticleFilter, OrganizationFilter, PlaceFilter
from archive.kinds import KINDS, ORGANIZATION, PERSON, PLACE, KindOfEntity
from archive.models import EntityKind, Mention, Organization, Person, Place
from archive.services import export, public_exports
from archive.services.facets import facet_titles

VENUE = KindOfEntity(
    "venue",
    "Venue",
    "Venues",
    model_label="archive.Place",
    filterset_path=PlaceFilter.__module__ + ".PlaceFilter",
)


def test_the_registry_is_where_kinds_models_and_choices_come_from():
    assert KINDS.values() == ["organization", "person", "event", "place"]
    assert EntityKind.values == KINDS.values()
    assert EntityKind.choices == KINDS.choices()
    assert KINDS.of(Organization) is ORGANIZATION
    assert KINDS.of(Person(name="Ann")) is PERSON
    assert Place.entity_kind is PLACE
    assert Place.kind_of_entity == "place"
    assert ORGANIZATION.model is Organization
    assert ORGANIZATION.filterset is OrganizationFilter
    assert PERSON.mention_column == "person_id"
    assert PERSON.mention_lookup("slug") == "person__slug"
    assert PLACE.article_lookup("slug") == "mentions__place__slug"
    assert [field.name for field in Mention._meta.get_fields() if field.name in KINDS] == (
        KINDS.values()
    )


def test_every_registered_kind_passes_the_system_check():
    assert [kind_problems(kind) for kind in KINDS] == [[], [], [], []]
    assert [m.id for m in run_checks() if m.id and m.id.startswith("archive.")] == []


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered already"):
        KINDS.register(ORGANIZATION)


def test_the_check_names_what_a_new_kind_still_needs():
    with KINDS.registered(VENUE):
        errors = [m for m in run_checks() if m.id == "archive.E010"]
        assert [m.msg for m in errors] == [
            "Entity kind 'venue': Mention has no foreign key 'venue'.",
            "Entity kind 'venue': EntityKind has no choice 'venue' (add it, then makemigrations).",
            "Entity kind 'venue': no URL named 'archive:venue-list'.",
            "Entity kind 'venue': no URL named 'archive:venue-detail'.",
            "Entity kind 'venue': no URL named 'archive:venue-feed'.",
        ]
    unknown = KindOfEntity("law", "Law", "Laws")
    assert kind_problems(unknown) == ["no model archive.Law"]
    assert "venue" not in KINDS


def test_a_registered_kind_reaches_filters_exports_facets_and_urls():
    with KINDS.registered(VENUE):
        # A FilterSet class built now (as at start-up) has a filter for the kind.
        filters = type("VenueAwareFilter", (ArticleFilter,), {}).base_filters
        assert filters["venue"].field_name == "mentions__venue__slug"
        assert str(filters["venue"].label) == "Venue"
        assert export.fields()[8:13] == ("organizations", "people", "events", "places", "venues")
        assert public_exports.article_fields()[-1] == "venues"
        assert list(facet_titles())[:5] == ["organization", "person", "event", "place", "venue"]
        assert VENUE.filterset is PlaceFilter
        try:
            importlib.reload(urls)
            names = {pattern.name for pattern in urls.urlpatterns}
            assert {"venue-list", "venue-detail", "venue-feed"} <= names
        finally:
            KINDS.unregister("venue")
            importlib.reload(urls)
            clear_url_caches()
        KINDS.register(VENUE)  # the context manager unregisters it on the way out
    assert "venue-list" not in {pattern.name for pattern in urls.urlpatterns}
    assert export.fields()[8:12] == ("organizations", "people", "events", "places")
