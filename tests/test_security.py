"""Security headers, the Content-Security-Policy, and templates with nothing inline."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.test_settings import PRODUCTION, run_manage

TEMPLATES = Path(__file__).resolve().parent.parent / "archive" / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=", re.IGNORECASE)


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/articles/", "/admin/login/", "/feed/"])
def test_every_response_carries_the_security_headers(client, url):
    ArticleFactory()

    response = client.get(url)
    policy = csp_directives(response)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    secure = client.get(reverse("archive:home"), secure=True)
    plain = client.get(reverse("archive:home"))

    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in plain


def test_production_settings_turn_https_and_hsts_on_and_can_turn_them_off():
    show = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    on = run_manage("shell", "-c", show, **PRODUCTION)
    off = run_manage("shell", "-c", show, **PRODUCTION, DJANGO_HTTPS="0")

    assert on.stdout.splitlines()[-1].split() == ["31536000", "True", "True"], on.stderr
    assert off.stdout.splitlines()[-1].split() == ["0", "False", "False"], off.stderr


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: path.name)
def test_templates_have_no_inline_script_style_or_event_handler(template):
    text = template.read_text()

    assert INLINE_SCRIPT.findall(text) == []
    assert INLINE_STYLE.findall(text) == []
