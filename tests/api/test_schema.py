"""The committed OpenAPI schema matches the code, and the interactive docs work offline."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == COMMITTED.read_text(), (
        "The API changed: regenerate its schema with "
        "`manage.py spectacular --file docs/api/openapi.yaml` and commit it."
    )


@pytest.mark.django_db
def test_schema_is_served_and_names_every_resource(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/organizations/{slug}/co-mentions/",
        "/api/v1/people/",
        "/api/v1/events/",
        "/api/v1/places/",
        "/api/v1/mentions/",
        "/api/v1/sources/{slug}/",
    ):
        assert path in paths
    names = {parameter["name"] for parameter in paths["/api/v1/articles/"]["get"]["parameters"]}
    assert {"q", "organization", "person", "event", "place", "source", "year"} <= names
    assert {"published_from", "published_to", "ordering", "status", "cursor"} <= names


@pytest.mark.django_db
def test_docs_load_swagger_ui_from_the_site_itself_within_its_csp(client):
    response = client.get(reverse("api:docs"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in content
    assert "https://" not in content and "http://" not in content  # no CDN
    # Nothing inline: the site's policy (script-src and style-src 'self') lets it all run.
    assert "<style" not in content
    assert "<script>" not in content
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    script = client.get(reverse("api:docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
