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


def login_through_proxy(client, username, password, client_address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.fixture
def behind_proxy(settings):
    import ipaddress

    settings.ARCHIVE_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.2/32"),)
    settings.ARCHIVE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"


@pytest.mark.usefixtures("behind_proxy")
def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client):
    user = factories.StaffUserFactory()
    user.set_password(PASSWORD)
    user.save()

    attacker = [
        login_through_proxy(client, user.username, "wrong", "198.51.100.66").status_code
        for _ in range(6)
    ]
    curator = login_through_proxy(client, user.username, PASSWORD, "203.0.113.7")

    assert attacker[-1] == 429
    assert (curator.status_code, curator.url) == (302, reverse("admin:index"))


@pytest.mark.usefixtures("behind_proxy")
def test_behind_a_proxy_a_forged_header_does_not_escape_the_lockout(client):
    user = factories.StaffUserFactory()
    user.set_password(PASSWORD)
    user.save()

    for attempt in range(5):
        # The attacker writes a new address each time; the proxy appends the real one.
        login_through_proxy(client, user.username, "wrong", f"192.0.2.{attempt}, 198.51.100.66")
    locked = login_through_proxy(client, user.username, PASSWORD, "192.0.2.99, 198.51.100.66")

    assert locked.status_code == 429
