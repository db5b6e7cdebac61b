"""A researcher's walk through the public site in a real (headless Debian) chromium.

Home -> search -> filter by an organization -> open an article -> follow a mention to the
entity's page; at desktop size and on a phone (no horizontal scrolling), with basic
accessibility checks on every page. Screenshots land in tests/screenshots/.
"""

import datetime

import pytest

from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    QuoteFactory,
    SourceFactory,
    mention_everywhere,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every visible form control must be labelled: by <label for>, by a wrapping <label>, or by
# aria-label / aria-labelledby. Returns the ones that are not.
UNLABELLED_CONTROLS_JS = """
() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => !['hidden', 'submit', 'button', 'reset'].includes(el.type))
  .filter(el => !(
      (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`))
      || el.closest('label')
      || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby')))
  .map(el => el.outerHTML)
"""
HORIZONTAL_OVERFLOW_JS = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


def build_archive() -> dict:
    spain = PlaceFactory(name="Spain", slug="spain", kind="country")
    valencia = PlaceFactory(name="Valencia", slug="valencia", country=spain)
    council = OrganizationFactory(
        name="Valencia City Council", slug="valencia-city-council", country=spain
    )
    startup = OrganizationFactory(name="Sensorial Labs", slug="sensorial-labs", kind="company")
    mayor = PersonFactory(
        name="Lucia Ortega", slug="lucia-ortega", role="Deputy mayor", affiliation=council
    )
    expo = EventFactory(
        name="Mediterranean Smart Forum",
        slug="mediterranean-smart-forum",
        kind="forum",
        start_date=datetime.date(2024, 5, 14),
        place=valencia,
    )
    source = SourceFactory(name="Smart Cities Daily", slug="smart-cities-daily")
    articles = []
    for number in range(6):
        with_council = number % 2 == 0
        organization = council if with_council else startup
        body = (
            f"{organization.name} installed {10 + number} air quality sensors in Valencia "
            "this spring, part of a wider smart city plan.\n\n"
            f'"Open data builds trust," said Lucia Ortega at the Mediterranean Smart Forum. '
            "The sensor network will publish readings every ten minutes.\n\n"
            "Critics asked how long the data will be kept and who can use it."
        )
        article = ArticleFactory(
            title=f"Valencia expands its sensor network, phase {number + 1}",
            slug=f"valencia-sensor-network-{number + 1}",
            body=body,
            lede=body.split("\n\n")[0],
            published_on=datetime.date(2024, 1 + number, 3),
            source=source,
            byline="Marta Gil",
        )
        for entity in (organization, valencia, mayor, expo):
            mention_everywhere(article, entity)
        quote = "Open data builds trust,"
        start = body.index(quote)
        QuoteFactory(
            article=article, speaker=mayor, text=quote, start=start, end=start + len(quote)
        )
        articles.append(article)
    return {"council": council, "articles": articles}


def check_page_basics(page) -> None:
    assert page.locator("h1").count() == 1
    assert page.evaluate(UNLABELLED_CONTROLS_JS) == []
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("a.skip-link[href='#main']").count() == 1
    assert page.locator("main#main").count() == 1


def test_research_walkthrough_desktop(page, live_server, screenshot):
    build_archive()

    page.goto(live_server.url + "/")
    check_page_basics(page)
    assert page.locator("h1").inner_text() == "Smart City Archive"
    assert page.locator("svg.chart title").first.text_content() == "Articles per month"
    screenshot(page, "1-home")

    page.get_by_label("Search the articles").fill("sensor network")
    page.get_by_role("button", name="Search", exact=True).first.click()
    page.wait_for_url("**/articles/?q=sensor+network*")
    check_page_basics(page)
    assert page.locator(".results__count").inner_text().startswith("6 articles")
    assert page.locator(".article-card mark").count() > 0
    screenshot(page, "2-search")

    page.locator(".facet__link", has_text="Valencia City Council").click()
    page.wait_for_url("**organization=valencia-city-council*")
    check_page_basics(page)
    assert page.locator(".results__count").inner_text().startswith("3 articles")
    chip_text = " ".join(page.locator(".chip").first.inner_text().split())
    assert chip_text == "Organization: Valencia City Council \u00d7"
    screenshot(page, "3-filtered")

    page.locator(".article-card__title a").first.click()
    page.wait_for_url("**/articles/valencia-sensor-network-*/")
    check_page_basics(page)
    assert page.locator(".prose a.mention").count() >= 4
    assert page.locator("#provenance-title").inner_text() == "Provenance"
    screenshot(page, "4-article")

    page.locator(".prose a.mention--org").first.click()
    page.wait_for_url("**/organizations/valencia-city-council/")
    check_page_basics(page)
    assert page.locator("h1").inner_text() == "Valencia City Council"
    assert page.locator("#articles-title").inner_text().startswith("3 articles naming")
    assert page.locator(".sentences mark").first.inner_text() == "Valencia City Council"
    screenshot(page, "5-organization")


PHONE_PATHS = {
    "home": "/",
    "search": "/articles/?q=sensor",
    "article": "/articles/valencia-sensor-network-1/",
    "organizations": "/organizations/",
    "organization": "/organizations/valencia-city-council/",
    "event": "/events/mediterranean-smart-forum/",
    "person": "/people/lucia-ortega/",
    "not-found": "/no-such-page/",
}


def test_research_pages_fit_a_phone(phone_page, live_server, screenshot):
    """One test for all pages: the archive is built (and flushed) once."""
    build_archive()
    overflowing = {}
    for name, path in PHONE_PATHS.items():
        phone_page.goto(live_server.url + path)
        check_page_basics(phone_page)
        overflow = phone_page.evaluate(HORIZONTAL_OVERFLOW_JS)
        if overflow > 0:
            overflowing[path] = overflow
        screenshot(phone_page, f"phone-{name}")
    assert overflowing == {}
