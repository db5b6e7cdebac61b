"""The data model's integrity lives in the database: these rows must be rejected by it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from archive import models
from tests import factories

pytestmark = pytest.mark.django_db


def assert_rejected(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_article_content_hash_is_unique():
    article = factories.ArticleFactory()
    assert_rejected(lambda: factories.ArticleFactory(content_hash=article.content_hash))


def test_article_slug_is_unique():
    article = factories.ArticleFactory()
    assert_rejected(lambda: factories.ArticleFactory(slug=article.slug))


def test_article_rejects_empty_title_and_unknown_status():
    assert_rejected(lambda: factories.ArticleFactory(title=""))
    assert_rejected(lambda: factories.ArticleFactory(status="lost"))


def test_article_date_requires_an_origin_and_no_date_has_none():
    assert_rejected(
        lambda: factories.ArticleFactory(
            published_on=datetime.date(2020, 3, 12), published_on_origin=""
        )
    )
    assert_rejected(
        lambda: factories.ArticleFactory(published_on=None, published_on_origin="dateline")
    )
    undated = factories.ArticleFactory(published_on=None)
    assert undated.published_on_origin == ""


def test_articles_order_newest_first_with_undated_last():
    old = factories.ArticleFactory(published_on=datetime.date(2019, 1, 1))
    undated = factories.ArticleFactory(published_on=None)
    new = factories.ArticleFactory(published_on=datetime.date(2021, 1, 1))
    assert list(models.Article.objects.all()) == [new, old, undated]


def test_article_queryset_published_excludes_drafts_and_withdrawn():
    published = factories.ArticleFactory(status=models.ArticleStatus.PUBLISHED)
    factories.ArticleFactory(status=models.ArticleStatus.DRAFT)
    factories.ArticleFactory(status=models.ArticleStatus.WITHDRAWN)
    assert list(models.Article.objects.published()) == [published]


@pytest.mark.parametrize(
    "factory",
    [
        factories.OrganizationFactory,
        factories.PersonFactory,
        factories.EventFactory,
        factories.PlaceFactory,
    ],
)
def test_entity_slug_unique_and_name_required(factory):
    entity = factory()
    assert_rejected(lambda: factory(slug=entity.slug))
    assert_rejected(lambda: factory(name=""))
    assert_rejected(lambda: factory(review_status="maybe"))


@pytest.mark.parametrize(
    "factory",
    [
        factories.OrganizationFactory,
        factories.PersonFactory,
        factories.EventFactory,
        factories.PlaceFactory,
    ],
)
def test_entity_cannot_be_merged_into_itself(factory):
    entity = factory()
    entity.merged_into = entity
    assert_rejected(entity.save)


def test_entity_public_hides_rejected_and_merged():
    survivor = factories.OrganizationFactory()
    factories.OrganizationFactory(review_status=models.ReviewStatus.REJECTED)
    factories.OrganizationFactory(merged_into=survivor)
    assert list(models.Organization.objects.public()) == [survivor]


def test_event_end_never_before_start():
    assert_rejected(
        lambda: factories.EventFactory(
            start_date=datetime.date(2021, 5, 25), end_date=datetime.date(2021, 5, 24)
        )
    )
    event = factories.EventFactory(
        start_date=datetime.date(2021, 5, 25), end_date=datetime.date(2021, 5, 25)
    )
    assert event.end_date == event.start_date


def test_mention_must_name_exactly_one_entity_of_its_kind():
    article = factories.ArticleFactory(body="Moscow and Beijing.")
    org = factories.OrganizationFactory()
    person = factories.PersonFactory()
    span = {"article": article, "start": 0, "end": 6, "text": "Moscow"}
    assert_rejected(lambda: models.Mention.objects.create(kind="organization", **span))
    assert_rejected(
        lambda: models.Mention.objects.create(
            kind="organization", organization=org, person=person, **span
        )
    )
    assert_rejected(lambda: models.Mention.objects.create(kind="person", organization=org, **span))
    mention = models.Mention.objects.create(kind="organization", organization=org, **span)
    assert mention.entity == org


def test_mention_span_must_match_its_text_and_run_forwards():
    article = factories.ArticleFactory(body="Moscow and Beijing.")
    place = factories.PlaceFactory()
    assert_rejected(
        lambda: models.Mention.objects.create(
            article=article, kind="place", place=place, start=0, end=4, text="Moscow"
        )
    )
    assert_rejected(
        lambda: models.Mention.objects.create(
            article=article, kind="place", place=place, start=6, end=6, text=""
        )
    )


def test_mention_confidence_between_zero_and_one():
    assert_rejected(lambda: factories.MentionFactory(confidence=1.5))


def test_mention_entity_setter_switches_kind():
    mention = factories.MentionFactory()
    person = factories.PersonFactory()
    mention.entity = person
    mention.save()
    mention.refresh_from_db()
    assert (mention.kind, mention.person, mention.organization) == ("person", person, None)


def test_quote_end_after_start():
    assert_rejected(lambda: factories.QuoteFactory(start=10, end=10))


def test_import_record_error_only_on_failure():
    assert_rejected(lambda: factories.ImportRecordFactory(outcome="created", error="boom"))
    record = factories.ImportRecordFactory(outcome="failed", error="empty file", article=None)
    assert str(record) == f"{record.path}: failed"


def test_merge_suggestion_pairs_are_ordered_and_unique():
    fields = {"kind": "organization", "first_name": "A", "second_name": "B", "score": 90}
    models.MergeSuggestion.objects.create(first_id=1, second_id=2, **fields)
    assert_rejected(
        lambda: models.MergeSuggestion.objects.create(first_id=1, second_id=2, **fields)
    )
    assert_rejected(
        lambda: models.MergeSuggestion.objects.create(first_id=3, second_id=2, **fields)
    )


def test_str_and_absolute_urls():
    article = factories.ArticleFactory(title="Moscow opens data", slug="moscow-opens-data")
    org = factories.OrganizationFactory(name="Department of IT", slug="department-of-it")
    person = factories.PersonFactory(name="Ada Lovelace", slug="ada-lovelace")
    event = factories.EventFactory(name="Smart Cities Moscow", slug="smart-cities-moscow")
    place = factories.PlaceFactory(name="Moscow", slug="moscow")
    source = factories.SourceFactory(name="City News", slug="city-news")
    assert [str(o) for o in (article, org, person, event, place, source)] == [
        "Moscow opens data",
        "Department of IT",
        "Ada Lovelace",
        "Smart Cities Moscow",
        "Moscow",
        "City News",
    ]
    assert [o.get_absolute_url() for o in (article, org, person, event, place, source)] == [
        "/articles/moscow-opens-data/",
        "/organizations/department-of-it/",
        "/people/ada-lovelace/",
        "/events/smart-cities-moscow/",
        "/places/moscow/",
        "/articles/?source=city-news",
    ]
    run = factories.ImportRunFactory()
    assert run.get_absolute_url() == f"/admin/archive/importrun/{run.pk}/change/"
