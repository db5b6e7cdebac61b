import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Logging users in is not what these tests measure: skip the deliberately slow hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
