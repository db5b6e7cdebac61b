"""An import running while curators merge entities and publish articles loses no curator change.

Each test holds a curator's transaction open (in a thread, on its own connection) while an
import writes a document that depends on the same rows, then commits it. Without row locks the
import would work from what it read before the commit: link a mention to a record just merged
away, or save back the status it read. Real concurrent transactions need PostgreSQL; SQLite's
IMMEDIATE transactions let only one writer in at a time, so the race cannot happen there.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from archive.models import Article, ArticleStatus, Mention, Organization
from archive.services.loader import load_result
from archive.services.merging import merge_entities
from archive.services.publishing import publish_articles
from tests.factories import OrganizationFactory, build_import_result, extracted_entity

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent write transactions"
    ),
]

#: Long enough for the import to reach the curator's locked rows before the curator commits.
HOLD_SECONDS = 1.0


def while_curator_holds(curate, then_import):
    """Run `curate()` in a transaction left open until `then_import()` has had time to block."""
    curated = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def curator():
        try:
            with transaction.atomic():
                curate()
                curated.set()
                release.wait(timeout=30)
        except BaseException as error:  # reported by the test below
            errors.append(error)
            curated.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=curator)
    thread.start()
    assert curated.wait(timeout=30)
    importer = threading.Thread(target=then_import)
    importer.start()
    time.sleep(HOLD_SECONDS)
    release.set()
    thread.join(timeout=30)
    importer.join(timeout=60)
    assert (errors, thread.is_alive(), importer.is_alive()) == ([], False, False)


def agency_result(origin: str, body: str):
    return build_import_result(
        origin=origin,
        title="The agency opens its data",
        body=body,
        entities=[extracted_entity("o1", "organization", "Harbour Data Agency")],
    )


def test_a_merge_committed_during_an_import_leaves_no_mention_on_the_merged_record():
    survivor = OrganizationFactory(name="Harbour Data Office")
    merged = OrganizationFactory(name="Harbour Data Agency")
    outcomes = []

    def do_import():
        try:
            body = "The Harbour Data Agency opened its data on Monday."
            outcomes.append(load_result(agency_result("inbox/agency.txt", body)).outcome)
        finally:
            connections.close_all()

    while_curator_holds(lambda: merge_entities(survivor, merged), do_import)

    assert outcomes == ["created"]
    mentions = Mention.objects.filter(article__origin="inbox/agency.txt")
    assert [m.organization_id for m in mentions] == [survivor.pk]
    assert Mention.objects.filter(organization=merged).count() == 0
    assert Organization.objects.get(pk=merged.pk).merged_into_id == survivor.pk


def test_a_publish_committed_during_a_re_import_stays_published():
    first = agency_result("inbox/agency.txt", "The Harbour Data Agency opened its data.")
    load_result(first, status=ArticleStatus.DRAFT)
    article = Article.objects.get()
    changed = agency_result("inbox/agency.txt", "The Harbour Data Agency opened all its data.")

    def do_import():
        try:
            load_result(changed)
        finally:
            connections.close_all()

    while_curator_holds(lambda: publish_articles([Article.objects.get(pk=article.pk)]), do_import)

    article.refresh_from_db()
    assert (article.status, article.body) == (
        ArticleStatus.PUBLISHED,
        "The Harbour Data Agency opened all its data.",
    )
    assert "status" in article.curated_fields
