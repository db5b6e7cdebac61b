"""The JSON API: what each resource shows, its filters, paging, errors, staff access, limits."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from archive.models import Mention, ReviewStatus
from archive.services.public_cache import public_counts_changed
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PlaceFactory,
    StaffUserFactory,
    mention_everywhere,
)
from tests.test_views import build_article, build_articles

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def results(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(rows):
    return [row["slug"] for row in rows]


# --- articles ----------------------------------------------------------------------------------


def test_article_list_shows_published_articles_with_mentions_and_quotes_but_no_body(client):
    article = build_article(1)
    ArticleFactory(title="A draft", status="draft")
    ArticleFactory(title="Withdrawn", status="withdrawn")
    rows = results(client, ARTICLES)
    assert slugs(rows) == [article.slug]
    row = rows[0]
    assert "body" not in row
    assert row["source"]["slug"] == article.source.slug
    assert {m["kind"] for m in row["mentions"]} == {"organization", "person", "event", "place"}
    mention = next(m for m in row["mentions"] if m["kind"] == "person")
    assert article.body[mention["start"] : mention["end"]] == mention["text"]
    assert mention["entity"]["api_url"].endswith("/api/v1/people/maria-silva-1/")
    assert row["quotes"][0]["speaker"]["slug"] == "maria-silva-1"
    assert row["quotes"][0]["text"] == "Data is a public good,"


def test_article_body_only_on_request(client):
    article = build_article(1)
    detail = reverse("api:article-detail", args=[article.slug])
    assert "body" not in client.get(detail).json()
    assert client.get(detail, {"include": "body"}).json()["body"] == article.body
    assert results(client, ARTICLES, include="body")[0]["body"] == article.body
    response = client.get(detail, {"include": "raw_text"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "include"


def test_only_http_addresses_of_imported_pages_come_out(client):
    ArticleFactory(slug="script", url="javascript:alert(1)")
    ArticleFactory(slug="fine", url="https://example.org/news/1")
    by_slug = {row["slug"]: row for row in results(client, ARTICLES)}
    assert by_slug["script"]["url"] == ""
    assert by_slug["fine"]["url"] == "https://example.org/news/1"
    OrganizationFactory(slug="bad-site", website="javascript:alert(1)")
    organization = client.get(reverse("api:organization-detail", args=["bad-site"])).json()
    assert organization["details"]["website"] == ""


def test_articles_take_the_article_list_filters(client):
    first, second, third = build_articles(3)
    assert slugs(results(client, ARTICLES, organization="transit-agency-2")) == [second.slug]
    assert slugs(results(client, ARTICLES, source=third.source.slug)) == [third.slug]
    # Several entities at once: both must be named.
    both = results(client, ARTICLES, organization="transit-agency-1", place="porto-1")
    assert slugs(both) == [first.slug]
    assert results(client, ARTICLES, organization="transit-agency-1", place="porto-2") == []
    assert len(results(client, ARTICLES, year=2024)) == 3
    assert results(client, ARTICLES, year=2023) == []
    ranged = results(client, ARTICLES, published_from="2024-03-01", published_to="2024-03-31")
    assert slugs(ranged) == [second.slug]
    assert slugs(results(client, ARTICLES, ordering="oldest")) == [
        first.slug,
        second.slug,
        third.slug,
    ]
    assert slugs(results(client, ARTICLES, q="Porto 2")) == [second.slug]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"year": "abc"}, "year"),
        ({"published_from": "yesterday"}, "published_from"),
        ({"ordering": "random"}, "ordering"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1000"}, "page_size"),
        ({"cursor": "forged"}, "cursor"),
        ({"status": "draft"}, "status"),
    ],
)
def test_invalid_parameters_are_json_400_naming_them(client, params, parameter):
    build_article(1)
    response = client.get(ARTICLES, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()
    assert error["parameter"] == parameter
    assert error["status"] == 400
    assert error["message"].startswith(f"{parameter}: ")
    assert parameter in error["errors"]


def test_entity_lists_reject_invalid_filters_too(client):
    response = client.get("/api/v1/places/", {"country": "atlantis", "year": "x"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"country", "year"}


def test_control_characters_and_unknown_addresses_are_json(client):
    response = client.get(ARTICLES, {"q": "\x00"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "q"
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["message"] == "Not found."
    response = client.post(ARTICLES, {}, content_type="application/json")
    assert response.status_code in (403, 405)
    assert "message" in response.json()


# --- cursor pages ------------------------------------------------------------------------------


def _walk(client, url, **params):
    seen, response = [], client.get(url, {**params, "page_size": 1})
    for _ in range(50):  # a cursor that never advances must fail, not loop
        data = response.json()
        seen += slugs(data["results"])
        if not data["next"]:
            return seen
        response = client.get(data["next"])
        assert response.status_code == 200
    raise AssertionError(f"No last page after 50: {seen}")


@pytest.mark.parametrize("ordering", ["newest", "oldest", "title", "relevance"])
def test_cursor_pages_follow_every_ordering_with_undated_articles_last(client, ordering):
    build_articles(3)
    for number in range(2):
        ArticleFactory(
            slug=f"undated-{number}", title=f"Undated sensor {number}", published_on=None
        )
    one_page = slugs(results(client, ARTICLES, ordering=ordering, page_size=100))
    assert len(one_page) == 5
    assert _walk(client, ARTICLES, ordering=ordering) == one_page
    if ordering in ("newest", "oldest"):
        assert one_page[-2:] in (["undated-1", "undated-0"], ["undated-0", "undated-1"])


def test_cursor_pages_follow_search_relevance(client):
    build_articles(3)
    expected = slugs(results(client, ARTICLES, q="sensor", page_size=100))
    assert len(expected) == 3
    assert _walk(client, ARTICLES, q="sensor") == expected


@pytest.mark.parametrize("ordering", ["name", "mentioned", "mentions"])
def test_entity_cursor_pages_follow_the_list_orderings(client, ordering):
    build_articles(3)
    url = "/api/v1/organizations/"
    one_page = slugs(results(client, url, ordering=ordering, page_size=100))
    assert len(one_page) == 3
    assert _walk(client, url, ordering=ordering) == one_page
    events = "/api/v1/events/"
    assert _walk(client, events) == slugs(results(client, events, page_size=100))


def _walk_back(client, last_page_url):
    """The slugs from a list's last page back to its first, by `previous` links."""
    seen, response = [], client.get(last_page_url)
    for _ in range(50):
        data = response.json()
        seen = slugs(data["results"]) + seen
        if not data["previous"]:
            return seen
        response = client.get(data["previous"])
        assert response.status_code == 200
    raise AssertionError(f"No first page after 50: {seen}")


