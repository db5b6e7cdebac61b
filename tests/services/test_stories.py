"""Stories: copies grouped at import, the representative, split / join / undo, pages, export."""

import datetime
import random

import pytest
from django.urls import reverse

from archive.models import Article, ArticleFingerprint, ImportRun, Story, StoryBand, StoryChange
from archive.services import import_undo, publishing, stories
from archive.services.entity_queries import CurationError
from archive.services.export import iter_article_records
from archive.services.loader import load_result
from archive.services.rewrites import OPERATIONS, rewrite
from tests.factories import ArticleFactory, StaffUserFactory, build_import_result

pytestmark = pytest.mark.django_db

ORIGINAL = "\n\n".join(
    [
        "The transport board of Varrow Bay approved a plan on Tuesday to cover the roof of its "
        "northern tram depot with solar panels. The array will be the largest on any public "
        "building in the region. Work is due to start in the spring.",
        "Engineers expect the panels to supply about a third of the electricity the depot uses "
        "to charge and heat its trams. On bright afternoons the surplus will flow to the nearby "
        "swimming hall, which the board also runs.",
        "Nadia Orlund, who chairs the board, said the roof had been empty for forty years. "
        "She added that the savings would be spent on more frequent evening services on the "
        "harbour line.",
        "Residents near the depot asked for the glare of the panels to be studied before "
        "building starts. The board agreed to publish the study and to hold two open evenings "
        "at the depot in March.",
        "The project is paid for by a green bond the city sold last year. Three other depots "
        "could follow if the first roof performs as planned.",
    ]
)

SAME_TOPIC = "\n\n".join(
    [
        "Kestwick council will fit solar panels to the roof of the central bus garage, its "
        "cabinet decided on Wednesday. The garage houses the electric buses that entered "
        "service across the city last autumn.",
        "According to the council's energy officer, Tomas Frey, the panels should cover "
        "about a quarter of the power the buses draw overnight. Batteries in the basement "
        "will store what the roof makes during the day.",
        "Opposition members questioned the cost and asked why the garage was chosen before "
        "the schools. The cabinet replied that the garage roof was newer and needed no "
        "repairs first.",
        "Construction is planned for the summer holidays so that no route is disrupted. A "
        "second garage in the east of the city is being surveyed.",
    ]
)

SINGLE_OPERATIONS = [(op,) for op in OPERATIONS if op != "headline"]


def load(body, origin, *, title="Solar roof for the tram depot", published_on=None):
    result = build_import_result(origin=origin, title=title, body=body, published_on=published_on)
    return load_result(result).article


def rewritten(operations, seed=5):
    return rewrite(ORIGINAL, "", random.Random(seed), operations).strip()


COMBINED = [("drop", "headline", "junk"), ("reorder", "swap", "headline")]


@pytest.mark.parametrize("operations", [*SINGLE_OPERATIONS, *COMBINED], ids=str)
def test_rewritten_copy_joins_the_story_of_the_original(operations):
    original = load(ORIGINAL, "site-a/depot.txt")
    copy = load(rewritten(operations), "site-b/depot.txt", title="Trams to run on sunshine")

    original.refresh_from_db()
    assert copy.body != ORIGINAL
    assert original.story_id is not None
    assert copy.story_id == original.story_id


def test_threshold_is_a_setting_that_needs_no_reindexing(settings):
    # Sentences reordered and a paragraph dropped in a short text: about 0.56 of the shingles
    # shared, under the default threshold (precision first), over a lower one.
    original = load(ORIGINAL, "a.txt")
    copy = load(rewritten(("reorder", "drop"), seed=8), "b.txt")
    assert copy.story_id is None
    settings.STORY_JACCARD_THRESHOLD = 0.5
    again = load(rewritten(("reorder", "drop"), seed=8) + "\n\nShared.", "c.txt")
    original.refresh_from_db()
    assert again.story_id is not None
    assert again.story_id in {original.story_id, Article.objects.get(pk=copy.pk).story_id}


