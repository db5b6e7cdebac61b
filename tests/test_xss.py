"""Imported text cannot attack readers or curators: every page that shows it escapes it.

One archive is filled with hostile values in every imported field (titles, bodies, ledes,
names, aliases, descriptions, roles, bylines, quotes, speakers, sources, addresses, import
paths and errors); every public page and every admin page that shows them is fetched, and
none may carry the payload as live markup, an event handler or a `javascript:` link.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from archive.models import EntityKind, ImportRecord, ReviewStatus
from tests import factories

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
ATTRIBUTE = '" onmouseover="alert(3)'
PAYLOAD = f"{SCRIPT}{IMAGE}{ATTRIBUTE}"
SCRIPT_URL = "javascript:alert(4)"

#: What must never appear in a response: the payload's markup, live.
LIVE = re.compile(
    r"<script>alert|<img src=x onerror|\" onmouseover=\"alert"
    r"|(?:href|src|action)\s*=\s*\"?\s*javascript:",
    re.IGNORECASE,
)
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def hostile(label: str) -> str:
    return f"{label} {PAYLOAD} end"


@pytest.fixture
def hostile_archive(db):
    source = factories.SourceFactory(name=hostile("Source"), domain=hostile("domain"))
    country = factories.PlaceFactory(
        name=hostile("Country"), kind="country", aliases=[hostile("Land")]
    )
    organization = factories.OrganizationFactory(
        name=hostile("Organization"),
        aliases=[hostile("Org alias")],
        acronym="X<b>",
        description=hostile("Org description"),
        website=SCRIPT_URL,
        country=country,
        review_status=ReviewStatus.CONFIRMED,
    )
    person = factories.PersonFactory(
        name=hostile("Person"),
        aliases=[hostile("Person alias")],
        role=hostile("Role"),
        description=hostile("Person description"),
        affiliation=organization,
    )
    event = factories.EventFactory(
        name=hostile("Event"), aliases=[hostile("Event alias")], place=country
    )
    # With coordinates, so the pages' maps carry its name too.
    place = factories.PlaceFactory(
        name=hostile("Place"), aliases=[hostile("Place alias")], latitude=41.4, longitude=2.2
    )
    suggested = factories.OrganizationFactory(
        name=hostile("Suggested"), aliases=[hostile("Suggested alias")]
    )
    entities = [organization, person, event, place, country, suggested]
    body = (
        "\n\n".join(
            f"{entity.name} took part. {PAYLOAD} More text follows here." for entity in entities
        )
        + f"\n\n“{PAYLOAD} quoted”, said {person.name}."
    )
    article = factories.ArticleFactory(
        title=hostile("Title"),
        body=body,
        lede=hostile("Lede"),
        byline=hostile("Byline"),
        url=SCRIPT_URL,
        source=source,
    )
    for entity in entities:
        factories.mention_everywhere(article, entity)
    quote_text = f"{PAYLOAD} quoted"
    factories.QuoteFactory(
        article=article,
        speaker=person,
        speaker_name=person.name,
        text=quote_text,
        start=body.index(quote_text),
    )
    suggestion = factories.MergeSuggestionFactory(
        first_id=organization.pk,
        second_id=suggested.pk,
        first_name=organization.name,
        second_name=suggested.name,
        reason=hostile("Reason"),
    )
    run = factories.ImportRunFactory()
    factories.ImportRecordFactory(run=run, path=hostile("inbox/path"), article=article)
    factories.ImportRecordFactory(
        run=run,
        path=hostile("inbox/failed"),
        article=None,
        outcome=ImportRecord.Outcome.FAILED,
        error=hostile("Error"),
    )
    organization.name = hostile("Organization renamed")
    organization.save()
    return {
        "article": article,
        "organization": organization,
        "person": person,
        "event": event,
        "place": place,
        "suggestion": suggestion,
        "run": run,
        "mention": article.mentions.first(),
        "quote": article.quotes.first(),
        "suggested": suggested,
    }


def assert_safe(response, *, must_show: bool = True) -> None:
    assert response.status_code == 200, response.status_code
    content = response.content.decode()
    assert LIVE.findall(content) == []
    if must_show:
        # The hostile text is there, escaped: the page did render the imported field.
        assert ESCAPED in content


def public_urls(data) -> list[str]:
    article = data["article"]
    urls = [
        reverse("archive:home"),
        reverse("archive:article-list"),
        reverse("archive:article-list") + "?q=script",
        reverse("archive:article-list") + f"?organization={data['organization'].slug}",
        article.get_absolute_url(),
    ]
    for kind in ("organization", "person", "event", "place"):
        urls.append(reverse(f"archive:{kind}-list"))
        urls.append(data[kind].get_absolute_url())
    return urls


@pytest.mark.django_db
def test_public_pages_escape_every_imported_field(client, hostile_archive):
    for url in public_urls(hostile_archive):
        response = client.get(url)
        try:
            # A search result depends on the engine's index (absent for factory rows on
            # PostgreSQL): the search page must be safe, not necessarily show the article.
            assert_safe(response, must_show="?q=" not in url)
        except AssertionError as failure:
            raise AssertionError(f"{url}: {failure}") from failure


@pytest.mark.django_db
def test_article_page_shows_payloads_as_text_in_every_place(client, hostile_archive):
    content = client.get(hostile_archive["article"].get_absolute_url()).content.decode()

    for label in ("Title", "Byline", "Source", "Organization renamed", "Person", "Place"):
        assert f"{label} {ESCAPED}" in content, label
    # Shown as text (so a curator can see what the page claimed), never as a link.
    assert 'javascript:alert(4) <span class="muted">(not a web address, not linked)' in content
    assert "Original page" not in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["archive:feed", "archive:organization-feed", "archive:person-feed"]
)
def test_feeds_carry_payloads_as_text(client, hostile_archive, url_name):
    args = [] if url_name == "archive:feed" else [hostile_archive[url_name[8:-5]].slug]

    response = client.get(reverse(url_name, args=args))
    content = response.content.decode()

    assert response.status_code == 200
    assert "<script>" not in content and "<img" not in content
    assert "&lt;script&gt;" in content


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["csv", "json"])
def test_exports_carry_no_script_address(client, hostile_archive, export):
    response = client.get(reverse("archive:organization-list") + f"?format={export}")
    content = b"".join(response.streaming_content).decode()

    assert response.status_code == 200
    assert SCRIPT_URL not in content


def admin_urls(data) -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:archive_review_queue")]
    urls.append(reverse("admin:archive_review_queue") + "?tab=mentions")
    objects = {
        "article": data["article"],
        "organization": data["organization"],
        "person": data["person"],
        "event": data["event"],
        "place": data["place"],
        "mention": data["mention"],
        "quote": data["quote"],
        "source": data["article"].source,
        "importrun": data["run"],
        "importrecord": data["run"].records.first(),
        "mergesuggestion": data["suggestion"],
    }
    for model_name, obj in objects.items():
        urls.append(reverse(f"admin:archive_{model_name}_changelist"))
        urls.append(reverse(f"admin:archive_{model_name}_change", args=[obj.pk]))
        urls.append(reverse(f"admin:archive_{model_name}_history", args=[obj.pk]))
    for kind in ("organization", "person", "event", "place"):
        entity = data[kind]
        version = entity.history.earliest()
        urls.append(
            reverse(f"admin:archive_{kind}_simple_history", args=[entity.pk, version.history_id])
        )
        urls.append(reverse(f"admin:archive_{kind}_alias_of", args=[entity.pk]))
    urls.append(
        reverse("admin:archive_organization_merge")
        + f"?ids={data['organization'].pk},{data['suggested'].pk}"
    )
    urls.append(reverse("admin:archive_article_compare", args=[data["article"].pk]))
    urls.append(reverse("admin:archive_mergesuggestion_decide", args=[data["suggestion"].pk]))
    urls.append(reverse("admin:archive_mention_move") + f"?ids={data['mention'].pk}")
    urls.append(reverse("admin:archive_importrun_undo", args=[data["run"].pk]))
    urls.append(reverse("admin:archive_mention_changelist") + "?q=script")
    return urls


#: Admin pages that legitimately show no imported text (only counts or a confirmation).
QUIET_ADMIN_PAGES = ("/admin/$", "/history/$", "/undo/$", "/importrun/$")


@pytest.mark.django_db
def test_admin_pages_escape_every_imported_field(staff_client, hostile_archive):
    failures = []
    for url in admin_urls(hostile_archive):
        response = staff_client.get(url)
        quiet = any(re.search(pattern, url) for pattern in QUIET_ADMIN_PAGES)
        try:
            assert_safe(response, must_show=not quiet)
        except AssertionError as failure:
            failures.append(f"{url}: {failure}")
    assert failures == []


@pytest.mark.django_db
def test_kinds_of_entities_covered_are_all_the_kinds():
    assert {kind.value for kind in EntityKind} == {"organization", "person", "event", "place"}
