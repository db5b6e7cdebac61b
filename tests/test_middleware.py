"""Query strings with control characters are refused with 400, on SQLite and PostgreSQL alike."""

import pytest

from tests.factories import ArticleFactory, OrganizationFactory

REFUSED = [
    "/feed/?q=%00",
    "/feed/?q=smart%01city",
    "/articles/?organization=%00",
    "/articles/?person=a%00b",
    "/articles/?q=%1F",
    "/organizations/?q=%7F",
    "/articles/?%00=1",
    "/admin/archive/article/?q=%00",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", REFUSED)
def test_control_characters_in_a_query_parameter_answer_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert b"control characters" in response.content
    assert b"\x00" not in response.content


@pytest.mark.django_db
def test_organization_filter_with_nul_answers_400_on_this_database(client):
    # The value used to reach the query; PostgreSQL refuses NUL in text with a server error.
    organization = OrganizationFactory(slug="urban-data-office")
    ArticleFactory()

    assert client.get("/articles/?organization=urban-data-office%00").status_code == 400
    assert client.get(f"/articles/?organization={organization.slug}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/articles/?q=smart%09city", "/articles/?q=smart%0Acity"])
def test_tabs_and_line_breaks_are_not_refused(client, url):
    ArticleFactory()

    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_feed_with_an_ordinary_search_still_answers(client):
    ArticleFactory(title="Sensors on every lamp post")

    response = client.get("/feed/?q=sensors")

    assert response.status_code == 200
    assert b"Sensors on every lamp post" in response.content
