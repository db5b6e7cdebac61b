import csv
import io
import json

import pytest
from django.core.management import call_command

from archive.models import ArticleStatus
from tests.factories import ArticleFactory
from tests.services.test_export import article_with_entities

pytestmark = pytest.mark.django_db


def test_export_articles_writes_json_lines_to_stdout():
    article = article_with_entities()
    ArticleFactory(status=ArticleStatus.DRAFT)
    out = io.StringIO()

    call_command("export_articles", stdout=out)

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["slug"] for r in records] == [article.slug]
    assert records[0]["organizations"] == ["Department of Information Technologies of Moscow"]


def test_export_articles_all_statuses_as_csv_to_a_file(tmp_path):
    published = ArticleFactory()
    draft = ArticleFactory(status=ArticleStatus.DRAFT)
    output = tmp_path / "export.csv"
    out = io.StringIO()

    call_command(
        "export_articles",
        "--format",
        "csv",
        "--status",
        "all",
        "--output",
        str(output),
        "--base-url",
        "https://archive.example.org",
        stdout=out,
    )

    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert [(r["slug"], r["url"]) for r in rows] == [
        (published.slug, f"https://archive.example.org/articles/{published.slug}/"),
        (draft.slug, f"https://archive.example.org/articles/{draft.slug}/"),
    ]
    assert out.getvalue() == f"Exported 2 articles to {output}.\n"