def test_other_headline_alone_is_the_same_story():
    original = load(ORIGINAL, "site-a/depot.txt")
    copy = load(ORIGINAL + "\n\nShare this story", "site-b/x.txt", title="Depot goes solar")
    original.refresh_from_db()
    assert copy.story_id == original.story_id


def test_unrelated_article_on_the_same_topic_stays_apart():
    original = load(ORIGINAL, "site-a/depot.txt")
    other = load(SAME_TOPIC, "site-c/garage.txt", title="Solar roof for the bus garage")
    original.refresh_from_db()
    assert original.story_id is None
    assert other.story_id is None
    assert Story.objects.count() == 0


def test_three_copies_share_one_story_and_the_index_is_stored():
    first = load(ORIGINAL, "a.txt")
    second = load(rewritten(("reorder",)), "b.txt")
    third = load(rewritten(("swap", "junk"), seed=9), "c.txt")
    ids = set(
        Article.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list(
            "story_id", flat=True
        )
    )
    assert len(ids) == 1 and None not in ids
    assert ArticleFingerprint.objects.count() == 3
    assert StoryBand.objects.filter(article=first).count() > 1
    assert Story.objects.count() == 1


def test_short_bodies_are_not_compared():
    load("A short notice about the depot.", "a.txt")
    second = load("A short notice about the depot.\n\nMore soon.", "b.txt")
    assert second.story_id is None
    assert ArticleFingerprint.objects.count() == 0


def test_the_parse_workers_fingerprint_bodies_as_the_loader_would(settings):
    from archive.pipeline.types import Gazetteer, RawDocument
    from archive.services.parse_worker import parse_document

    document = RawDocument(origin="depot.txt", data=f"Solar roof\n\n{ORIGINAL}".encode())
    result = parse_document(document, Gazetteer(), 0, stories.fingerprint_layout())
    assert result.fingerprint == stories.body_fingerprint(result.page.body)
    assert result.fingerprint is not None

    settings.STORY_GROUPING = False
    assert stories.fingerprint_layout() is None
    unfingerprinted = parse_document(document, Gazetteer(), 0, stories.fingerprint_layout())
    assert unfingerprinted.fingerprint is None


def test_the_loader_stores_the_fingerprint_the_worker_computed():
    result = build_import_result(origin="a.txt", title="Solar roof", body=ORIGINAL)
    # Another body's fingerprint, to tell it from one the loader would compute itself.
    result.fingerprint = stories.body_fingerprint(SAME_TOPIC)
    article = load_result(result).article
    stored = ArticleFingerprint.objects.get(article=article)
    assert bytes(stored.signature) == result.fingerprint.signature
    assert set(StoryBand.objects.filter(article=article).values_list("key", flat=True)) == set(
        result.fingerprint.band_keys
    )


def test_articles_imported_by_worker_processes_store_their_bodies_fingerprints(tmp_path):
    from archive.services.importer import ImportOptions, import_paths

    for number, body in enumerate([ORIGINAL, rewritten(("reorder",)), SAME_TOPIC]):
        (tmp_path / f"{number}.txt").write_text(f"Headline number {number}\n\n{body}\n")

    import_paths([tmp_path], ImportOptions(workers=2))

    stored = dict(ArticleFingerprint.objects.values_list("article__body", "signature"))
    assert len(stored) == 3
    assert {body: bytes(signature) for body, signature in stored.items()} == {
        body: stories.body_fingerprint(body).signature for body in stored
    }
    assert Story.objects.count() == 1


