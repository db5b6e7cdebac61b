from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from archive.services.accounts import ensure_admin

pytestmark = pytest.mark.django_db


def test_ensure_admin_generates_a_password_shown_once():
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    user = get_user_model().objects.get(username="admin")
    password = out.getvalue().split("password ")[1].split()[0]
    assert user.is_superuser
    assert user.check_password(password)
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert again.getvalue() == ""


def test_ensure_admin_uses_environment_credentials():
    result = ensure_admin(
        {"DJANGO_SUPERUSER_USERNAME": "curator", "DJANGO_SUPERUSER_PASSWORD": "s3cret-pass-phrase"}
    )
    user = get_user_model().objects.get(username="curator")
    assert (result.created, result.generated_password) == (True, "")
    assert user.check_password("s3cret-pass-phrase")
