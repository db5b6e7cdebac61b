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
    ReviewStatus,
)
from archive.services import curation
from tests.factories import (
    ArticleFactory,
    EventFactory,
    MentionFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    QuoteFactory,
    StaffUserFactory,
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


def mention_of(entity, article=None, start=0, status=ReviewStatus.SUGGESTED):
    article = article or ArticleFactory()
    links = {"organization": None, entity.kind_of_entity: entity}
    return MentionFactory(
        article=article, kind=entity.kind_of_entity, **links, start=start, review_status=status
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

    merge = curation.merge_entities(survivor, merged)

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
    before = curation.dump_rows(*DUMPED_MODELS)

    merge = curation.merge_entities(survivor, merged, user=user)
    assert curation.dump_rows(*DUMPED_MODELS) != before
    curation.undo_merge(merge, user=user)

    assert curation.dump_rows(*DUMPED_MODELS) == before
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
    before = curation.dump_rows(*DUMPED_MODELS)

    place_merge = curation.merge_entities(country, duplicate)
    person_merge = curation.merge_entities(speaker, speaker_copy)
    city.refresh_from_db()
    assert city.country_id == country.pk
    assert Quote.objects.get().speaker_id == speaker.pk
    curation.undo_merge(person_merge)
    curation.undo_merge(place_merge)

    assert curation.dump_rows(*DUMPED_MODELS) == before


def test_merge_of_events_then_undo_restores_organizers_exactly():
    organizer = OrganizationFactory()
    other_organizer = OrganizationFactory()
    survivor = EventFactory(name="Smart City Expo")
    merged = EventFactory(name="Smart City Expo World Congress", year=2023)
    merged.organizers.add(organizer, other_organizer)
    survivor.organizers.add(organizer)
    before = curation.dump_rows(*DUMPED_MODELS)

    merge = curation.merge_entities(survivor, merged)
    assert set(survivor.organizers.all()) == {organizer, other_organizer}
    survivor.refresh_from_db()
    assert survivor.year == 2023
    curation.undo_merge(merge)

    assert curation.dump_rows(*DUMPED_MODELS) == before


def test_merge_place_into_its_own_country_never_points_at_itself():
    duplicate = PlaceFactory(name="Singapore", kind=Place.Kind.COUNTRY)
    survivor = PlaceFactory(name="Singapore City", kind=Place.Kind.CITY, country=duplicate)

    curation.merge_entities(survivor, duplicate)

    survivor.refresh_from_db()
    assert survivor.country_id is None


def test_merge_records_history_with_reason_and_user():
    user = StaffUserFactory()
    survivor = PersonFactory()
    merged = PersonFactory()

    curation.merge_entities(survivor, merged, user=user)

    for entity in (survivor, merged):
        latest = entity.history.latest()
        assert (latest.history_change_reason, latest.history_user_id) == ("merge", user.pk)


def test_merge_refuses_records_already_merged():
    survivor = OrganizationFactory()
    merged = OrganizationFactory()
    curation.merge_entities(survivor, merged)

    with pytest.raises(curation.CurationError):
        curation.merge_entities(OrganizationFactory(), merged)


def test_undo_merge_refuses_while_a_later_merge_depends_on_it():
    first, second, third = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    earlier = curation.merge_entities(first, second)
    curation.merge_entities(third, first)

    with pytest.raises(curation.CurationError):
        curation.undo_merge(earlier)


def test_undo_merge_keeps_mentions_moved_elsewhere_since():
    survivor, merged, elsewhere = (OrganizationFactory() for _ in range(3))
    mention = mention_of(merged)
    merge = curation.merge_entities(survivor, merged)
    curation.move_mentions([Mention.objects.get(pk=mention.pk)], elsewhere)

    curation.undo_merge(merge)

    mention.refresh_from_db()
    assert mention.organization_id == elsewhere.pk


def test_reject_entities_rejects_their_mentions_and_hides_them():
    entity = OrganizationFactory()
    mention = mention_of(entity)

    changed = curation.reject_entities([entity])

    mention.refresh_from_db()
    entity.refresh_from_db()
    assert changed == 1
    assert mention.review_status == ReviewStatus.REJECTED
    assert list(Organization.objects.public()) == []
    assert entity.history.latest().history_change_reason == curation.REASON_REJECT


def test_confirm_entities_records_one_history_row_each():
    entities = [PersonFactory(), PersonFactory()]

    curation.confirm_entities(entities)

    assert [e.history.count() for e in entities] == [2, 2]
    assert set(Person.objects.values_list("review_status", flat=True)) == {"confirmed"}


def test_move_mentions_to_another_kind_marks_them_confirmed():
    person = PersonFactory(name="Washington")
    place = PlaceFactory(name="Washington")
    mention = mention_of(person)

    result = curation.move_mentions([mention], place)

    mention.refresh_from_db()
    assert (result.moved, mention.kind, mention.place_id, mention.person_id) == (
        1,
        "place",
        place.pk,
        None,
    )
    assert mention.review_status == ReviewStatus.CONFIRMED


def test_move_mentions_skips_a_span_the_target_kind_already_has():
    article = ArticleFactory()
    place = PlaceFactory()
    mention_of(place, article=article)
    person_mention = mention_of(PersonFactory(), article=article)

    result = curation.move_mentions([person_mention], place)

    assert (result.moved, result.conflicts) == (0, [person_mention])


def test_split_mentions_to_new_entity_creates_a_confirmed_record():
    wrongly_merged = OrganizationFactory(name="Apple")
    mentions = [mention_of(wrongly_merged), mention_of(wrongly_merged)]

    entity, result = curation.split_mentions_to_new_entity(mentions[:1], "Apple Records")

    assert (entity.name, entity.review_status, result.moved) == ("Apple Records", "confirmed", 1)
    assert list(Mention.objects.filter(organization=entity)) == [mentions[0]]


def test_suggest_merges_finds_similar_names_and_acronyms():
    undp = OrganizationFactory(name="United Nations Development Programme")
    acronym = OrganizationFactory(name="UNDP")
    spelled = OrganizationFactory(name="United Nations Development Program")
    OrganizationFactory(name="Barcelona City Council")

    created = curation.suggest_merges("organization")

    pairs = {(s.first_id, s.second_id) for s in created}
    assert pairs == {
        tuple(sorted((undp.pk, acronym.pk))),
        tuple(sorted((undp.pk, spelled.pk))),
        tuple(sorted((acronym.pk, spelled.pk))),
    }


def test_suggest_merges_keeps_people_with_other_first_names_apart():
    PersonFactory(name="John Smith")
    PersonFactory(name="Jane Smith")
    first = PersonFactory(name="Maria Garcia")
    second = PersonFactory(name="M. Garcia")

    created = curation.suggest_merges("person")

    assert [(s.first_id, s.second_id) for s in created] == [(first.pk, second.pk)]


def test_suggest_merges_never_repeats_a_dismissed_pair():
    OrganizationFactory(name="Smart Nation Office")
    OrganizationFactory(name="Smart Nation Office.")
    curation.dismiss_merge_suggestions(
        MergeSuggestion.objects.filter(pk__in=[s.pk for s in curation.suggest_merges()])
    )

    assert curation.suggest_merges() == []


def test_accept_merge_suggestion_prefers_the_confirmed_record():
    suggested = OrganizationFactory(name="Smart Nation Office")
    confirmed = OrganizationFactory(name="Smart Nation Office.", review_status="confirmed")
    [suggestion] = curation.suggest_merges()

    merge = curation.accept_merge_suggestion(suggestion)

    suggestion.refresh_from_db()
    assert (merge.survivor_id, merge.merged_id) == (confirmed.pk, suggested.pk)
    assert suggestion.status == MergeSuggestion.Status.ACCEPTED


def test_review_queue_counts_match_the_data():
    OrganizationFactory(), PersonFactory(), PersonFactory()
    PlaceFactory(review_status="confirmed")
    merged_away = PersonFactory()
    curation.merge_entities(PersonFactory(review_status="confirmed"), merged_away)
    confirmed = OrganizationFactory(review_status="confirmed")
    mention_of(confirmed), mention_of(confirmed, status=ReviewStatus.CONFIRMED)

    counts = curation.review_queue_counts()

    assert counts.entities == {"organization": 1, "person": 2, "event": 0, "place": 0}
    assert counts.mentions == {"organization": 1, "person": 0, "event": 0, "place": 0}


def test_suggested_entities_orders_all_kinds_by_mentions():
    rare = OrganizationFactory(name="Rare Org")
    frequent = PlaceFactory(name="Frequent Place")
    for _ in range(2):
        mention_of(frequent)
    mention_of(rare)
    PersonFactory(name="Nobody Mentioned")

    rows = list(curation.suggested_entities())

    assert [(r["entity_kind"], r["name"], r["mention_count"]) for r in rows] == [
        ("place", "Frequent Place", 2),
        ("organization", "Rare Org", 1),
        ("person", "Nobody Mentioned", 0),
    ]


def test_sample_mentions_returns_at_most_n_per_entity():
    entity = OrganizationFactory()
    for _ in range(5):
        mention_of(entity)
    other = PersonFactory()
    mention_of(other)

    samples = curation.sample_mentions(
        [("organization", entity.pk), ("person", other.pk)], per_entity=3
    )

    assert {key: len(value) for key, value in samples.items()} == {
        ("organization", entity.pk): 3,
        ("person", other.pk): 1,
    }


def test_alias_search_q_finds_non_ascii_aliases():
    entity = PlaceFactory(name="Sao Paulo", aliases=["São Paulo", 'The "Big" City'])

    assert list(Place.objects.filter(curation.alias_search_q("são"))) == [entity]
    assert list(Place.objects.filter(curation.alias_search_q('"big"'))) == [entity]


def test_entity_merge_row_lists_survivor_and_merged():
    survivor, merged = OrganizationFactory(name="A"), OrganizationFactory(name="B")

    curation.merge_entities(survivor, merged)

    assert list(EntityMerge.objects.values_list("survivor_name", "merged_name")) == [("A", "B")]