def test_representative_is_the_earliest_dated_then_the_longest():
    later = load(ORIGINAL, "a.txt", published_on=datetime.date(2024, 5, 2))
    undated = load(rewritten(("junk",)), "b.txt")
    earliest = load(rewritten(("drop",)), "c.txt", published_on=datetime.date(2024, 5, 1))
    story = Story.objects.get(pk=earliest.story_id)
    assert story.representative_id == earliest.pk
    assert {later.pk, undated.pk} < set(story.articles.values_list("pk", flat=True))

    # Same day: the longer copy wins.
    Article.objects.filter(pk=later.pk).update(published_on=datetime.date(2024, 5, 1))
    stories.refresh_representatives([story.pk])
    story.refresh_from_db()
    assert story.representative_id == later.pk  # the untrimmed original has more words


def test_deleting_the_representative_hands_the_story_to_the_next_copy():
    first = load(ORIGINAL, "a.txt", published_on=datetime.date(2024, 5, 1))
    copy = load(rewritten(("drop",)), "b.txt", published_on=datetime.date(2024, 5, 2))
    story = Story.objects.get(pk=copy.story_id)
    assert story.representative_id == first.pk

    assert publishing.delete_articles(Article.objects.filter(pk=first.pk)) == 1

    story.refresh_from_db()
    assert story.representative_id == copy.pk


def test_undoing_the_import_of_a_representative_hands_the_story_back():
    original = load(ORIGINAL, "a.txt", published_on=datetime.date(2024, 5, 2))
    run = ImportRun.objects.create(paths=["inbox"])
    result = build_import_result(
        origin="b.txt",
        title="Solar roof",
        body=rewritten(("drop",)),
        published_on=datetime.date(2024, 5, 1),
    )
    earlier = load_result(result, run=run).article
    story = Story.objects.get(pk=earlier.story_id)
    assert story.representative_id == earlier.pk
    run.status = ImportRun.Status.FINISHED
    run.save()

    import_undo.undo_import_run(run)

    story.refresh_from_db()
    assert story.representative_id == original.pk


def test_reimport_with_changed_text_keeps_the_story():
    original = load(ORIGINAL, "a.txt")
    copy = load(rewritten(("reorder",)), "b.txt")
    load(rewritten(("swap",)), "b.txt")  # same origin, other text: UPDATED
    copy.refresh_from_db()
    original.refresh_from_db()
    assert copy.story_id == original.story_id
    assert ArticleFingerprint.objects.filter(article=copy).count() == 1


# --- split, join, undo -------------------------------------------------------------------------


def _two_copies():
    original = load(ORIGINAL, "a.txt")
    copy = load(rewritten(("junk",)), "b.txt")
    original.refresh_from_db()
    return original, copy


def test_split_takes_the_article_out_and_keeps_it_apart_from_later_imports():
    original, copy = _two_copies()
    story_id = original.story_id
    user = StaffUserFactory()

    change = stories.split_article(copy, user=user)

    copy.refresh_from_db()
    assert copy.story_id is None
    assert change.action == StoryChange.Action.SPLIT and change.performed_by == user
    assert Story.objects.get(pk=story_id).representative_id == original.pk
    assert ArticleFingerprint.objects.get(article=copy).kept_apart
    assert copy.history.first().history_change_reason == stories.REASON_SPLIT
    with pytest.raises(CurationError):
        stories.split_article(copy)


def test_undo_split_puts_the_article_back():
    original, copy = _two_copies()
    change = stories.split_article(copy)

    stories.undo_story_change(change)

    copy.refresh_from_db()
    assert copy.story_id == original.story_id
    assert not ArticleFingerprint.objects.get(article=copy).kept_apart
    with pytest.raises(CurationError):
        stories.undo_story_change(change)


def test_join_two_stories_and_undo():
    first, first_copy = _two_copies()
    other = load(SAME_TOPIC, "c.txt", title="Bus garage")
    other_copy = load(
        rewrite(SAME_TOPIC, "", random.Random(2), ("junk",)).strip(), "d.txt", title="Garage"
    )
    other.refresh_from_db()
    assert other.story_id and other.story_id != first.story_id
    before = dict(Article.objects.values_list("pk", "story_id"))

    change = stories.join_articles([first, other])

    after = dict(Article.objects.values_list("pk", "story_id"))
    assert len({after[a.pk] for a in (first, first_copy, other, other_copy)}) == 1
    assert change.action == StoryChange.Action.JOIN

    stories.undo_story_change(change)

    assert dict(Article.objects.values_list("pk", "story_id")) == before


