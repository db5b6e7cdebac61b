"""Every export, byte for byte, for a small archive with every case (export_archive.py).

The expected files in export_outputs/ were written by the exports as they were before they
streamed their names from the database, so these tests hold the new code to the old output.
The JSON ones were rewritten once since, when orjson took over the encoding: compact separators,
the same values.
After a deliberate change of an export's output, rewrite them with
`REWRITE_EXPORT_OUTPUTS=1 pytest tests/services/test_export_outputs.py` and review the diff.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.services.export_archive import build_export_archive

pytestmark = pytest.mark.django_db

OUTPUTS = Path(__file__).parent / "export_outputs"

#: file name: (URL name, query) of a public export.
PUBLIC_EXPORTS = {
    "articles.csv": ("archive:article-list", {"format": "csv"}),
    "articles.json": ("archive:article-list", {"format": "json"}),
    "articles-oldest-tram-board.csv": (
        "archive:article-list",
        {"organization": "tram-board", "ordering": "oldest", "format": "csv"},
    ),
    "articles-2024-by-title.json": (
        "archive:article-list",
        {"year": "2024", "ordering": "title", "format": "json"},
    ),
    "organizations.csv": ("archive:organization-list", {"format": "csv"}),
    "organizations-most-mentioned.json": (
        "archive:organization-list",
        {"ordering": "mentions", "format": "json"},
    ),
    "people.csv": ("archive:person-list", {"format": "csv"}),
    "people.json": ("archive:person-list", {"format": "json"}),
    "events.csv": ("archive:event-list", {"format": "csv"}),
    "events.json": ("archive:event-list", {"format": "json"}),
    "places.csv": ("archive:place-list", {"format": "csv"}),
    "places.json": ("archive:place-list", {"format": "json"}),
}

#: file name: arguments of `manage.py export_articles`.
COMMAND_EXPORTS = {
    "export-published.jsonl": [],
    "export-all.jsonl": ["--status", "all", "--base-url", "https://archive.example.org/"],
    "export-all.csv": ["--format", "csv", "--status", "all"],
    "export-draft.csv": ["--format", "csv", "--status", "draft"],
}


def _check(name: str, content: bytes) -> None:
    expected = OUTPUTS / name
    if os.environ.get("REWRITE_EXPORT_OUTPUTS"):
        expected.write_bytes(content)
    assert content.decode("utf-8") == expected.read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", PUBLIC_EXPORTS)
def test_public_export_writes_what_it_always_wrote(client, name):
    build_export_archive()
    url_name, query = PUBLIC_EXPORTS[name]

    response = client.get(reverse(url_name), query)

    assert response.streaming
    _check(name, b"".join(response.streaming_content))


@pytest.mark.parametrize("name", COMMAND_EXPORTS)
def test_export_command_writes_what_it_always_wrote(tmp_path, name):
    build_export_archive()
    output = tmp_path / name

    call_command(
        "export_articles", *COMMAND_EXPORTS[name], "--output", str(output), stdout=io.StringIO()
    )

    _check(name, output.read_bytes())
