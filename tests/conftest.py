import pytest


@pytest.fixture
def staff_client(client, db):
    from tests.factories import StaffUserFactory

    user = StaffUserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.user = user
    return client
