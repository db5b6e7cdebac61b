"""dbcheck: each invariant's fault is found without changing anything, and --fix repairs it."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.models import Article, ImportRun, Mention, MentionGroup, Organization, ReviewStatus
from archive.services.dbcheck import run_checks
from archive.services.name_keys import ids_named
from tests.factories import (
    ArticleFactory,
    ImportRecordFactory,
    ImportRunFactory,
    MentionFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def counts(results):
    return {result.name: (result.count, result.fixed) for result in results}


def break_search_index():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO archive_article_fts(archive_article_fts) VALUES ('delete-all')"
            )
    else:
        # Triggers off for this one statement, as a bulk load by hand would do.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("UPDATE archive_article SET search_vector = NULL")
            cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def faults():
    suggested = MentionFactory()
    confirmed = MentionFactory(review_status=ReviewStatus.CONFIRMED)
    # The body changed under both mentions: their text is no longer there.
    for mention in (suggested, confirmed):
        Article.objects.filter(pk=mention.article_id).update(body="X" * 80, word_count=1)
    survivor = OrganizationFactory()
    merged = OrganizationFactory()
    stray = MentionFactory(organization=merged)
    Organization.objects.filter(pk=merged.pk).update(merged_into=survivor)
    # An alias written around the services: its name key is missing.
    Organization.objects.filter(pk=survivor.pk).update(aliases=["Urban Data Office"])
    Article.objects.filter(pk=stray.article_id).update(word_count=99)
    run = ImportRunFactory(created_count=3)
    ImportRecordFactory(run=run, outcome="created")
    break_search_index()
    # A review queue group of a record deleted around the services.
    MentionGroup.objects.create(
        kind="place", entity_id=10**9, text="Nowhere", mention_count=2, first_id=1
    )
    return {"suggested": suggested, "stray": stray, "survivor": survivor}


def test_a_clean_archive_passes_every_check():
    MentionFactory()
    ImportRecordFactory(run=ImportRunFactory(created_count=1), outcome="created")

    assert all(result.ok for result in run_checks())


def test_faults_are_reported_and_nothing_changes(faults):
    results = run_checks()

    assert counts(results) == {
        "foreign keys": (0, 0),
        "mention spans": (2, 0),
        "mentions of merged records": (1, 0),
        "import run counts": (1, 0),
        "article word counts": (1, 0),
        "name keys": (1, 0),
        "mention groups": (1, 0),
        "search index": (1, 0),
    }
    assert Mention.objects.count() == 3
    assert ImportRun.objects.get().created_count == 3


def test_fix_repairs_what_can_be_repaired(faults):
    results = run_checks(fix=True)

    assert counts(results) == {
        "foreign keys": (0, 0),
        "mention spans": (2, 1),
        "mentions of merged records": (1, 1),
        "import run counts": (1, 1),
        "article word counts": (1, 1),
        "name keys": (1, 1),
        "mention groups": (1, 1),
        "search index": (1, 1),
    }
    assert list(
        Organization.objects.filter(id__in=ids_named("organization", ["urban data office"]))
    ) == [faults["survivor"]]
    assert not Mention.objects.filter(pk=faults["suggested"].pk).exists()
    assert Mention.objects.get(pk=faults["stray"].pk).organization_id == faults["survivor"].pk
    assert ImportRun.objects.get().created_count == 1
    # Only the curator's confirmed mention is left to a human.
    assert counts(run_checks())["mention spans"] == (1, 0)
    assert [r.name for r in run_checks() if not r.ok] == ["mention spans"]


def test_dbcheck_command_exits_1_while_problems_remain(faults):
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("dbcheck", stdout=out)

    assert raised.value.returncode == 1
    assert "PROBLEM  search index: 1 found" in out.getvalue()
    assert "ok       foreign keys" in out.getvalue()


def test_dbcheck_command_passes_on_a_clean_archive():
    MentionFactory()
    out = io.StringIO()

    call_command("dbcheck", stdout=out)

    assert "PROBLEM" not in out.getvalue()


def test_the_seeds_and_the_page_corpora_import_with_every_invariant_kept(settings):
    corpus = settings.BASE_DIR / "tests" / "corpus"
    pages = sorted([*(corpus / "pages").glob("*.txt"), *(corpus / "heldout").glob("*.txt")])
    call_command(
        "import_articles",
        str(settings.BASE_DIR / "seeds"),
        *map(str, pages),
        workers=1,
        stdout=io.StringIO(),
    )

    results = run_checks()

    assert Article.objects.count() > len(pages)
    assert {result.name: result.problems for result in results if not result.ok} == {}


def test_dbcheck_command_counts_a_single_remaining_problem_in_the_singular():
    ArticleFactory()
    break_search_index()

    with pytest.raises(CommandError) as raised:
        call_command("dbcheck", stdout=io.StringIO())

    assert str(raised.value) == (
        "1 problem remains (run with --fix to repair what can be repaired)."
    )