def test_join_articles_in_no_story_makes_one_and_refuses_a_single_article():
    first = ArticleFactory()
    second = ArticleFactory()
    change = stories.join_articles([first, second])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.story_id == second.story_id == change.story_id
    with pytest.raises(CurationError):
        stories.join_articles([first, second])  # already one story
    with pytest.raises(CurationError):
        stories.join_articles([ArticleFactory()])


def test_undo_keeps_a_later_decision():
    _original, copy = _two_copies()
    change = stories.split_article(copy)
    stories.join_articles([copy, ArticleFactory()])  # the curator put it elsewhere since
    story_now = Article.objects.get(pk=copy.pk).story_id

    stories.undo_story_change(change)

    assert Article.objects.get(pk=copy.pk).story_id == story_now


# --- pages, counts, export ---------------------------------------------------------------------


def test_article_page_lists_the_other_copies_in_constant_queries(client, django_assert_num_queries):
    original = load(ORIGINAL, "a.txt", published_on=datetime.date(2024, 3, 1))
    Article.objects.update(status="published")
    url = original.get_absolute_url()
    load(rewritten(("junk",)), "b.txt", title="Copy one")
    Article.objects.update(status="published")
    client.get(url)  # warm what is cached
    one_copy = connection_queries(client, url)
    response = client.get(url)
    assert "Also published as" in response.content.decode()
    assert "Copy one" in response.content.decode()

    load(rewritten(("swap",)), "c.txt", title="Copy two")
    load(rewritten(("reorder",), seed=3), "d.txt", title="Copy three")
    Article.objects.update(status="published")
    with django_assert_num_queries(len(one_copy)):
        response = client.get(url)
    assert "Copy three" in response.content.decode()


def test_article_list_collapses_a_story_to_one_row(client, django_assert_num_queries):
    load(ORIGINAL, "a.txt", title="First copy", published_on=datetime.date(2024, 3, 1))
    load(rewritten(("junk",)), "b.txt", title="Second copy")
    load(SAME_TOPIC, "c.txt", title="Garage story")
    Article.objects.update(status="published")
    url = reverse("archive:article-list")

    every = client.get(url).context["page_obj"].object_list
    assert len(every) == 3
    client.get(url + "?collapse=stories")
    with django_assert_num_queries(len(connection_queries(client, url + "?collapse=stories"))):
        response = client.get(url + "?collapse=stories")
    rows = list(response.context["page_obj"].object_list)
    assert sorted(a.title for a in rows) == ["First copy", "Garage story"]
    assert {a.title: a.story_copies for a in rows} == {"First copy": 2, "Garage story": 1}
    assert "2 copies" in response.content.decode()


def connection_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return captured.captured_queries


def test_story_count_counts_copies_once():
    load(ORIGINAL, "a.txt")
    load(rewritten(("junk",)), "b.txt")
    load(SAME_TOPIC, "c.txt")
    assert stories.story_count(Article.objects.all()) == 2


def test_export_carries_the_shared_story():
    original, copy = _two_copies()
    Article.objects.update(status="published")
    records = {r["slug"]: r for r in iter_article_records()}
    assert records[original.slug]["story"] == records[copy.slug]["story"] == original.story_id


def test_rebuild_story_index_groups_articles_imported_before_stories(settings):
    from django.core.management import call_command

    first = ArticleFactory(body=ORIGINAL)
    second = ArticleFactory(body=rewritten(("junk",)))
    ArticleFactory(body=SAME_TOPIC)
    assert ArticleFingerprint.objects.count() == 0

    call_command("rebuild_story_index", stdout=__import__("io").StringIO())

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.story_id == second.story_id is not None
    assert ArticleFingerprint.objects.count() == 3
    assert Story.objects.count() == 1


