import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def login(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.7",
    )


def test_admin_login_works_with_the_right_password(client):
    user = factories.StaffUserFactory()
    user.set_password(PASSWORD)
    user.save()

    response = login(client, user.username, PASSWORD)

    assert (response.status_code, response.url) == (302, reverse("admin:index"))


def test_sixth_failed_admin_login_is_locked_out(client, settings):
    user = factories.StaffUserFactory()
    user.set_password(PASSWORD)
    user.save()
    assert settings.AXES_FAILURE_LIMIT == 5

    failures = [login(client, user.username, "wrong password").status_code for _ in range(5)]
    sixth = login(client, user.username, "wrong password")
    even_right = login(client, user.username, PASSWORD)

    assert failures[:4] == [200, 200, 200, 200]
    assert sixth.status_code == 429
    assert even_right.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302  # still not logged in