def _last_page(client, url, **params):
    response = client.get(url, params)
    while response.json()["next"]:
        response = client.get(response.json()["next"])
    return response.wsgi_request.get_full_path()


@pytest.mark.parametrize("ordering", ["newest", "oldest", "title", "relevance"])
@pytest.mark.parametrize("page_size", [1, 2])
def test_previous_links_walk_back_to_the_first_page(client, ordering, page_size):
    build_articles(3)
    for number in range(2):
        ArticleFactory(
            slug=f"undated-{number}", title=f"Undated sensor {number}", published_on=None
        )
    one_page = slugs(results(client, ARTICLES, ordering=ordering, page_size=100))
    first = client.get(ARTICLES, {"ordering": ordering, "page_size": page_size}).json()
    assert first["previous"] is None
    last = _last_page(client, ARTICLES, ordering=ordering, page_size=page_size)
    assert _walk_back(client, last) == one_page
    # Forwards again from a page reached backwards: the same pages.
    second = client.get(first["next"]).json()
    back_to_first = client.get(second["previous"]).json()
    assert slugs(back_to_first["results"]) == slugs(first["results"])
    assert back_to_first["previous"] is None
    assert client.get(back_to_first["next"]).json()["results"] == second["results"]


def test_previous_links_of_search_and_entity_lists(client):
    build_articles(3)
    expected = slugs(results(client, ARTICLES, q="sensor", page_size=100))
    assert _walk_back(client, _last_page(client, ARTICLES, q="sensor", page_size=1)) == expected
    url = "/api/v1/organizations/"
    expected = slugs(results(client, url, ordering="mentioned", page_size=100))
    last = _last_page(client, url, ordering="mentioned", page_size=1)
    assert _walk_back(client, last) == expected


def test_a_cursor_is_stable_when_articles_are_added(client):
    build_articles(3)
    first = client.get(ARTICLES, {"page_size": 2}).json()
    ArticleFactory(slug="newer", published_on=datetime.date(2030, 1, 1))
    rest = client.get(first["next"]).json()
    assert len(slugs(first["results"])) + len(slugs(rest["results"])) == 3
    assert "newer" not in slugs(rest["results"])


