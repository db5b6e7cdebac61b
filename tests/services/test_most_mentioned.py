"""The home page's "most mentioned": by how often a name is said, not only by how many
articles say it, and both counts shown."""

import pytest
from django.urls import reverse

from archive.services.research import most_mentioned
from tests.factories import ArticleFactory, OrganizationFactory, mention_everywhere

pytestmark = pytest.mark.django_db


@pytest.fixture
def repeated_and_widespread():
    # One agency is named five times in a single article; another once in each of two.
    repeated = OrganizationFactory(name="Grid Agency")
    widespread = OrganizationFactory(name="Port Board")
    body = " ".join(["Grid Agency said so."] * 5) + " Port Board agreed."
    mention_everywhere(ArticleFactory(body=body), repeated)
    mention_everywhere(ArticleFactory(body=body), widespread)
    mention_everywhere(ArticleFactory(body="Port Board met."), widespread)
    mention_everywhere(ArticleFactory(body="Grid Agency.", status="draft"), repeated)
    return repeated, widespread


def test_most_mentioned_ranks_by_mentions_then_articles(repeated_and_widespread):
    ranked = most_mentioned("organization")
    assert [(o.name, o.mention_count, o.article_count) for o in ranked] == [
        ("Grid Agency", 5, 1),
        ("Port Board", 2, 2),
    ]


def test_home_shows_both_counts_and_links_to_the_same_order(
    client, repeated_and_widespread, django_assert_num_queries
):
    with django_assert_num_queries(13):
        response = client.get(reverse("archive:home"))
    html = response.content.decode()
    assert "5 mentions in 1 article" in html
    assert "2 mentions in 2 articles" in html
    assert "/organizations/?ordering=mentions" in html
    listed = client.get(reverse("archive:organization-list"), {"ordering": "mentions"})
    assert [o.name for o in listed.context["page_obj"]] == ["Grid Agency", "Port Board"]
    by_articles = client.get(reverse("archive:organization-list"), {"ordering": "mentioned"})
    assert [o.name for o in by_articles.context["page_obj"]] == ["Port Board", "Grid Agency"]
