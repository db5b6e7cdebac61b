import pytest
from django.contrib.auth.models import AnonymousUser

from archive.services.history import acting_user, attribute_change
from tests.factories import OrganizationFactory, StaffUserFactory


def test_acting_user_is_none_for_anonymous_or_missing_users():
    assert (acting_user(None), acting_user(AnonymousUser())) == (None, None)


@pytest.mark.django_db
def test_attribute_change_names_the_reason_and_the_signed_in_user():
    user = StaffUserFactory()
    organization = OrganizationFactory()

    attribute_change(organization, "merge", user)
    organization.save()

    latest = organization.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("merge", user)


@pytest.mark.django_db
def test_attribute_change_leaves_the_author_empty_without_a_user():
    organization = OrganizationFactory()

    attribute_change(organization, "import undone", None)
    organization.save()

    latest = organization.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("import undone", None)
