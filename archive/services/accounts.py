"""Local admin account bootstrap."""

import os
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model


@dataclass(frozen=True)
class EnsureAdminResult:
    username: str
    created: bool
    generated_password: str = ""


def ensure_admin(environ: dict[str, str] | None = None) -> EnsureAdminResult:
    """Create a superuser unless one exists; never with a fixed default password.

    Uses DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD when set; otherwise the username
    defaults to "admin" and a random password is generated and returned so it can be shown once.
    """
    environ = os.environ if environ is None else environ
    user_model = get_user_model()
    username = environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
    if user_model.objects.filter(username=username).exists():
        return EnsureAdminResult(username=username, created=False)
    password = environ.get("DJANGO_SUPERUSER_PASSWORD", "")
    generated = "" if password else secrets.token_urlsafe(12)
    user_model.objects.create_superuser(
        username=username,
        email=environ.get("DJANGO_SUPERUSER_EMAIL", ""),
        password=password or generated,
    )
    return EnsureAdminResult(username=username, created=True, generated_password=generated)