def test_grouping_can_be_switched_off(settings):
    settings.STORY_GROUPING = False
    load(ORIGINAL, "a.txt")
    copy = load(rewritten(("junk",)), "b.txt")
    assert copy.story_id is None
    assert ArticleFingerprint.objects.count() == 0


@pytest.mark.parametrize("seed_file", sorted(__import__("pathlib").Path("seeds").glob("*.txt")))
@pytest.mark.parametrize(
    "operations", [("headline", "junk", "swap"), ("drop", "junk"), ("reorder",)]
)
def test_a_rewritten_copy_of_a_seed_page_joins_the_seeds_story(seed_file, operations):
    from archive.pipeline.process import parse_document
    from archive.pipeline.types import RawDocument

    text = seed_file.read_text(encoding="utf-8")
    seed_page = parse_document(RawDocument(origin=str(seed_file), data=text.encode("utf-8")))
    copy_text = rewrite(text, seed_page.title, random.Random(4), operations)
    copy_page = parse_document(RawDocument(origin="copy.txt", data=copy_text.encode("utf-8")))
    assert copy_page.body != seed_page.body

    seed = load(seed_page.body, str(seed_file), title=seed_page.title or "Seed")
    copy = load(copy_page.body, "elsewhere/copy.txt", title=copy_page.title or "Copy")

    seed.refresh_from_db()
    assert seed.story_id is not None
    assert copy.story_id == seed.story_id


def test_a_searched_list_collapsed_to_stories_counts_each_storys_copies(client):
    # A search's page reads its rows by id after ranking them (archive.pagination): the rows
    # still carry the number of copies.
    load(ORIGINAL, "a.txt", title="First copy", published_on=datetime.date(2024, 3, 1))
    load(rewritten(("junk",)), "b.txt", title="Second copy")
    load(SAME_TOPIC, "c.txt", title="Garage story")
    Article.objects.update(status="published")
    first = Article.objects.get(title="First copy")
    # A long word: not a stop word that PostgreSQL leaves out of its index.
    word = max((w for w in first.body.split() if w.isalpha()), key=len)

    response = client.get(reverse("archive:article-list"), {"q": word, "collapse": "stories"})

    rows = list(response.context["page_obj"].object_list)
    assert {a.title: a.story_copies for a in rows}["First copy"] == 2


def test_the_collapsed_lists_count_is_its_rows_after_join_split_undo_and_withdrawal(client):
    """The one-row-per-story list of the whole archive takes its count from `story_count` (two
    index counts), not from counting its rows: equal to them after every change of stories."""
    first, first_copy = _two_copies()
    other = load(SAME_TOPIC, "c.txt", title="Bus garage")
    ArticleFactory(title="Alone")
    Article.objects.update(status="published")
    url = reverse("archive:article-list")

    def count_and_rows() -> tuple[int, int]:
        page = client.get(url, {"collapse": "stories"}).context["page_obj"]
        counted = stories.collapse_stories(Article.objects.published()).count()
        assert page.paginator.count == counted
        return page.paginator.count, len(page.object_list)

    assert count_and_rows() == (3, 3)
    joined = stories.join_articles([first, other])
    assert count_and_rows() == (2, 2)
    split = stories.split_article(Article.objects.get(pk=first_copy.pk))
    assert count_and_rows() == (3, 3)
    stories.undo_story_change(split)
    stories.undo_story_change(joined)
    assert count_and_rows() == (3, 3)
    publishing.withdraw_articles([Article.objects.get(pk=first.pk)])
    assert count_and_rows() == (3, 3)  # its copy now shows the story
    publishing.withdraw_articles([Article.objects.get(pk=first_copy.pk)])
    assert count_and_rows() == (2, 2)
