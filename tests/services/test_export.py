import csv
import io
import json

import pytest

from archive.models import ArticleStatus, ReviewStatus
from archive.services.export import export_articles, iter_article_records
from tests.factories import (
    ArticleFactory,
    EventFactory,
    MentionFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.services.export_archive import streaming_savepoint_queries

pytestmark = pytest.mark.django_db

BODY = "Moscow and the DIT met Eduard Lysenko at the forum in Moscow.\n\nHe spoke."


def article_with_entities(suffix="", **article_fields):
    """`suffix` tells apart the entities of several such articles (one record per name)."""
    article = ArticleFactory(body=BODY, **article_fields)
    survivor = OrganizationFactory(name="Department of Information Technologies of Moscow" + suffix)
    merged = OrganizationFactory(name="DIT" + suffix, merged_into=survivor)
    rejected_entity = OrganizationFactory(
        name="The Forum" + suffix, review_status=ReviewStatus.REJECTED
    )
    moscow = PlaceFactory(name="Moscow" + suffix, review_status=ReviewStatus.CONFIRMED)
    person = PersonFactory(name="Eduard Lysenko" + suffix)
    event = EventFactory(name="Smart Cities Moscow" + suffix)
    ignored = PersonFactory(name="Ignored Person" + suffix)
    MentionFactory(article=article, organization=merged, start=BODY.index("DIT"), text="DIT")
    MentionFactory(article=article, organization=survivor, start=0, text="Mosc")
    MentionFactory(article=article, organization=rejected_entity, start=53, text="forum")
    MentionFactory(article=article, kind="place", organization=None, place=moscow, start=0)
    MentionFactory(article=article, kind="place", organization=None, place=moscow, start=56)
    MentionFactory(article=article, kind="person", organization=None, person=person, start=24)
    MentionFactory(article=article, kind="event", organization=None, event=event, start=10)
    MentionFactory(
        article=article,
        kind="person",
        organization=None,
        person=ignored,
        start=30,
        review_status=ReviewStatus.REJECTED,
    )
    QuoteFactory(article=article, speaker=person, text="We will open the data.", start=70)
    QuoteFactory(article=article, speaker=None, speaker_name="A resident", text="Good.", start=5)
    QuoteFactory(
        article=article, speaker=person, text="Rejected.", start=9, review_status="rejected"
    )
    return article


def test_iter_article_records_lists_canonical_entities_and_quotes():
    source = SourceFactory(name="Smart City News")
    article = article_with_entities(source=source, byline="DIT", origin="seeds/a.txt")

    (record,) = iter_article_records(base_url="https://archive.example.org/")

    assert record == {
        "slug": article.slug,
        "title": article.title,
        "published_on": article.published_on.isoformat(),
        "source": "Smart City News",
        "byline": "DIT",
        "origin": "seeds/a.txt",
        "url": f"https://archive.example.org/articles/{article.slug}/",
        "status": "published",
        "story": None,
        "organizations": ["Department of Information Technologies of Moscow"],
        "people": ["Eduard Lysenko"],
        "events": ["Smart Cities Moscow"],
        "places": ["Moscow"],
        "quotes": [
            {"speaker": "A resident", "text": "Good."},
            {"speaker": "Eduard Lysenko", "text": "We will open the data."},
        ],
        "body": article.body,
    }


def test_iter_article_records_only_published_unless_asked():
    published = ArticleFactory()
    draft = ArticleFactory(status=ArticleStatus.DRAFT, published_on=None)

    assert [r["slug"] for r in iter_article_records()] == [published.slug]
    assert [(r["slug"], r["status"]) for r in iter_article_records(status="all")] == [
        (published.slug, "published"),
        (draft.slug, "draft"),
    ]
    assert [r["slug"] for r in iter_article_records(status="draft")] == [draft.slug]
    assert next(iter_article_records(status="draft"))["published_on"] is None


def test_export_articles_jsonl_is_one_json_object_per_line():
    article_with_entities()
    ArticleFactory()
    stream = io.StringIO()

    count = export_articles(stream, format="jsonl")

    lines = stream.getvalue().splitlines()
    assert (count, len(lines)) == (2, 2)
    assert json.loads(lines[0])["people"] == ["Eduard Lysenko"]


def test_export_articles_csv_joins_lists():
    article = article_with_entities()
    stream = io.StringIO()

    export_articles(stream, format="csv")

    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert rows == [
        {
            "slug": article.slug,
            "title": article.title,
            "published_on": article.published_on.isoformat(),
            "source": article.source.name,
            "byline": "",
            "origin": article.origin,
            "url": f"http://127.0.0.1:8000/articles/{article.slug}/",
            "status": "published",
            "story": "",
            "organizations": "Department of Information Technologies of Moscow",
            "people": "Eduard Lysenko",
            "events": "Smart Cities Moscow",
            "places": "Moscow",
            "quotes": "A resident: Good.; Eduard Lysenko: We will open the data.",
        }
    ]


@pytest.mark.parametrize(("articles", "chunk_size"), [(1, 500), (3, 500), (3, 2)])
def test_export_articles_query_count_does_not_grow_with_articles(
    articles, chunk_size, django_assert_num_queries, monkeypatch
):
    for number in range(articles):
        article_with_entities(suffix=f" {number}" if number else "")
    monkeypatch.setattr("archive.services.export.CHUNK_SIZE", chunk_size)
    stream = io.StringIO()

    # The records of each kind (one query per kind), then the articles with their mentions
    # and quotes in their rows: one query, read chunk_size rows at a time.
    with django_assert_num_queries(4 + 1 + streaming_savepoint_queries()):
        export_articles(stream)

    assert len(stream.getvalue().splitlines()) == articles
