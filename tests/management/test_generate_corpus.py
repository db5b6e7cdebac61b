"""`manage.py generate_corpus` writes pages the importer reads as the manifest says."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, Person
from archive.services.importer import ImportOptions, Outcome, import_paths


@pytest.mark.django_db
def test_generated_pages_import_with_their_titles_dates_and_most_people(tmp_path):
    call_command("generate_corpus", articles=20, seed=11, output=tmp_path, verbosity=0)
    truth = [json.loads(line) for line in (tmp_path / ".manifest.jsonl").read_text().splitlines()]

    summary = import_paths([tmp_path], ImportOptions(workers=1))

    # The folder imports as it is: every page, and the ground truth is no input.
    assert (summary.counts[Outcome.CREATED], summary.failed) == (20, 0)
    articles = {a.origin.rsplit("/", 1)[-1]: a for a in Article.objects.all()}
    dated = [page for page in truth if page["title"]]
    assert {(p["title"], p["published_on"]) for p in dated} == {
        (
            articles[p["name"]].title,
            articles[p["name"]].published_on and articles[p["name"]].published_on.isoformat(),
        )
        for p in dated
    }
    wanted = {name for page in truth for name in page["people"]}
    found = set(Person.objects.values_list("name", flat=True)) & wanted
    assert len(found) >= 0.7 * len(wanted)


def test_it_refuses_a_folder_that_already_holds_pages(tmp_path):
    (tmp_path / "0000000.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="already holds pages"):
        call_command("generate_corpus", articles=2, output=tmp_path, verbosity=0)


def test_it_counts_a_single_page_in_the_singular(tmp_path):
    out = io.StringIO()

    call_command("generate_corpus", articles=1, seed=3, output=tmp_path, stdout=out)

    assert out.getvalue() == f"Wrote 1 page to {tmp_path} (ground truth: .manifest.jsonl)\n"
