"""Stories in the API: each article's `story`, its other copies, the collapsed list, /stories/."""

import datetime

import pytest
from django.urls import reverse

from archive.models import Article
from archive.services import export
from archive.services.stories import refresh_representatives
from tests.factories import ArticleFactory, StoryFactory
from tests.test_views import build_articles

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
STORIES = "/api/v1/stories/"


def slugs(rows):
    return [row["slug"] for row in rows]


def story_of(*articles, extra=()):
    """A story of `articles` (already made) and of new copies dated as `extra` says."""
    story = StoryFactory()
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=story)
    copies = [
        ArticleFactory(slug=slug, title=f"Copy {slug}", story=story, **fields)
        for slug, fields in extra
    ]
    refresh_representatives([story.pk])
    return story, copies


def with_copies(articles):
    """Each article gets one later published copy and one draft copy: one story each."""
    made = []
    for article in articles:
        story, _ = story_of(
            article,
            extra=(
                (f"{article.slug}-copy", {"published_on": datetime.date(2025, 6, 1)}),
                (f"{article.slug}-draft", {"status": "draft"}),
            ),
        )
        made.append(story)
    return made


def test_each_article_carries_the_story_the_export_gives_it(client):
    first, second = build_articles(2)
    story, _ = story_of(first, extra=(("reprint", {"published_on": datetime.date(2025, 1, 1)}),))
    exported = {record["slug"]: record["story"] for record in export.iter_article_records()}
    rows = client.get(ARTICLES, {"page_size": 100}).json()["results"]
    assert {row["slug"]: row["story"] for row in rows} == exported
    assert exported == {first.slug: story.pk, "reprint": story.pk, second.slug: None}
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug[first.slug]["story_url"].endswith(f"/api/v1/stories/{story.pk}/")
    assert by_slug[second.slug]["story_url"] is None
    assert "story_copies" not in by_slug[first.slug]


def test_article_detail_lists_the_other_published_copies(client):
    article, alone = build_articles(2)
    _, (reprint, _draft) = story_of(
        article,
        extra=(
            ("reprint", {"published_on": datetime.date(2025, 1, 1), "url": "https://b.example/1"}),
            ("held-back", {"status": "draft"}),
        ),
    )
    data = client.get(reverse("api:article-detail", args=[article.slug])).json()
    assert [copy["slug"] for copy in data["also_published_as"]] == ["reprint"]
    copy = data["also_published_as"][0]
    assert copy["url"] == "https://b.example/1"
    assert copy["published_on"] == "2025-01-01"
    assert copy["source"]["slug"] == reprint.source.slug
    assert copy["api_url"].endswith("/api/v1/articles/reprint/")
    assert copy["page_url"].endswith(reprint.get_absolute_url())
    assert (
        client.get(reverse("api:article-detail", args=[alone.slug])).json()["also_published_as"]
        == []
    )


def test_collapsed_list_shows_one_row_per_story_with_its_copies(client):
    first, second, third = build_articles(3)
    story_of(first, second, extra=(("held-back", {"status": "draft"}),))
    rows = client.get(ARTICLES, {"collapse": "stories", "ordering": "oldest"}).json()["results"]
    # The story's row is its earliest published copy; drafts are not counted.
    assert [(row["slug"], row["story_copies"]) for row in rows] == [
        (first.slug, 2),
        (third.slug, 1),
    ]
    # Cursor pages of a collapsed list walk the same rows.
    page = client.get(ARTICLES, {"collapse": "stories", "ordering": "oldest", "page_size": 1})
    walked = slugs(page.json()["results"])
    walked += slugs(client.get(page.json()["next"]).json()["results"])
    assert walked == [first.slug, third.slug]
    bad = client.get(ARTICLES, {"collapse": "everything"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "collapse"


def test_stories_list_and_detail(client):
    first, second, _third = build_articles(3)
    story, _ = story_of(
        second,
        first,
        extra=(
            ("reprint", {"published_on": datetime.date(2025, 6, 1)}),
            ("held-back", {"status": "draft", "published_on": datetime.date(2020, 1, 1)}),
        ),
    )
    hidden, _ = story_of(extra=(("draft-only", {"status": "draft"}),))
    rows = client.get(STORIES).json()["results"]
    assert [row["id"] for row in rows] == [story.pk]
    data = client.get(reverse("api:story-detail", args=[story.pk])).json()
    assert data == rows[0]
    # Representative first: the earliest dated published copy (the draft is older, not shown).
    assert data["representative"]["slug"] == first.slug
    assert slugs(data["copies"]) == [first.slug, second.slug, "reprint"]
    assert data["copy_count"] == 3
    assert data["first_published_on"] == first.published_on.isoformat()
    assert data["last_published_on"] == "2025-06-01"
    assert data["api_url"].endswith(f"/api/v1/stories/{story.pk}/")
    assert client.get(reverse("api:story-detail", args=[hidden.pk])).status_code == 404
    assert client.get(f"{STORIES}99999999999999999999999/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The page, then one query for all their mentions and one for all their quotes.
        (ARTICLES + "?collapse=stories", 3),
        # The stories, then one query for all their copies.
        (STORIES, 2),
    ],
)
def test_story_lists_query_count_is_constant(
    client, django_assert_num_queries, count, url, expected
):
    with_copies(build_articles(count))
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_story_details_query_count_is_constant(client, django_assert_num_queries, count):
    articles = build_articles(count)
    story, _ = story_of(
        *articles,
        extra=(
            ("reprint", {"published_on": datetime.date(2025, 6, 1)}),
            ("held-back", {"status": "draft"}),
        ),
    )
    # The article, its mentions, its quotes, its copies.
    with django_assert_num_queries(4):
        article = client.get(reverse("api:article-detail", args=[articles[0].slug])).json()
    assert len(article["also_published_as"]) == count
    with django_assert_num_queries(2):
        data = client.get(reverse("api:story-detail", args=[story.pk])).json()
    assert data["copy_count"] == count + 1
