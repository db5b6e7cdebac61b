import functools
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from archive.models import Article
from archive.pipeline import reading
from archive.pipeline.types import Extraction, Gazetteer
from archive.services.importer import DEFAULT_MAX_BYTES
from archive.services.parse_worker import parse_document
from tests.services.test_importer import LISBON, write

pytestmark = pytest.mark.django_db


def test_import_seeds_imports_the_seeds_folder(tmp_path, settings):
    settings.SEEDS_DIR = tmp_path
    write(tmp_path, "lisbon.txt", LISBON)
    out = io.StringIO()

    call_command("import_seeds", stdout=out, workers=1)

    assert out.getvalue().startswith("1 file: 1 created, 0 updated, 0 unchanged")
    assert Article.objects.get().title == "Lisbon opens an urban data platform"


def test_import_seeds_missing_folder_is_a_command_error(tmp_path, settings):
    settings.SEEDS_DIR = tmp_path / "missing"

    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_seeds", stdout=io.StringIO())


# --------------------------------------------------------------------------------------------
# The real seeds reach the database as the extractor found them. What the extractor must find
# in them is tests/pipeline/extraction/test_seeds.py's business; here the expected names come
# from running the pipeline on the same file, so only the importer's side is tested twice.
# --------------------------------------------------------------------------------------------

FORUM_TITLE = (
    "86 speakers and more than 193,000 views: results of the first online forum of smart "
    "cities Smart Cities Moscow were summed up in Moscow"
)
AI_CENTER_TITLE = "Groundbreaking AI Center will Facilitate Smart City Development in Moscow"
DIT = "Department of Information Technologies of Moscow"


@pytest.fixture
def seeds(db):
    call_command("import_seeds", stdout=io.StringIO(), workers=1)
    return {
        "forum": Article.objects.get(origin__endswith="000_325af5b5e1360b47.txt"),
        "ai_center": Article.objects.get(origin__endswith="003_9095223dfe5264f7.txt"),
    }


def mentioned(article, kind):
    """The records of one kind an article visibly mentions."""
    from archive.kinds import KINDS

    return list(
        KINDS[kind]
        .model.objects.public()
        .filter(mentions__article=article)
        .exclude(mentions__review_status="rejected")
        .distinct()
    )


def names(records):
    return {record.name for record in records}


@functools.cache
def _extraction_of_origin(origin: str) -> Extraction:
    [document] = reading.read_path(Path(settings.BASE_DIR) / origin, DEFAULT_MAX_BYTES)
    # The seeds are imported into an empty archive: its gazetteer knows nothing yet.
    result = parse_document(document, Gazetteer())
    assert result.extraction is not None, result.error
    return result.extraction


def extracted_names(article, kind):
    """The names the pipeline finds, of one kind, in the file `article` was imported from."""
    extraction = _extraction_of_origin(article.origin)
    return {entity.name for entity in extraction.entities if entity.kind == kind}


def find(records, name):
    """The record called `name` (or with `name` among its aliases)."""
    wanted = name.casefold()
    matches = [r for r in records if wanted in {n.casefold() for n in r.all_names}]
    assert len(matches) == 1, (name, names(records))
    return matches[0]


def test_seed_forum_article_fields(seeds):
    forum = seeds["forum"]
    assert (forum.title, forum.published_on, forum.status) == (FORUM_TITLE, None, "published")
    assert "Subscribe to our newsletter" not in forum.body
    assert forum.body.startswith("The first international online forum Smart Cities Moscow")


def test_seed_forum_people_exactly_as_extracted_with_roles(seeds):
    forum = seeds["forum"]
    people = mentioned(forum, "person")
    assert people  # the page names people: an empty extraction would make this test vacuous
    assert names(people) == extracted_names(forum, "person")
    extraction = _extraction_of_origin(forum.origin)
    extracted_roles = {
        entity.name: entity.attributes.get("role") or ""
        for entity in extraction.entities
        if entity.kind == "person"
    }
    assert {person.name: person.role for person in people} == extracted_roles


def test_seed_forum_organizations_event_and_places(seeds):
    forum = seeds["forum"]
    organizations = mentioned(forum, "organization")
    for name in (
        DIT,
        "Moscow Government",
        "UN Department of Economic and Social Affairs",
        "Dubai Telecommunications Regulatory Authority",
        "International City Data Council",
    ):
        find(organizations, name)
    assert "WCCD" in find(organizations, "International City Data Council").all_names
    event = find(mentioned(forum, "event"), "Smart Cities Moscow")
    assert (event.kind, event.is_online, event.place.name if event.place else None) == (
        "forum",
        True,
        "Moscow",
    )
    places = mentioned(forum, "place")
    for name in extracted_names(forum, "place"):
        find(places, name)


def test_seed_forum_quotes(seeds):
    speakers = [
        quote.speaker.name if quote.speaker else quote.speaker_name
        for quote in seeds["forum"].quotes.order_by("start")
    ]
    assert speakers == ["Eduard Lysenko", "Juwang Zhu", "Patricia McCarney"]


def test_seed_ai_center_article_fields(seeds):
    article = seeds["ai_center"]
    assert (article.title, str(article.published_on), article.byline) == (
        AI_CENTER_TITLE,
        "2020-03-12",
        "DIT",
    )
    assert "For more information, visit:" not in article.body
    assert "Laird" not in article.body and "Lanner" not in article.body


def test_seed_ai_center_entities_and_quote(seeds):
    article = seeds["ai_center"]
    organizations = mentioned(article, "organization")
    assert "WEF" in find(organizations, "World Economic Forum").all_names
    find(organizations, "Center for the Fourth Industrial Revolution")
    find(organizations, "Sberbank")
    assert "DIT" in find(organizations, DIT).all_names
    assert "Eduard Lysenko" in names(mentioned(article, "person"))
    assert names(mentioned(article, "place")) >= {
        "Moscow",
        "Russia",
        "United States",
        "China",
        "Canada",
        "Japan",
    }
    speakers = [quote.speaker.name if quote.speaker else "" for quote in article.quotes.all()]
    assert speakers == ["Eduard Lysenko"]


def test_seeds_share_records_across_articles(seeds):
    from archive.models import Organization, Person

    forum_dit = find(mentioned(seeds["forum"], "organization"), DIT)
    ai_center_dit = find(mentioned(seeds["ai_center"], "organization"), DIT)
    assert forum_dit.pk == ai_center_dit.pk
    assert Organization.objects.filter(name=DIT).count() == 1
    assert Person.objects.filter(name="Eduard Lysenko").count() == 1
    assert (
        find(mentioned(seeds["forum"], "person"), "Eduard Lysenko").pk
        == find(mentioned(seeds["ai_center"], "person"), "Eduard Lysenko").pk
    )


def test_seeds_second_import_changes_nothing(seeds):
    out = io.StringIO()

    call_command("import_seeds", stdout=out, workers=1)

    assert out.getvalue().startswith("2 files: 0 created, 0 updated, 2 unchanged")
