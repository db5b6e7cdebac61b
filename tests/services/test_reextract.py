import pytest

from archive.models import Article, ImportRecord, ImportRun, Mention, Organization, ReviewStatus
from archive.services import import_undo, publishing, reextract, review
from archive.services.importer import ImportOptions, import_paths
from tests.factories import ArticleFactory
from tests.services.test_import_undo import FIRST_TEXT, article_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(FIRST_TEXT, encoding="utf-8")
    import_paths([str(path)], ImportOptions(workers=1))
    return Article.objects.get()


def test_reextract_keeps_curated_mentions_and_fields(imported_article):
    article = imported_article
    article.title = "Curated title"
    publishing.record_curator_edit(article, ["title"])
    article.save()
    mentions = list(Mention.objects.filter(article=article).order_by("pk"))
    kept, dropped = mentions[0], mentions[1]
    review.confirm_mentions(Mention.objects.filter(pk=kept.pk))
    review.reject_mentions(Mention.objects.filter(pk=dropped.pk))

    result = reextract.reextract_articles([article.pk])

    article.refresh_from_db()
    assert result.updated == 1
    assert article.title == "Curated title"
    assert Mention.objects.get(pk=kept.pk).review_status == ReviewStatus.CONFIRMED
    assert Mention.objects.get(pk=dropped.pk).review_status == ReviewStatus.REJECTED
    assert result.run.status == ImportRun.Status.FINISHED
    assert list(result.run.records.values_list("outcome", flat=True)) == ["updated"]


def test_reextract_uses_what_curators_taught_the_gazetteer(imported_article):
    article = imported_article
    rejected = Organization.objects.order_by("pk").first()
    review.reject_entities([rejected])

    reextract.reextract_articles([article.pk])

    visible = Mention.objects.filter(organization=rejected).exclude(
        review_status=ReviewStatus.REJECTED
    )
    assert list(visible) == []


def test_reextract_run_can_be_undone(imported_article):
    before = article_rows()
    review.reject_entities([Organization.objects.order_by("pk").first()])
    after_curation = article_rows()
    result = reextract.reextract_articles([imported_article.pk])

    import_undo.undo_import_run(result.run)

    assert article_rows() == after_curation
    assert before != after_curation


def test_reextract_skips_articles_without_an_origin():
    article = ArticleFactory(origin="")

    result = reextract.reextract_articles([article.pk])

    assert result.updated == 0
    assert result.failed == [f"{article.title}: no import origin to update it by"]
    assert ImportRecord.objects.count() == 0


def test_reextract_refuses_too_many_articles():
    with pytest.raises(reextract.ReextractError):
        reextract.reextract_articles(list(range(reextract.MAX_ARTICLES_PER_RUN + 1)))
