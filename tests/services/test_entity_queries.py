"""Record lookups, counts and the review queue's queries (archive.services.entity_queries)."""

import pytest

from archive.models import (
    Place,
    ReviewStatus,
)
from archive.services import entity_queries, merging
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    mention_of,
)

pytestmark = pytest.mark.django_db


def test_review_queue_counts_match_the_data():
    OrganizationFactory(), PersonFactory(), PersonFactory()
    PlaceFactory(review_status="confirmed")
    merged_away = PersonFactory()
    merging.merge_entities(PersonFactory(review_status="confirmed"), merged_away)
    confirmed = OrganizationFactory(review_status="confirmed")
    mention_of(confirmed), mention_of(confirmed, status=ReviewStatus.CONFIRMED)

    counts = entity_queries.review_queue_counts()

    assert counts.entities == {"organization": 1, "person": 2, "event": 0, "place": 0}
    assert counts.mentions == {"organization": 1, "person": 0, "event": 0, "place": 0}


def test_suggested_entities_orders_all_kinds_by_mentions():
    rare = OrganizationFactory(name="Rare Org")
    frequent = PlaceFactory(name="Frequent Place")
    for _ in range(2):
        mention_of(frequent)
    mention_of(rare)
    PersonFactory(name="Nobody Mentioned")

    rows = list(entity_queries.suggested_entities())

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

    samples = entity_queries.sample_mentions(
        [("organization", entity.pk), ("person", other.pk)], per_entity=3
    )

    assert {key: len(value) for key, value in samples.items()} == {
        ("organization", entity.pk): 3,
        ("person", other.pk): 1,
    }


def test_alias_search_q_finds_non_ascii_aliases():
    entity = PlaceFactory(name="Sao Paulo", aliases=["São Paulo", 'The "Big" City'])

    assert list(Place.objects.filter(entity_queries.alias_search_q("são"))) == [entity]
    assert list(Place.objects.filter(entity_queries.alias_search_q('"big"'))) == [entity]


def test_samples_are_the_latest_archived_articles_visible_mentions_per_record():
    entity, other = OrganizationFactory(), PersonFactory()
    _, second, third = mention_of(entity), mention_of(entity), mention_of(entity)
    mention_of(entity, status=ReviewStatus.REJECTED)
    others = mention_of(other)

    samples = entity_queries.sample_mentions(
        [("organization", entity.pk), ("person", other.pk)], per_entity=2
    )

    assert {key: [m.pk for m in found] for key, found in samples.items()} == {
        ("organization", entity.pk): [third.pk, second.pk],
        ("person", other.pk): [others.pk],
    }


def test_group_samples_are_each_groups_suggested_mentions_only():
    entity = OrganizationFactory()
    first = mention_of(entity, text="Metro")
    second = mention_of(entity, article=first.article, start=10, text="Metro")
    mention_of(entity, article=first.article, start=20, text="Metro", status="confirmed")
    shouted = mention_of(entity, text="METRO")

    samples = entity_queries.sample_group_mentions(
        [("organization", entity.pk, "Metro"), ("organization", entity.pk, "METRO")], per_group=5
    )

    assert {key: [m.pk for m in found] for key, found in samples.items()} == {
        ("organization", entity.pk, "Metro"): [first.pk, second.pk],
        ("organization", entity.pk, "METRO"): [shouted.pk],
    }
