"""Confirming, rejecting and moving records and mentions (archive.services.review)."""

import pytest

from archive.models import (
    Mention,
    Organization,
    Person,
    ReviewStatus,
)
from archive.services import review
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    mention_of,
)

pytestmark = pytest.mark.django_db


def test_reject_entities_rejects_their_mentions_and_hides_them():
    entity = OrganizationFactory()
    mention = mention_of(entity)

    changed = review.reject_entities([entity])

    mention.refresh_from_db()
    entity.refresh_from_db()
    assert changed == 1
    assert mention.review_status == ReviewStatus.REJECTED
    assert list(Organization.objects.public()) == []
    assert entity.history.latest().history_change_reason == review.REASON_REJECT


def test_confirm_entities_records_one_history_row_each():
    entities = [PersonFactory(), PersonFactory()]

    review.confirm_entities(entities)

    assert [e.history.count() for e in entities] == [2, 2]
    assert set(Person.objects.values_list("review_status", flat=True)) == {"confirmed"}


def test_move_mentions_to_another_kind_marks_them_confirmed():
    person = PersonFactory(name="Washington")
    place = PlaceFactory(name="Washington")
    mention = mention_of(person)

    result = review.move_mentions([mention], place)

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

    result = review.move_mentions([person_mention], place)

    assert (result.moved, result.conflicts) == (0, [person_mention])


def test_move_mentions_to_new_entity_creates_a_confirmed_record():
    wrongly_merged = OrganizationFactory(name="Apple")
    mentions = [mention_of(wrongly_merged), mention_of(wrongly_merged)]

    entity, result = review.move_mentions_to_new_entity(mentions[:1], "Apple Records")

    assert (entity.name, entity.review_status, result.moved) == ("Apple Records", "confirmed", 1)
    assert list(Mention.objects.filter(organization=entity)) == [mentions[0]]
