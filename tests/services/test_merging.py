"""Merging records and undoing merges (archive.services.merging)."""

import pytest

from archive.models import (
    EntityMerge,
    Event,
    Mention,
    MergeSuggestion,
    Organization,
    Person,
    Place,
    Quote,
)
from archive.services import entity_queries, merging, review
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    QuoteFactory,
    StaffUserFactory,
    mention_of,
)

pytestmark = pytest.mark.django_db

DUMPED_MODELS = (
    Organization,
    Person,
    Event,
    Place,
    Mention,
    Quote,
    Event.organizers.through,
    MergeSuggestion,
)


def test_merge_entities_moves_everything_to_the_survivor():
    survivor = OrganizationFactory(name="United Nations Development Programme")
    merged = OrganizationFactory(name="UNDP", acronym="UNDP", website="https://undp.example")
    mentions = [mention_of(merged), mention_of(merged)]
    person = PersonFactory(affiliation=merged)
    event_with_merged = EventFactory()
    event_with_merged.organizers.add(merged)
    event_with_both = EventFactory()
    event_with_both.organizers.add(merged, survivor)
    earlier = OrganizationFactory(name="U.N.D.P.", merged_into=merged)

    merge = merging.merge_entities(survivor, merged)

    survivor.refresh_from_db()
    merged.refresh_from_db()
    person.refresh_from_db()
    earlier.refresh_from_db()
    assert merged.merged_into_id == survivor.pk
    assert survivor.aliases == ["UNDP"]
    assert survivor.acronym == "UNDP"
    assert survivor.website == "https://undp.example"
    assert sorted(Mention.objects.filter(organization=survivor).values_list("pk", flat=True)) == (
        sorted(m.pk for m in mentions)
    )
    assert person.affiliation_id == survivor.pk
    assert earlier.merged_into_id == survivor.pk
    assert list(event_with_merged.organizers.all()) == [survivor]
    assert list(event_with_both.organizers.all()) == [survivor]
    assert (merge.kind, merge.survivor_id, merge.merged_id) == (
        "organization",
        survivor.pk,
        merged.pk,
    )


def test_merge_then_undo_restores_the_database_exactly():
    user = StaffUserFactory()
    survivor = OrganizationFactory(name="Smart Dubai", aliases=["Smart Dubai Office"])
    merged = OrganizationFactory(
        name="Smart Dubai Govt", aliases=["SDG"], description="Runs the city's data."
    )
    for _ in range(3):
        mention_of(merged)
    mention_of(survivor)
    PersonFactory(affiliation=merged)
    EventFactory().organizers.add(merged)
    EventFactory().organizers.add(merged, survivor)
    OrganizationFactory(merged_into=merged)
    other = OrganizationFactory(name="Smart Dubai Government")
    MergeSuggestion.objects.create(
        kind="organization",
        first_id=min(merged.pk, other.pk),
        second_id=max(merged.pk, other.pk),
        first_name="a",
        second_name="b",
        score=95,
    )
    before = merging.dump_rows(*DUMPED_MODELS)

    merge = merging.merge_entities(survivor, merged, user=user)
    assert merging.dump_rows(*DUMPED_MODELS) != before
    merging.undo_merge(merge, user=user)

    assert merging.dump_rows(*DUMPED_MODELS) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_merge_then_undo_restores_places_and_people_exactly():
    country = PlaceFactory(name="United States", kind=Place.Kind.COUNTRY)
    duplicate = PlaceFactory(name="USA", kind=Place.Kind.COUNTRY, latitude=38.0, longitude=-97.0)
    city = PlaceFactory(name="Boston", country=duplicate)
    OrganizationFactory(country=duplicate)
    EventFactory(place=duplicate)
    mention_of(duplicate)
    speaker = PersonFactory(name="Jane Doe")
    speaker_copy = PersonFactory(name="J. Doe", role="")
    QuoteFactory(speaker=speaker_copy)
    mention_of(speaker_copy)
    before = merging.dump_rows(*DUMPED_MODELS)

    place_merge = merging.merge_entities(country, duplicate)
    person_merge = merging.merge_entities(speaker, speaker_copy)
    city.refresh_from_db()
    assert city.country_id == country.pk
    assert Quote.objects.get().speaker_id == speaker.pk
    merging.undo_merge(person_merge)
    merging.undo_merge(place_merge)

    assert merging.dump_rows(*DUMPED_MODELS) == before


def test_merge_of_events_then_undo_restores_organizers_exactly():
    organizer = OrganizationFactory()
    other_organizer = OrganizationFactory()
    survivor = EventFactory(name="Smart City Expo")
    merged = EventFactory(name="Smart City Expo World Congress", year=2023)
    merged.organizers.add(organizer, other_organizer)
    survivor.organizers.add(organizer)
    before = merging.dump_rows(*DUMPED_MODELS)

    merge = merging.merge_entities(survivor, merged)
    assert set(survivor.organizers.all()) == {organizer, other_organizer}
    survivor.refresh_from_db()
    assert survivor.year == 2023
    merging.undo_merge(merge)

    assert merging.dump_rows(*DUMPED_MODELS) == before


def test_merge_place_into_its_own_country_never_points_at_itself():
    duplicate = PlaceFactory(name="Singapore", kind=Place.Kind.COUNTRY)
    survivor = PlaceFactory(name="Singapore City", kind=Place.Kind.CITY, country=duplicate)

    merging.merge_entities(survivor, duplicate)

    survivor.refresh_from_db()
    assert survivor.country_id is None


def test_merge_records_history_with_reason_and_user():
    user = StaffUserFactory()
    survivor = PersonFactory()
    merged = PersonFactory()

    merging.merge_entities(survivor, merged, user=user)

    for entity in (survivor, merged):
        latest = entity.history.latest()
        assert (latest.history_change_reason, latest.history_user_id) == ("merge", user.pk)


def test_merge_refuses_records_already_merged():
    survivor = OrganizationFactory()
    merged = OrganizationFactory()
    merging.merge_entities(survivor, merged)

    with pytest.raises(entity_queries.CurationError):
        merging.merge_entities(OrganizationFactory(), merged)


def test_undo_merge_refuses_while_a_later_merge_depends_on_it():
    first, second, third = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    earlier = merging.merge_entities(first, second)
    merging.merge_entities(third, first)

    with pytest.raises(entity_queries.CurationError):
        merging.undo_merge(earlier)


def test_undo_merge_keeps_mentions_moved_elsewhere_since():
    survivor, merged, elsewhere = (OrganizationFactory() for _ in range(3))
    mention = mention_of(merged)
    merge = merging.merge_entities(survivor, merged)
    review.move_mentions([Mention.objects.get(pk=mention.pk)], elsewhere)

    merging.undo_merge(merge)

    mention.refresh_from_db()
    assert mention.organization_id == elsewhere.pk


def test_entity_merge_row_lists_survivor_and_merged():
    survivor, merged = OrganizationFactory(name="A"), OrganizationFactory(name="B")

    merging.merge_entities(survivor, merged)

    assert list(EntityMerge.objects.values_list("survivor_name", "merged_name")) == [("A", "B")]
