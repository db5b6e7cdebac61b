"""A filter value the list cannot use is the form's error, shown on the page, not ignored."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles():
    return [
        ArticleFactory(title="Older", published_on=datetime.date(2020, 1, 1)),
        ArticleFactory(title="Newer", published_on=datetime.date(2024, 1, 1)),
    ]


def listed_titles(response) -> list[str]:
    return [article.title for article in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"published_from": "garbage"}, "Enter a valid date."),
        ({"ordering": "sideways"}, "Select a valid choice. sideways is not one of"),
        ({"year": "abc"}, "Year: Enter a number."),
    ],
)
def test_an_unusable_article_filter_is_shown_and_left_out(
    client, two_articles, django_assert_num_queries, params, message
):
    with django_assert_num_queries(9):  # as the list's (tests/test_views.py)
        response = client.get(reverse("archive:article-list"), params)
    assert response.status_code == 200
    assert message in response.content.decode()
    # The rest of the list still works: the default order, both articles.
    assert listed_titles(response) == ["Newer", "Older"]


def test_a_known_ordering_is_applied(client, two_articles):
    response = client.get(reverse("archive:article-list"), {"ordering": "oldest"})
    assert listed_titles(response) == ["Older", "Newer"]
    assert "is not one of" not in response.content.decode()


@pytest.mark.parametrize("ordering", [",", ",oldest", ""])
def test_empty_orderings_are_no_choice(client, two_articles, ordering):
    expected = ["Older", "Newer"] if "oldest" in ordering else ["Newer", "Older"]
    response = client.get(reverse("archive:article-list"), {"ordering": ordering})
    assert listed_titles(response) == expected
    api = client.get("/api/v1/organizations/", {"ordering": ordering.replace("oldest", "")})
    assert api.status_code == 200


def test_an_unknown_entity_list_ordering_is_shown_and_the_default_order_kept(client):
    OrganizationFactory(name="Beta Agency")
    OrganizationFactory(name="Alpha Agency")
    response = client.get(reverse("archive:organization-list"), {"ordering": "loudest"})
    assert response.status_code == 200
    assert "Select a valid choice. loudest is not one of" in response.content.decode()
    assert [o.name for o in response.context["page_obj"]] == ["Alpha Agency", "Beta Agency"]


def test_event_lists_default_to_the_latest_first(client):
    EventFactory(name="Early", start_date=datetime.date(2020, 1, 1))
    EventFactory(name="Late", start_date=datetime.date(2025, 1, 1))
    response = client.get(reverse("archive:event-list"))
    assert [e.name for e in response.context["page_obj"]] == ["Late", "Early"]
