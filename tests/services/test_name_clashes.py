"""A record made public again must not share its name with another public record: the curator
is told to merge or rename, and nothing changes (the database would refuse it with a 500)."""

import pytest

from archive.models import Organization, ReviewStatus
from archive.services import merging, review
from archive.services.entity_queries import CurationError
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_unrejecting_a_record_whose_name_was_taken_since_is_refused():
    rejected = OrganizationFactory(name="Harbor Grid Agency", review_status=ReviewStatus.REJECTED)
    OrganizationFactory(name="harbor grid agency")
    with pytest.raises(CurationError, match="Merge the two, or rename one first"):
        review.confirm_entities([rejected])
    rejected.refresh_from_db()
    assert rejected.review_status == ReviewStatus.REJECTED


def test_unrejecting_a_record_whose_name_is_free_works():
    rejected = OrganizationFactory(name="Harbor Grid Agency", review_status=ReviewStatus.REJECTED)
    assert review.confirm_entities([rejected]) == 1
    assert Organization.objects.get(pk=rejected.pk).review_status == ReviewStatus.CONFIRMED


def test_undoing_a_merge_whose_merged_name_was_taken_since_is_refused():
    survivor = OrganizationFactory(name="Harbor Grid Agency")
    merged = OrganizationFactory(name="Harbor Grid Authority")
    merge = merging.merge_entities(survivor, merged)
    survivor.name = "Harbor Grid Authority"
    survivor.save()
    with pytest.raises(CurationError, match="cannot be public again"):
        merging.undo_merge(merge)
    merged.refresh_from_db()
    assert merged.merged_into_id == survivor.pk


def test_the_admins_confirm_action_reports_a_clash_instead_of_failing(staff_client):
    rejected = OrganizationFactory(name="Harbor Grid Agency", review_status=ReviewStatus.REJECTED)
    OrganizationFactory(name="HARBOR GRID AGENCY")  # names clash whatever their case
    response = staff_client.post(
        "/admin/archive/organization/",
        {"action": "confirm_selected", "_selected_action": [rejected.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Merge the two, or rename one first" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.review_status == ReviewStatus.REJECTED
