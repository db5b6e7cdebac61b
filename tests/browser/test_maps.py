"""Maps and co-mention networks in a real (headless Debian) chromium.

Leaflet must draw a marker per place, each a link to the place's page; the network's nodes must
be links to their entities' pages; without a tile server no page asks another host for
anything, and with one the tiles load under the page's Content-Security-Policy.
"""

import base64
import datetime

import pytest

from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
    mention_everywhere,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: A tile server that exists only inside the test: the browser's requests to it are answered
#: by the test (page.route), so nothing leaves the machine.
TILE_HOST = "http://tiles.map-test.invalid"
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
CITIES = {
    "lisbon": ("Lisbon", 38.72, -9.14),
    "porto": ("Porto", 41.15, -8.61),
    "braga": ("Braga", 41.55, -8.42),
}


def build_archive() -> dict:
    cities = {
        slug: PlaceFactory(name=name, slug=slug, latitude=lat, longitude=lng)
        for slug, (name, lat, lng) in CITIES.items()
    }
    unmapped = PlaceFactory(name="Nowhere Valley", slug="nowhere-valley")
    agency = OrganizationFactory(name="Tagus Transit Agency", slug="tagus-transit-agency")
    engineer = PersonFactory(name="Rita Moreira", slug="rita-moreira")
    source = SourceFactory(name="Rail Weekly", slug="rail-weekly")
    plan = [("lisbon", "porto"), ("lisbon",), ("lisbon", "braga"), ("porto",)]
    for number, slugs in enumerate(plan):
        places = [cities[slug] for slug in slugs]
        body = (
            f"Tagus Transit Agency opened tram lines in {' and '.join(p.name for p in places)}. "
            "Rita Moreira led the works near Nowhere Valley.\n\n"
            "Riders waited for years for the new lines."
        )
        article = ArticleFactory(
            title=f"New tram lines, part {number + 1}",
            slug=f"new-tram-lines-{number + 1}",
            body=body,
            source=source,
            published_on=datetime.date(2024, 2, number + 1),
        )
        for entity in (agency, engineer, unmapped, *places):
            mention_everywhere(article, entity)
    return {"agency": agency, "engineer": engineer, **cities}


class Watch:
    """Every request a page makes, and the errors its console reports (CSP violations too)."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def elsewhere(self, origin: str) -> list[str]:
        return [url for url in self.requests if not url.startswith(origin + "/")]


def markers(page) -> dict[str, str]:
    """{link text's place name: href} of the markers Leaflet drew."""
    page.wait_for_selector(".place-map .leaflet-marker-icon")
    links = page.locator(".place-map .leaflet-marker-icon a.place-map__link")
    found = [links.nth(index) for index in range(links.count())]
    return {link.get_attribute("title").split(":")[0]: link.get_attribute("href") for link in found}


def test_an_organization_page_draws_its_map_and_network(page, live_server, screenshot, settings):
    settings.MAP_TILE_URL = ""
    build_archive()
    watch = Watch(page)

    page.goto(live_server.url + "/organizations/tagus-transit-agency/")

    assert markers(page) == {
        "Lisbon": "/places/lisbon/",
        "Porto": "/places/porto/",
        "Braga": "/places/braga/",
    }
    assert page.locator(".place-map .leaflet-marker-icon").count() == 3
    # The most named place is drawn largest, and says how many articles name it.
    lisbon = page.locator(".place-map__link[href='/places/lisbon/']")
    braga = page.locator(".place-map__link[href='/places/braga/']")
    assert lisbon.locator(".place-map__count").inner_text() == "3"
    assert lisbon.locator(".place-map__name").inner_text() == "Lisbon"
    assert lisbon.bounding_box()["width"] > braga.bounding_box()["width"]
    # No tile server: no tile layer, and no request to anywhere but the site itself.
    assert page.locator(".place-map img.leaflet-tile").count() == 0
    assert page.locator(".place-map.place-map--plain").count() == 1

    nodes = page.locator("svg.network a.network__node")
    hrefs = [nodes.nth(index).get_attribute("href") for index in range(nodes.count())]
    # Most shared articles first, then by name.
    assert hrefs == [
        "/places/nowhere-valley/",
        "/people/rita-moreira/",
        "/places/lisbon/",
        "/places/porto/",
        "/places/braga/",
    ]
    rita = page.locator("svg.network a.network__node[href='/people/rita-moreira/']")
    assert rita.get_attribute("aria-label") == "Rita Moreira: named in 4 of the same articles"
    screenshot(page, "organization")

    rita.click()
    page.wait_for_url("**/people/rita-moreira/")
    assert page.locator("h1").inner_text() == "Rita Moreira"
    assert page.locator("svg.network a.network__node").count() == 5

    assert watch.elsewhere(live_server.url) == []
    assert watch.errors == []


def test_the_search_page_maps_the_places_of_its_results(page, live_server, screenshot, settings):
    settings.MAP_TILE_URL = ""
    build_archive()
    watch = Watch(page)

    page.goto(live_server.url + "/articles/?q=Braga")
    assert page.locator(".results__count").inner_text().startswith("1 article")
    assert markers(page) == {"Lisbon": "/places/lisbon/", "Braga": "/places/braga/"}

    page.goto(live_server.url + "/articles/")
    assert markers(page) == {
        "Lisbon": "/places/lisbon/",
        "Porto": "/places/porto/",
        "Braga": "/places/braga/",
    }
    screenshot(page, "search")

    page.locator(".place-map__link[href='/places/porto/']").click()
    page.wait_for_url("**/places/porto/")
    assert page.locator("h1").inner_text() == "Porto"
    # A place's own page maps it among the places named with it, and draws no network.
    assert "Porto" in markers(page)
    assert page.locator("svg.network").count() == 0

    assert watch.elsewhere(live_server.url) == []
    assert watch.errors == []


def test_a_tile_server_loads_its_tiles_under_the_pages_policy(page, live_server, settings):
    settings.MAP_TILE_URL = TILE_HOST + "/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "Test <tiles> & co"
    build_archive()
    watch = Watch(page)
    tiles: list[str] = []

    def answer(route) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PIXEL_PNG)

    page.route(TILE_HOST + "/**", answer)
    page.goto(live_server.url + "/places/lisbon/")
    markers(page)
    page.wait_for_selector(".place-map .leaflet-tile-loaded")

    assert tiles != []
    assert all(url.startswith(TILE_HOST + "/") for url in watch.elsewhere(live_server.url))
    # The attribution is the setting's text, escaped, not markup.
    assert page.locator(".leaflet-control-attribution").inner_text().endswith("Test <tiles> & co")
    assert watch.errors == []


def test_the_map_and_the_network_fit_a_phone(phone_page, live_server, settings):
    settings.MAP_TILE_URL = ""
    build_archive()

    phone_page.goto(live_server.url + "/organizations/tagus-transit-agency/")
    markers(phone_page)

    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    network = phone_page.locator("svg.network").bounding_box()
    assert network["width"] <= 390
