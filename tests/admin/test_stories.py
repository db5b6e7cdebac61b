"""The story admin: split and join from the article list, undo from the story changes."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from archive.models import Article, StoryChange
from archive.services import stories
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _act(client, url, action, pks):
    return client.post(url, {"action": action, "_selected_action": pks, "index": "0"}, follow=True)


def test_join_then_split_then_undo_from_the_admin(staff_client):
    first, second, third = ArticleFactory.create_batch(3)
    articles_url = reverse("admin:archive_article_changelist")

    response = _act(staff_client, articles_url, "join_stories_selected", [first.pk, second.pk])
    assert "joined into story" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.story_id == second.story_id is not None

    response = _act(staff_client, articles_url, "split_from_story_selected", [second.pk])
    assert Article.objects.get(pk=second.pk).story_id is None
    split = StoryChange.objects.get(action=StoryChange.Action.SPLIT)
    assert split.performed_by == staff_client.user

    changes_url = reverse("admin:archive_storychange_changelist")
    response = _act(staff_client, changes_url, "undo_selected", [split.pk])
    assert "Undid 1 story change" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert Article.objects.get(pk=second.pk).story_id == first.story_id
    assert Article.objects.get(pk=third.pk).story_id is None


def test_split_of_an_article_in_no_story_is_reported(staff_client):
    article = ArticleFactory()
    response = _act(
        staff_client,
        reverse("admin:archive_article_changelist"),
        "split_from_story_selected",
        [article.pk],
    )
    assert "is in no story" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_story_pages_render(staff_client):
    change = stories.join_articles(ArticleFactory.create_batch(2))
    for url in (
        reverse("admin:archive_storychange_changelist"),
        reverse("admin:archive_storychange_change", args=[change.pk]),
        reverse("admin:archive_story_changelist"),
        reverse("admin:archive_story_change", args=[change.story_id]),
        reverse("admin:archive_article_changelist") + f"?story__id__exact={change.story_id}",
    ):
        assert staff_client.get(url).status_code == 200, url
