"""Undoing an import run, and re-importing after curation, through the real importer."""

import pytest

from archive.models import (
    Article,
    ArticleStatus,
    ImportRun,
    Mention,
    Organization,
    Quote,
    ReviewStatus,
)
from archive.services import import_undo, merging, publishing, review
from archive.services.importer import ImportOptions, import_paths
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

FIRST_TEXT = """Harbor City opens an urban data platform
March 3, 2023

The Harbor City Council launched an open data platform on Monday with Northwind Analytics.

"We will publish every bus timetable as open data," said Maria Lopez, the council's digital chief.

Northwind Analytics will host the platform in Harbor City until 2026.
"""

SECOND_TEXT = """Riverton tests smart street lights
April 12, 2023

Riverton installed 400 smart street lights in its old town, the Riverton Energy Agency said.

The agency's director, Tom Becker, said the lights cut energy use by a third.
"""

UPDATED_FIRST_TEXT = FIRST_TEXT.replace(
    "on Monday", "on Monday, together with the Port Authority of Harbor City,"
)


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(*paths, force=False):
    return import_paths([str(p) for p in paths], ImportOptions(workers=1, force=force)).run


def article_rows():
    """The articles, mentions and quotes as comparable rows.

    Timestamps are left out: previous_state (format 1) does not keep them, so a restored row
    is stamped anew.
    """
    skip = {"updated_at", "created_at", "search_vector", "search_pairs"}

    def rows(model):
        return [
            {k: v for k, v in row.items() if k not in skip}
            for row in model.objects.order_by("pk").values()
        ]

    return rows(Article), rows(Mention), rows(Quote)


def test_undo_import_run_deletes_what_it_created(tmp_path):
    write(tmp_path, "a.txt", FIRST_TEXT)
    write(tmp_path, "b.txt", SECOND_TEXT)
    run = run_import(tmp_path)
    assert Article.objects.count() == 2

    result = import_undo.undo_import_run(run, user=StaffUserFactory())

    run.refresh_from_db()
    assert (result.deleted_articles, result.restored_articles) == (2, 0)
    assert (Article.objects.count(), Mention.objects.count(), Quote.objects.count()) == (0, 0, 0)
    assert Organization.objects.count() == 0  # the suggested records it made were orphans
    assert run.status == ImportRun.Status.UNDONE


def test_undo_import_run_restores_what_it_updated(tmp_path):
    path = write(tmp_path, "a.txt", FIRST_TEXT)
    run_import(path)
    before = article_rows()
    write(tmp_path, "a.txt", UPDATED_FIRST_TEXT)
    second = run_import(path)
    assert second.updated_count == 1
    assert article_rows() != before

    import_undo.undo_import_run(second)

    assert article_rows() == before


def test_undo_import_run_keeps_curator_decisions_made_since(tmp_path):
    path = write(tmp_path, "a.txt", FIRST_TEXT)
    run_import(path)
    write(tmp_path, "a.txt", UPDATED_FIRST_TEXT)
    second = run_import(path)
    article = Article.objects.get()
    article.title = "Curated headline"
    publishing.record_curator_edit(article, ["title"])
    article.save()
    confirmed = Mention.objects.filter(article=article).first()
    review.confirm_mentions(Mention.objects.filter(pk=confirmed.pk))

    import_undo.undo_import_run(second)

    article.refresh_from_db()
    assert article.title == "Curated headline"
    assert Mention.objects.get(pk=confirmed.pk).review_status == ReviewStatus.CONFIRMED


def test_undo_refuses_an_earlier_run_while_a_later_one_updated_its_articles(tmp_path):
    path = write(tmp_path, "a.txt", FIRST_TEXT)
    first = run_import(path)
    write(tmp_path, "a.txt", UPDATED_FIRST_TEXT)
    second = run_import(path)

    plan = import_undo.plan_import_undo(first)
    with pytest.raises(import_undo.ImportUndoError):
        import_undo.undo_import_run(first)
    import_undo.undo_import_run(second)

    assert plan.possible is False
    assert import_undo.plan_import_undo(first).possible is True


def test_undo_refuses_a_run_undone_already(tmp_path):
    run = run_import(write(tmp_path, "a.txt", FIRST_TEXT))
    import_undo.undo_import_run(run)

    with pytest.raises(import_undo.ImportUndoError):
        import_undo.undo_import_run(run)


def _entities_of(article):
    """Every record the article mentions, most mentioned first (whatever the extractor found)."""
    found = {}
    for mention in Mention.objects.filter(article=article).order_by("pk"):
        entity = mention.entity
        found.setdefault((entity.kind_of_entity, entity.pk), [entity, 0])[1] += 1
    return [entity for entity, _ in sorted(found.values(), key=lambda pair: -pair[1])]


def test_reimport_after_curation_keeps_every_curator_decision(tmp_path):
    path = write(tmp_path, "a.txt", FIRST_TEXT)
    run_import(path)
    article = Article.objects.get()
    curator = StaffUserFactory()
    entities = _entities_of(article)
    assert len(entities) >= 3, "the extractor should find a few records in this article"
    merged, rejected, confirmed = entities[0], entities[1], entities[2]
    # A curator edits the headline, withdraws the article, rejects one record, confirms one,
    # merges one into a record of their own, and rejects one mention.
    article.title = "Harbor City's data platform (curated)"
    article.byline = "By the desk"
    publishing.record_curator_edit(article, ["title", "byline"])
    article.save()
    publishing.withdraw_articles([article], user=curator)
    review.reject_entities([rejected], user=curator)
    review.confirm_entities([confirmed], user=curator)
    model = type(merged)
    survivor = model.objects.create(
        name=f"{merged.name} (canonical)", slug="canonical-record", review_status="confirmed"
    )
    merging.merge_entities(survivor, merged, user=curator)
    wrong = (
        Mention.objects.filter(article=article, review_status=ReviewStatus.SUGGESTED)
        .exclude(**{f"{survivor.kind_of_entity}": survivor})
        .first()
    )
    review.reject_mentions(Mention.objects.filter(pk=wrong.pk))

    write(tmp_path, "a.txt", UPDATED_FIRST_TEXT)
    run = run_import(path)

    article.refresh_from_db()
    assert run.updated_count == 1
    assert article.title == "Harbor City's data platform (curated)"
    assert article.byline == "By the desk"
    assert article.status == ArticleStatus.WITHDRAWN
    assert "Port Authority of Harbor City" in article.body  # the new text did come in
    rejected.refresh_from_db()
    assert rejected.review_status == ReviewStatus.REJECTED
    assert not Mention.objects.for_entity(rejected).exclude(review_status=ReviewStatus.REJECTED)
    confirmed.refresh_from_db()
    assert confirmed.review_status == ReviewStatus.CONFIRMED
    assert not Mention.objects.for_entity(merged).exists()
    assert Mention.objects.for_entity(survivor).filter(article=article).exists()
    assert Mention.objects.get(pk=wrong.pk).review_status == ReviewStatus.REJECTED
