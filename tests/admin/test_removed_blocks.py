"""The article change page shows what the cleaner removed and restores it on a click."""

import pytest
from django.urls import reverse

from archive.pipeline.types import BlockKind, RemovedBlock
from archive.services.loader import load_result
from tests.factories import build_import_result

pytestmark = pytest.mark.django_db

BODY = "The tram line opens on Monday.\n\nIt runs every ten minutes."
CAPTION = RemovedBlock(BlockKind.CAPTION, "caption with its credit", "A tram <b>stop</b>", 1)


@pytest.fixture
def article():
    return load_result(build_import_result(body=BODY, removed=[CAPTION])).article


def test_change_page_shows_removed_blocks_beside_the_kept_text(staff_client, article):
    response = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))

    html = response.content.decode()
    table = html[html.index('id="removed-blocks"') :]
    restore_url = reverse("admin:archive_article_restore_block", args=[article.pk, 0])
    assert response.status_code == 200
    assert "Text the cleaner removed, beside the kept text" in table
    kept, removed, after = (
        table.index("The tram line opens on Monday."),
        table.index("A tram &lt;b&gt;stop&lt;/b&gt;"),
        table.index("It runs every ten minutes."),
    )
    assert kept < removed < after
    assert f'formaction="{restore_url}"' in table
    assert "<b>stop</b>" not in html  # imported text is escaped


def test_change_page_query_count(staff_client, article, django_assert_num_queries):
    url = reverse("admin:archive_article_change", args=[article.pk])
    staff_client.get(url)  # warm the session and content-type caches

    with django_assert_num_queries(6):
        staff_client.get(url)


def test_restore_button_puts_the_block_back_and_reports_it(staff_client, article):
    url = reverse("admin:archive_article_restore_block", args=[article.pk, 0])

    response = staff_client.post(url, follow=True)

    article.refresh_from_db()
    assert article.body.split("\n\n") == [
        "The tram line opens on Monday.",
        "A tram <b>stop</b>",
        "It runs every ten minutes.",
    ]
    assert article.removed_blocks == []
    assert [str(message) for message in response.context["messages"]] == [
        "Restored the removed block into the body."
    ]


def test_restore_of_a_block_that_is_gone_reports_an_error(staff_client, article):
    url = reverse("admin:archive_article_restore_block", args=[article.pk, 3])

    response = staff_client.post(url, follow=True)

    article.refresh_from_db()
    assert article.body == BODY
    assert [str(message) for message in response.context["messages"]] == [
        "Nothing restored: there is no removed block number 4."
    ]


def test_restore_answers_get_with_405(staff_client, article):
    url = reverse("admin:archive_article_restore_block", args=[article.pk, 0])

    response = staff_client.get(url)

    article.refresh_from_db()
    assert (response.status_code, article.body) == (405, BODY)
