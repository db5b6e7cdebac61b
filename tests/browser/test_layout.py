"""Layout a newcomer tripped over, checked in a real browser at 1280 px.

The admin's article page (object tools clear of the title, nothing wider than the window,
quotes readable), the import runs list (failures visible), and an entity page (no gap between
its chart and its articles).
"""

import pytest

from archive.services.roles import CURATOR_GROUP
from tests import factories
from tests.browser.test_research_walkthrough import HORIZONTAL_OVERFLOW_JS, build_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a curator's long passphrase"
LONG_TITLE = (
    "86 speakers and more than 193,000 views: results of the first online forum of smart "
    "cities were summed up after three days of panel discussions"
)


def log_in(page, base: str) -> None:
    factories.role_user(CURATOR_GROUP, username="clara", password=PASSWORD)
    page.goto(f"{base}/admin/")
    page.fill("#id_username", "clara")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#curation-desk")


def boxes_overlap(first: dict, second: dict) -> bool:
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


def test_admin_article_page_fits_1280_and_keeps_tools_off_the_title(
    page, live_server, settings, screenshot
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    quote = (
        "A modern approach to digitalization is unthinkable without exchange of experience "
        "and conversation between cities, and it matters that the community responded."
    )
    body = f'The forum ended. "{quote}" said the minister.\n\nMore text follows here.'
    article = factories.ArticleFactory(title=LONG_TITLE, body=body)
    factories.MentionFactory(article=article, start=4, text="forum")
    start = body.index(quote)
    factories.QuoteFactory(
        article=article, text=quote, start=start, end=start + len(quote), speaker=None
    )
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}/admin/archive/article/{article.pk}/change/")
    screenshot(page, "article-change")

    title_box = page.locator("#content h2").first.bounding_box()
    tool_boxes = [link.bounding_box() for link in page.locator(".object-tools li").all()]
    assert [box for box in tool_boxes if boxes_overlap(box, title_box)] == []
    assert page.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0
    assert page.locator(".object-tools a", has_text="Public page").count() == 0
    assert page.locator(".object-tools a.viewsitelink").count() == 1
    quote_text = page.locator("#quotes-group .field-text .readonly").first.bounding_box()
    assert quote_text["width"] > 400
    assert page.locator("#quotes-group select[name$='review_status']").first.is_visible()


def test_admin_import_runs_show_failures_at_1280(page, live_server, settings, screenshot):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for _ in range(3):
        factories.ImportRunFactory(status="finished", created_count=4, failed_count=2)
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}/admin/archive/importrun/")
    screenshot(page, "import-runs")

    assert page.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0
    failed = page.locator("td.field-failures_link a.import-failed").first
    assert failed.inner_text() == "2 failed"
    box = failed.bounding_box()
    assert box["x"] + box["width"] <= 1280
    assert page.locator("td.field-status_display").first.inner_text() == "Finished with failures"


def test_entity_page_lists_articles_right_under_its_chart(page, live_server, screenshot):
    build_archive()

    page.goto(f"{live_server.url}/places/valencia/")
    screenshot(page, "place")

    chart_bottom = page.evaluate(
        "() => document.querySelector('#timeline-title').closest('section')"
        ".getBoundingClientRect().bottom"
    )
    articles_top = page.evaluate(
        "() => document.querySelector('#articles-title').closest('section')"
        ".getBoundingClientRect().top"
    )
    assert 0 <= articles_top - chart_bottom <= 48
