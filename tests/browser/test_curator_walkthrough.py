"""A curator's day in a real browser.

Log in, open the review queue, reject a suggestion, merge two duplicates, publish an article,
and see the public site change.
"""

import re

import pytest

from archive.models import Article, ArticleStatus, Organization, ReviewStatus
from archive.services.roles import CURATOR_GROUP
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a curator's long passphrase"


def mention_of(organization, article, start):
    text = article.body[start : start + 4]
    return factories.MentionFactory(
        article=article, organization=organization, start=start, text=text
    )


@pytest.fixture
def desk(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    curator = factories.role_user(CURATOR_GROUP, username="clara", password=PASSWORD)
    published = factories.ArticleFactory(title="Harbor City opens its data", slug="harbor-data")
    draft = factories.ArticleFactory(
        title="Riverton tests smart street lights",
        slug="riverton-lights",
        status=ArticleStatus.DRAFT,
    )
    junk = factories.OrganizationFactory(name="Newsletter Signup Box", slug="newsletter-signup")
    mention_of(junk, published, 0)
    canonical = factories.OrganizationFactory(
        name="Northwind Analytics",
        slug="northwind-analytics",
        review_status=ReviewStatus.CONFIRMED,
    )
    duplicate = factories.OrganizationFactory(name="Northwind Analytic", slug="northwind-analytic")
    mention_of(duplicate, published, 5)
    mention_of(duplicate, draft, 5)
    return {
        "curator": curator,
        "published": published,
        "draft": draft,
        "junk": junk,
        "canonical": canonical,
        "duplicate": duplicate,
    }


def test_curator_walkthrough(page, live_server, desk, screenshot):
    base = live_server.url
    junk, duplicate, canonical = desk["junk"], desk["duplicate"], desk["canonical"]
    draft = desk["draft"]

    # Before: the junk record and the draft are... as the public sees them.
    assert page.goto(f"{base}{junk.get_absolute_url()}").status == 200
    assert page.goto(f"{base}{draft.get_absolute_url()}").status == 404

    # Log in.
    page.goto(f"{base}/admin/")
    page.fill("#id_username", "clara")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#curation-desk")

    # Open the review queue: the most mentioned suggestion comes first, with its sentences.
    page.click("#curation-desk >> text=Review queue")
    page.wait_for_selector(".curation-card")
    cards = page.locator(".curation-card h3 > a")
    assert cards.all_inner_texts()[:2] == ["Northwind Analytic", "Newsletter Signup Box"]
    assert "Suggested records (2)" in page.inner_text("#tab-entities")
    screenshot(page, "review-queue")

    # Reject the junk suggestion.
    page.click(f"button[data-action='reject'][value='organization:{junk.pk}']")
    page.wait_for_selector(".messagelist")
    assert "Rejected" in page.inner_text(".messagelist")

    # Merge the duplicate: "another name of" Northwind Analytics, picked with the autocomplete.
    card = page.locator(f"article[data-ref='organization:{duplicate.pk}']")
    card.locator(".select2-selection").click()
    page.fill(".select2-search__field", "Northwind")
    page.locator(".select2-results__option", has_text="Northwind Analytics").first.click()
    card.locator("button[data-action='alias']").click()
    page.wait_for_selector(".messagelist")
    assert "is now an alias of" in page.inner_text(".messagelist")
    assert "Nothing waiting for review" in page.inner_text("#content-main")

    # Publish the draft from the articles list.
    page.goto(f"{base}/admin/archive/article/?status__exact=draft")
    page.check(f"input[name='_selected_action'][value='{draft.pk}']")
    page.select_option("select[name='action']", "publish_selected")
    page.click("button[name='index']")
    page.wait_for_selector(".messagelist")
    assert "Published 1 article" in page.inner_text(".messagelist")
    screenshot(page, "published")

    # The public site changed: the draft is out, the junk is gone, the duplicate redirects.
    response = page.goto(f"{base}{draft.get_absolute_url()}")
    assert response.status == 200
    assert "Riverton tests smart street lights" in page.inner_text("h1")
    assert page.goto(f"{base}{junk.get_absolute_url()}").status == 404
    page.goto(f"{base}{duplicate.get_absolute_url()}")
    assert re.search(rf"{canonical.get_absolute_url()}$", page.url)

    # And the database agrees.
    assert Article.objects.get(pk=draft.pk).status == ArticleStatus.PUBLISHED
    assert Organization.objects.get(pk=junk.pk).review_status == ReviewStatus.REJECTED
    assert Organization.objects.get(pk=duplicate.pk).merged_into_id == canonical.pk
