"""Atom feeds of the latest articles, overall and per entity."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from archive.models import ReviewStatus
from tests.factories import ArticleFactory, OrganizationFactory, PersonFactory, mention_everywhere

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_latest_feed_lists_published_articles_newest_first(client):
    ArticleFactory(
        title="Old", slug="old", lede="Old <lede>", published_on=datetime.date(2020, 1, 1)
    )
    ArticleFactory(title="New", slug="new", lede="New lede", published_on=datetime.date(2024, 1, 1))
    ArticleFactory(title="Draft", status="draft")
    assert entries(client.get(reverse("archive:feed"))) == [
        {"title": "New", "link": "http://testserver/articles/new/", "summary": "New lede"},
        {"title": "Old", "link": "http://testserver/articles/old/", "summary": "Old <lede>"},
    ]


def test_entity_feed_lists_articles_naming_the_entity(client):
    organization = OrganizationFactory(name="Metro Board", slug="metro-board")
    named = ArticleFactory(title="Named", body="Metro Board met.")
    rejected_mention = ArticleFactory(title="Rejected mention", body="Metro Board again.")
    ArticleFactory(title="Unrelated", body="Nothing.")
    mention_everywhere(named, organization)
    mention_everywhere(rejected_mention, organization, review_status=ReviewStatus.REJECTED)
    response = client.get(reverse("archive:organization-feed", args=["metro-board"]))
    assert [entry["title"] for entry in entries(response)] == ["Named"]
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "Smart City Archive: articles naming Metro Board"


def test_entity_feed_of_a_merged_record_serves_the_survivor(client):
    survivor = PersonFactory(name="Ann Lee", slug="ann-lee")
    merged = PersonFactory(name="A. Lee", slug="a-lee", merged_into=survivor)
    article = ArticleFactory(title="About Ann", body="Ann Lee spoke.")
    mention_everywhere(article, survivor)
    response = client.get(reverse("archive:person-feed", args=[merged.slug]))
    assert [entry["title"] for entry in entries(response)] == ["About Ann"]


def test_entity_feed_of_unknown_or_rejected_entity_is_404(client):
    OrganizationFactory(slug="gone", review_status=ReviewStatus.REJECTED)
    assert client.get(reverse("archive:organization-feed", args=["gone"])).status_code == 404
    assert client.get(reverse("archive:event-feed", args=["nothing"])).status_code == 404


def test_feed_entry_ids_are_absolute(client):
    article = ArticleFactory(title="Lisbon maps its trees")
    root = ET.fromstring(client.get(reverse("archive:feed")).content)
    ids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
    assert ids == [f"http://testserver{article.get_absolute_url()}"]
    assert root.findtext(f"{ATOM}id").startswith("http://testserver/")


def test_feed_keeps_the_article_list_filters(client):
    ArticleFactory(title="Lisbon maps its trees", body="Trees of Lisbon.")
    ArticleFactory(title="Porto counts its buses", body="Buses of Porto.")
    response = client.get(reverse("archive:feed"), {"q": "trees", "page": "3"})
    root = ET.fromstring(response.content)
    assert [entry["title"] for entry in entries(response)] == ["Lisbon maps its trees"]
    assert root.findtext(f"{ATOM}title") == "Smart City Archive: articles matching “trees”"


def test_feed_summaries_are_plain_text_never_html(client):
    ArticleFactory(
        title="Markup in the lede",
        lede='<img src=x onerror="alert(1)"><script>alert(2)</script> sensors',
    )

    root = ET.fromstring(client.get(reverse("archive:feed")).content)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")

    assert summary.get("type") == "text"
    assert summary.text == '<img src=x onerror="alert(1)"><script>alert(2)</script> sensors'
    assert b"<script>" not in client.get(reverse("archive:feed")).content


def test_feed_drops_control_characters_from_imported_text(client):
    ArticleFactory(title="Street\x01lights", lede="Dimmed\x0b at night", byline="A\x1f Writer")

    response = client.get(reverse("archive:feed"))

    assert response.status_code == 200
    [entry] = entries(response)
    assert (entry["title"], entry["summary"]) == ("Streetlights", "Dimmed at night")


def test_undated_article_has_no_published_date_and_comes_after_dated_ones(client):
    ArticleFactory(title="Dated", slug="dated", published_on=datetime.date(2021, 3, 4))
    ArticleFactory(title="Undated", slug="undated", published_on=None)

    root = ET.fromstring(client.get(reverse("archive:feed")).content)
    found = {
        entry.findtext(f"{ATOM}title"): (
            entry.findtext(f"{ATOM}published"),
            entry.findtext(f"{ATOM}updated") is not None,
        )
        for entry in root.findall(f"{ATOM}entry")
    }

    assert list(found) == ["Dated", "Undated"]
    assert found == {"Dated": ("2021-03-04T00:00:00+00:00", True), "Undated": (None, True)}
