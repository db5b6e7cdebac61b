"""sitemap.xml lists the public pages only."""

import xml.etree.ElementTree as ET

import pytest

from archive.models import ReviewStatus
from tests.factories import ArticleFactory, OrganizationFactory, PlaceFactory

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_public_pages_only(client):
    ArticleFactory(slug="published-one")
    ArticleFactory(slug="draft-one", status="draft")
    OrganizationFactory(slug="kept")
    OrganizationFactory(slug="rejected", review_status=ReviewStatus.REJECTED)
    survivor = PlaceFactory(slug="survivor")
    PlaceFactory(slug="merged", merged_into=survivor)
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    locations = sorted(url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url"))
    assert locations == [
        "http://testserver/",
        "http://testserver/articles/",
        "http://testserver/articles/published-one/",
        "http://testserver/events/",
        "http://testserver/organizations/",
        "http://testserver/organizations/kept/",
        "http://testserver/people/",
        "http://testserver/places/",
        "http://testserver/places/survivor/",
    ]
