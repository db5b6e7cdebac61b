"""Column values written by primary key: what is written, and nothing else."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Organization
from archive.services.column_updates import MAX_BATCH, update_columns
from tests.factories import ArticleFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_only_the_given_rows_and_columns_change():
    first, second, untouched = OrganizationFactory.create_batch(3)
    before = {o.pk: (o.name, o.updated_at) for o in Organization.objects.all()}
    first.public_article_count, first.public_mention_count = 3, 7
    second.public_article_count, second.public_mention_count = 11, 0
    # Not in the fields: must not be written even though the instance holds a new value.
    first.name = "Changed in memory only"

    written = update_columns(
        Organization, [first, second], ["public_article_count", "public_mention_count"]
    )

    assert written == 2
    stored = {
        pk: (articles, mentions)
        for pk, articles, mentions in Organization.objects.values_list(
            "pk", "public_article_count", "public_mention_count"
        )
    }
    assert stored == {first.pk: (3, 7), second.pk: (11, 0), untouched.pk: (0, 0)}
    # Names and `updated_at` stay as they were: a count is not an edit.
    assert {o.pk: (o.name, o.updated_at) for o in Organization.objects.all()} == before


def test_more_rows_than_one_statement_holds_are_written_in_batches():
    records = Organization.objects.bulk_create(
        Organization(name=f"Harbour Body {index}", slug=f"harbour-body-{index}")
        for index in range(1100)
    )
    for index, record in enumerate(records):
        record.public_mention_count = index + 1
        record.queue_mention_count = 2 * index
    fields = ["public_mention_count", "queue_mention_count"]
    per_statement = min(
        MAX_BATCH,
        connection.ops.bulk_batch_size(
            [Organization._meta.pk, *(Organization._meta.get_field(f) for f in fields)], records
        ),
    )

    with CaptureQueriesContext(connection) as queries:
        assert update_columns(Organization, records, fields) == 1100

    updates = [q for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == -(-1100 // per_statement) > 1
    stored = {
        pk: (mentions, queue)
        for pk, mentions, queue in Organization.objects.values_list(
            "pk", "public_mention_count", "queue_mention_count"
        )
    }
    assert stored == {r.pk: (r.public_mention_count, r.queue_mention_count) for r in records}


@pytest.mark.django_db(transaction=True)
def test_a_failing_batch_leaves_every_row_as_it_was():
    records = Organization.objects.bulk_create(
        Organization(name=f"Harbour Body {index}", slug=f"harbour-body-{index}")
        for index in range(600)
    )
    for record in records:
        record.public_mention_count = 5
    records[-1].public_mention_count = -1  # the counts' check constraint refuses it

    with pytest.raises(IntegrityError):
        update_columns(Organization, records, ["public_mention_count"])

    assert set(Organization.objects.values_list("public_mention_count", flat=True)) == {0}


def test_rows_written_are_those_still_there_and_unsaved_objects_are_refused():
    kept, gone = OrganizationFactory.create_batch(2)
    Organization.objects.filter(pk=gone.pk).delete()
    kept.public_mention_count = gone.public_mention_count = 4

    assert update_columns(Organization, [kept, gone], ["public_mention_count"]) == 1
    with pytest.raises(ValueError):
        update_columns(Organization, [Organization(name="Unsaved")], ["public_mention_count"])


def test_text_dates_and_nulls_are_written_as_their_columns_hold_them():
    article = ArticleFactory(title="Old title", published_on=datetime.date(2019, 1, 1))
    other = ArticleFactory(published_on=datetime.date(2019, 1, 1))
    assert article.source_id is not None
    article.title = "A title with 'quotes', a comma; and Кириллица"
    article.source = None
    other.title = "Second"
    other.published_on = datetime.date(2020, 2, 29)

    update_columns(Article, [article, other], ["title", "published_on", "source"])

    stored = {
        pk: (title, date, source)
        for pk, title, date, source in Article.objects.values_list(
            "pk", "title", "published_on", "source"
        )
    }
    assert stored == {
        article.pk: (
            "A title with 'quotes', a comma; and Кириллица",
            datetime.date(2019, 1, 1),
            None,
        ),
        other.pk: ("Second", datetime.date(2020, 2, 29), other.source_id),
    }


def test_nothing_to_write_runs_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert update_columns(Organization, [], ["public_mention_count"]) == 0
    assert len(queries) == 0
