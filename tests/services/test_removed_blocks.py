"""Removed blocks: stored by the loader, flagged for review, restored by a curator."""

import pytest

from archive.models import Article, ArticleStatus, Mention
from archive.pipeline.types import BlockKind, RemovedBlock
from archive.search import search_articles
from archive.services.article_writer import CLEANING_REVIEW_NOTE, NO_HEADLINE_NOTE
from archive.services.loader import load_result
from archive.services.removed_blocks import RestoreError, restore_removed_block
from tests.factories import UserFactory, build_import_result, extracted_entity

pytestmark = pytest.mark.django_db

BODY = (
    "The council opened a new cycling lane along the river on Monday.\n\n"
    "Riders from Harbourtown welcomed the wider path.\n\n"
    "The works will continue in the spring."
)
CAPTION = RemovedBlock(BlockKind.CAPTION, "caption with its credit", "A wide lane (Photo: X)", 1)
TAIL = RemovedBlock(BlockKind.COMPANY_TAIL, "boilerplate", "About Acme\nAcme makes kiosks.", 3)
TEASER = RemovedBlock(BlockKind.TEASER, "teaser block after the story", "Other story", 3)


def imported(**overrides) -> Article:
    arguments = {"body": BODY, "removed": [CAPTION, TAIL, TEASER]}
    arguments.update(overrides)
    return load_result(build_import_result(**arguments)).article


def test_loader_stores_every_removed_block_in_page_order():
    article = imported()

    assert article.removed_blocks == [
        {"kind": "caption", "reason": "caption with its credit", "text": CAPTION.text,
         "position": 1},
        {"kind": "company_tail", "reason": "boilerplate", "text": TAIL.text, "position": 3},
        {"kind": "teaser", "reason": "teaser block after the story", "text": "Other story",
         "position": 3},
    ]  # fmt: skip


def test_loader_imports_a_page_with_review_reasons_as_a_draft_for_review():
    reasons = ["cleaning removed 400 of 900 words (44%)"]

    article = load_result(
        build_import_result(review_reasons=reasons), status=ArticleStatus.PUBLISHED
    ).article

    assert (article.status, article.needs_review, article.review_note) == (
        ArticleStatus.DRAFT,
        True,
        CLEANING_REVIEW_NOTE + reasons[0],
    )


def test_loader_keeps_the_headline_note_before_the_cleaning_note():
    reasons = ["removed 60 words of prose as teaser (teaser block after the story)"]

    article = load_result(build_import_result(review_reasons=reasons, has_headline=False)).article

    assert article.review_note == f"{NO_HEADLINE_NOTE}; {CLEANING_REVIEW_NOTE}{reasons[0]}"


def test_loader_leaves_a_clean_page_published_and_unflagged():
    article = load_result(build_import_result(), status=ArticleStatus.PUBLISHED).article

    assert (article.status, article.needs_review, article.removed_blocks) == (
        ArticleStatus.PUBLISHED,
        False,
        [],
    )


def test_restore_puts_the_block_back_before_the_paragraph_it_stood_above():
    article = imported()

    restored = restore_removed_block(article, 0)

    assert restored.body.split("\n\n") == [
        "The council opened a new cycling lane along the river on Monday.",
        "A wide lane (Photo: X)",
        "Riders from Harbourtown welcomed the wider path.",
        "The works will continue in the spring.",
    ]
    assert [block["position"] for block in restored.removed_blocks] == [4, 4]
    assert restored.word_count == len(restored.body.split())
    assert restored.curated_fields == ["body", "removed_blocks"]


def test_restore_at_the_end_appends_the_block_and_keeps_later_blocks_after_it():
    article = imported()

    restored = restore_removed_block(article, 1)

    assert restored.body.split("\n\n")[-1] == "About Acme\nAcme makes kiosks."
    assert restored.removed_blocks[1] == {
        "kind": "teaser",
        "reason": "teaser block after the story",
        "text": "Other story",
        "position": 4,
    }


def test_restore_moves_the_mentions_below_the_restored_text():
    entities = [extracted_entity("p1", "place", "Harbourtown")]
    article = imported(entities=entities)
    before = Mention.objects.get(article=article)

    restored = restore_removed_block(article, 0)

    mention = Mention.objects.get(pk=before.pk)
    assert restored.body[mention.start : mention.end] == "Harbourtown"
    assert mention.start == before.start + len(CAPTION.text) + 2


def test_restore_updates_the_search_index_and_records_history():
    article = imported()
    user = UserFactory()

    restore_removed_block(article, 1, user=user)

    found = search_articles(Article.objects.all(), "kiosks")
    assert list(found.values_list("pk", flat=True)) == [article.pk]
    latest = article.history.order_by("-history_id").first()
    assert (latest.history_change_reason, latest.history_user) == (
        "Restored a removed company_tail block",
        user,
    )


def test_restore_of_a_missing_block_raises_and_changes_nothing():
    article = imported()

    with pytest.raises(RestoreError):
        restore_removed_block(article, 7)

    article.refresh_from_db()
    assert (article.body, len(article.removed_blocks)) == (BODY, 3)


def test_a_re_import_keeps_the_curators_restored_text():
    article = imported()
    restored = restore_removed_block(article, 0)

    changed = build_import_result(body=BODY + "\n\nA late paragraph.", removed=[CAPTION, TAIL])
    load_result(changed)

    article.refresh_from_db()
    assert (article.body, article.removed_blocks) == (restored.body, restored.removed_blocks)


def test_a_re_import_replaces_the_removed_blocks_of_an_uncurated_article():
    article = imported()

    load_result(build_import_result(body=BODY + "\n\nA late paragraph.", removed=[TEASER]))

    article.refresh_from_db()
    assert [block["kind"] for block in article.removed_blocks] == ["teaser"]


def test_a_re_import_with_nothing_doubtful_left_clears_the_cleaning_note():
    reasons = ["cleaning removed 400 of 900 words (44%)"]
    article = load_result(build_import_result(review_reasons=reasons, has_headline=False)).article

    load_result(build_import_result(body=BODY))  # same origin, headline found, nothing doubtful

    article.refresh_from_db()
    assert (article.needs_review, article.review_note) == (False, "")