def test_a_cursor_of_another_ordering_is_refused(client):
    build_articles(3)
    next_url = client.get(ARTICLES, {"page_size": 1}).json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    response = client.get(f"{ARTICLES}?ordering=title&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["parameter"] == "cursor"


# --- entities, co-mentions, mentions, sources ----------------------------------------------------


def test_place_shows_aliases_country_coordinates_and_counts(client):
    country = PlaceFactory(name="Portugal", slug="portugal", kind="country", country_code="PT")
    place = PlaceFactory(
        name="Porto",
        slug="porto",
        country=country,
        aliases=["Oporto"],
        latitude=41.15,
        longitude=-8.61,
    )
    article = ArticleFactory(body="Porto and Porto again.")
    mention_everywhere(article, place)
    data = client.get(reverse("api:place-detail", args=["porto"])).json()
    assert data["aliases"] == ["Oporto"]
    assert data["details"]["country"] == "Portugal"
    assert (data["details"]["latitude"], data["details"]["longitude"]) == (41.15, -8.61)
    assert (data["article_count"], data["mention_count"]) == (1, 2)
    assert slugs(results(client, "/api/v1/places/", country="portugal")) == ["porto"]


def test_rejected_entities_are_not_found_and_merged_ones_redirect_to_the_survivor(client):
    survivor = OrganizationFactory(slug="survivor")
    OrganizationFactory(slug="merged", merged_into=survivor)
    OrganizationFactory(slug="rejected", review_status=ReviewStatus.REJECTED)
    assert client.get("/api/v1/organizations/rejected/").status_code == 404
    assert client.get("/api/v1/organizations/rejected/").json()["status"] == 404
    moved = client.get("/api/v1/organizations/merged/")
    assert moved.status_code == 301
    assert moved["Location"] == "http://testserver/api/v1/organizations/survivor/"
    assert client.get(moved["Location"]).json()["slug"] == "survivor"
    assert slugs(results(client, "/api/v1/organizations/")) == ["survivor"]


def test_co_mentions_count_shared_articles_and_link_to_them(client):
    build_articles(2)
    response = client.get("/api/v1/organizations/transit-agency-1/co-mentions/", {"limit": 2})
    data = response.json()
    assert data["entity"]["slug"] == "transit-agency-1"
    assert len(data["results"]) == 2
    assert all(row["count"] == 1 for row in data["results"])
    linked = client.get(data["results"][0]["articles_url"]).json()["results"]
    assert slugs(linked) == ["porto-1-sensor-network"]
    bad = client.get("/api/v1/organizations/transit-agency-1/co-mentions/", {"limit": "0"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "limit"


def test_mentions_by_article_kind_and_entity(client):
    article = build_article(1)
    build_article(2)
    Mention.objects.filter(article=article, kind="event").update(review_status="rejected")
    rows = results(client, "/api/v1/mentions/", article=article.slug)
    assert {row["kind"] for row in rows} == {"organization", "person", "place"}
    assert all(row["article"]["slug"] == article.slug for row in rows)
    people = results(client, "/api/v1/mentions/", kind="person")
    assert len(people) == 2
    of_person = results(client, "/api/v1/mentions/", person="maria-silva-2")
    assert [row["entity"]["slug"] for row in of_person] == ["maria-silva-2"]
    detail = client.get(reverse("api:mention-detail", args=[rows[0]["id"]])).json()
    assert detail["article"]["slug"] == article.slug


def test_sources_of_published_articles_with_counts(client):
    article = build_article(1)
    ArticleFactory(status="draft")
    rows = results(client, "/api/v1/sources/")
    assert [(row["slug"], row["article_count"]) for row in rows] == [(article.source.slug, 1)]
    detail = client.get(reverse("api:source-detail", args=[article.source.slug])).json()
    assert detail["articles_url"].endswith(f"/api/v1/articles/?source={article.source.slug}")


# --- caching, staff, throttling ----------------------------------------------------------------


def test_detail_answers_304_to_its_etag(client):
    article = build_article(1)
    url = reverse("api:article-detail", args=[article.slug])
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    article.title = "Changed"
    article.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_staff_with_a_token_see_drafts_and_review_state(client):
    build_article(1)
    draft = ArticleFactory(slug="a-draft", status="draft")
    token = Token.objects.create(user=StaffUserFactory())
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert "a-draft" not in slugs(results(client, ARTICLES))
    drafts = client.get(ARTICLES, {"status": "draft"}, **auth).json()["results"]
    assert slugs(drafts) == ["a-draft"]
    assert drafts[0]["status"] == "draft"
    assert len(client.get(ARTICLES, {"status": "any"}, **auth).json()["results"]) == 2
    assert len(client.get(ARTICLES, **auth).json()["results"]) == 1  # published by default
    detail = reverse("api:article-detail", args=[draft.slug])
    assert client.get(detail).status_code == 404
    assert client.get(detail, **auth).status_code == 200
    bad = client.get(ARTICLES, HTTP_AUTHORIZATION="Token nonsense")
    assert bad.status_code == 401
    assert bad.json()["message"]


def test_anonymous_clients_are_throttled_with_retry_after(client, settings):
    settings.API_ANON_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/sources/").status_code == 200
    response = client.get("/api/v1/sources/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["message"].lower()
    token = Token.objects.create(user=StaffUserFactory())
    staff = client.get("/api/v1/sources/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert staff.status_code == 200


def test_co_mentions_are_kept_like_the_entity_pages_counts_until_the_archive_changes(
    client, settings, django_assert_num_queries
):
    settings.PUBLIC_COUNTS_CACHE_SECONDS = 60
    build_articles(2)
    url = "/api/v1/organizations/transit-agency-1/co-mentions/"
    first = client.get(url).json()
    with django_assert_num_queries(1):  # the record; the counts are kept
        again = client.get(url).json()
    Mention.objects.filter(organization__slug="transit-agency-1").first().article.mentions.exclude(
        organization__slug="transit-agency-1"
    ).update(review_status="rejected")
    public_counts_changed()  # what an import or a curator's change does
    changed = client.get(url).json()

    assert (again == first, len(changed["results"]) < len(first["results"])) == (True, True)
