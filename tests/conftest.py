import pytest


@pytest.fixture
def staff_client(client, db):
    from tests.factories import StaffUserFactory

    user = StaffUserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.user = user
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a count cached by one test must not leak into the
    query counts or the pages of the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def russian_models():
    """Natasha's models, loaded once for the session (a second or two): the tests that read
    Russian then measure their own work, not the loading."""
    from archive.pipeline.russian.nlp import models

    return models()
