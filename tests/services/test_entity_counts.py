"""Each record's stored counts equal a fresh count after every service that changes them."""

import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from archive.kinds import KINDS
from archive.models import (
    Article,
    ArticleStatus,
    ImportRecord,
    ImportRun,
    Mention,
    Organization,
    Place,
    ReviewStatus,
)
from archive.services import import_undo, merging, publishing, review, stories
from archive.services.entity_counts import CountBatch, recount_all, recount_entities
from archive.services.loader import load_result
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PlaceFactory,
    StoryFactory,
    build_import_result,
    extracted_entity,
    mention_everywhere,
)
from tests.services.test_mention_groups import assert_groups_fresh

pytestmark = pytest.mark.django_db


def fresh_counts() -> dict[tuple[str, int], tuple[int, int, int, int]]:
    """{(kind, id): (articles, mentions, stories, queue)} counted here, row by row, for every
    record: visible mentions in published articles; an article in no story is a story of its
    own; the review queue's count is of the visible mentions in any article."""
    articles, mentions, story_keys = defaultdict(set), defaultdict(int), defaultdict(set)
    queue = defaultdict(int)
    rows = Mention.objects.exclude(review_status=ReviewStatus.REJECTED)
    for mention in rows.select_related("article"):
        key = (mention.kind, mention.entity.pk)
        queue[key] += 1
        if mention.article.status != ArticleStatus.PUBLISHED:
            continue
        articles[key].add(mention.article_id)
        mentions[key] += 1
        story = mention.article.story_id
        story_keys[key].add(("story", story) if story else ("article", mention.article_id))
    return {
        (kind.value, pk): (
            len(articles[(kind.value, pk)]),
            mentions[(kind.value, pk)],
            len(story_keys[(kind.value, pk)]),
            queue[(kind.value, pk)],
        )
        for kind in KINDS
        for pk in kind.model.objects.values_list("pk", flat=True)
    }


def stored_counts() -> dict[tuple[str, int], tuple[int, int, int, int]]:
    fields = (
        "public_article_count",
        "public_mention_count",
        "public_story_count",
        "queue_mention_count",
    )
    return {
        (kind.value, row[0]): tuple(row[1:])
        for kind in KINDS
        for row in kind.model.objects.values_list("pk", *fields)
    }


def assert_counts_fresh() -> None:
    assert stored_counts() == fresh_counts()
    # The review queue's mention groups follow the same services (recount_entities).
    assert_groups_fresh()


def count_of(entity) -> tuple[int, int, int]:
    entity.refresh_from_db()
    return (entity.public_article_count, entity.public_mention_count, entity.public_story_count)


@pytest.fixture
def port_and_grid():
    """Two agencies: one named twice in one article and once in another; one named once."""
    port, grid = OrganizationFactory(name="Port Agency"), OrganizationFactory(name="Grid Board")
    first = ArticleFactory(body="Port Agency met. Port Agency agreed with Grid Board.")
    second = ArticleFactory(body="Port Agency spoke.")
    mention_everywhere(first, port)
    mention_everywhere(first, grid)
    mention_everywhere(second, port)
    return port, grid, first, second


# --- the service itself -----------------------------------------------------------------------


def test_recount_sets_what_a_fresh_count_finds_and_only_changes_stale_rows(port_and_grid):
    port, grid, *_ = port_and_grid
    Organization.objects.update(public_article_count=9, public_mention_count=9)
    assert recount_entities({"organization": [port.pk]}) == 1
    assert count_of(port) == (2, 3, 2)
    assert count_of(grid) == (9, 9, 1)  # not asked for
    assert recount_entities({"organization": [port.pk, grid.pk]}) == 1
    assert_counts_fresh()


def test_drafts_and_rejected_mentions_do_not_count(port_and_grid):
    port, _, first, second = port_and_grid
    Mention.objects.filter(article=first).update(review_status=ReviewStatus.REJECTED)
    Article.objects.filter(pk=second.pk).update(status=ArticleStatus.DRAFT)
    recount_all()
    assert count_of(port) == (0, 0, 0)
    assert_counts_fresh()


def test_the_review_queue_counts_drafts_but_not_rejected_mentions(port_and_grid):
    port, _, first, second = port_and_grid
    Mention.objects.filter(article=first).update(review_status=ReviewStatus.REJECTED)
    Article.objects.filter(pk=second.pk).update(status=ArticleStatus.DRAFT)
    recount_all()
    port.refresh_from_db()
    assert (port.public_mention_count, port.queue_mention_count) == (0, 1)
    assert_counts_fresh()


def test_copies_of_one_story_count_once(port_and_grid):
    port, _, first, second = port_and_grid
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(story=StoryFactory())
    recount_all()
    assert count_of(port) == (2, 3, 1)


def test_lists_order_by_the_stored_counts(client, port_and_grid):
    response = client.get("/organizations/?ordering=mentions")
    names = [(o.name, o.mention_count) for o in response.context["page_obj"]]
    assert names == [("Port Agency", 3), ("Grid Board", 1)]


def test_recount_command_repairs_every_record(port_and_grid):
    Organization.objects.update(public_mention_count=0)
    out = io.StringIO()
    call_command("recount_entities", stdout=out)
    assert out.getvalue().startswith("Recounted; 2 records had wrong counts")
    assert_counts_fresh()


def test_a_count_batch_recounts_when_full_and_on_flush(port_and_grid):
    port, grid, first, second = port_and_grid
    Organization.objects.update(public_mention_count=0)
    batch = CountBatch(size=2)
    batch.add(first.pk)
    assert count_of(grid)[1] == 0  # not yet
    batch.add(second.pk)
    assert (count_of(port)[1], count_of(grid)[1]) == (3, 1)
    Organization.objects.update(public_mention_count=0)
    batch.add(second.pk)
    assert batch.flush() == 1
    assert count_of(port)[1] == 3


# --- every path that changes what is counted ---------------------------------------------------


def lisbon_result(body: str, origin: str = "inbox/a.txt"):
    entities = [
        extracted_entity("p1", "place", "Lisbon", place_kind="city"),
        extracted_entity("o1", "organization", "Tram Agency"),
    ]
    return build_import_result(origin, body=body, entities=entities)


def test_the_loader_counts_what_it_writes_and_what_an_update_dropped():
    load_result(lisbon_result("Lisbon and Tram Agency met. Lisbon agreed."))
    assert_counts_fresh()
    lisbon = Place.objects.get(name="Lisbon")
    assert count_of(lisbon) == (1, 2, 1)
    result = lisbon_result("Tram Agency met alone.")
    load_result(result, force=True)
    assert count_of(lisbon) == (0, 0, 0)
    assert_counts_fresh()


def test_the_loader_adds_to_a_callers_batch_instead():
    batch = CountBatch()
    load_result(lisbon_result("Lisbon and Tram Agency met."), counts=batch)
    assert count_of(Place.objects.get(name="Lisbon")) == (0, 0, 0)
    batch.flush()
    assert_counts_fresh()


def test_merge_and_undo_merge(port_and_grid):
    port, grid, *_ = port_and_grid
    merge = merging.merge_entities(port, grid)
    assert (count_of(port), count_of(grid)) == ((2, 4, 2), (0, 0, 0))
    assert_counts_fresh()
    merging.undo_merge(merge)
    assert (count_of(port), count_of(grid)) == ((2, 3, 2), (1, 1, 1))
    assert_counts_fresh()


def test_rejecting_and_confirming_mentions(port_and_grid):
    port, _, first, _ = port_and_grid
    review.reject_mentions(Mention.objects.filter(article=first, organization=port))
    assert count_of(port) == (1, 1, 1)
    assert_counts_fresh()
    review.confirm_mentions(Mention.objects.filter(organization=port))
    assert count_of(port) == (2, 3, 2)
    assert_counts_fresh()


def test_moving_mentions_to_another_record_and_to_a_new_one(port_and_grid):
    port, grid, _, second = port_and_grid
    review.move_mentions(Mention.objects.filter(article=second, organization=port), grid)
    assert (count_of(port), count_of(grid)) == ((1, 2, 1), (2, 2, 2))
    assert_counts_fresh()
    place, _ = review.move_mentions_to_new_entity(
        Mention.objects.filter(organization=grid), "Grid Town", kind="place"
    )
    assert (count_of(grid), count_of(place)) == ((0, 0, 0), (2, 2, 2))
    assert_counts_fresh()


def test_publishing_and_withdrawing(port_and_grid):
    port, _, _, second = port_and_grid
    publishing.withdraw_articles([second])
    assert count_of(port) == (1, 2, 1)
    publishing.return_articles_to_draft([second])
    publishing.publish_articles([Article.objects.get(pk=second.pk)])
    assert count_of(port) == (2, 3, 2)
    assert_counts_fresh()


def test_story_split_join_and_undo(port_and_grid):
    port, _, first, second = port_and_grid
    change = stories.join_articles([first, second])
    assert count_of(port) == (2, 3, 1)
    assert_counts_fresh()
    stories.undo_story_change(change)
    assert count_of(port) == (2, 3, 2)
    stories.join_articles([first, second])
    stories.split_article(Article.objects.get(pk=second.pk))
    assert count_of(port) == (2, 3, 2)
    assert_counts_fresh()


def test_deleting_mentions_and_articles(port_and_grid):
    port, grid, _, second = port_and_grid
    assert review.delete_mentions(Mention.objects.filter(organization=grid)) == 1
    assert count_of(grid) == (0, 0, 0)
    assert publishing.delete_articles(Article.objects.filter(pk=second.pk)) == 1
    assert count_of(port) == (1, 2, 1)
    assert_counts_fresh()


def test_deleting_articles_and_mentions_in_the_admin(staff_client, port_and_grid):
    port, grid, first, second = port_and_grid
    staff_client.post(
        "/admin/archive/mention/",
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": [m.pk for m in Mention.objects.filter(organization=grid)],
        },
    )
    assert count_of(grid) == (0, 0, 0)
    staff_client.post(f"/admin/archive/article/{second.pk}/delete/", {"post": "yes"})
    assert count_of(port) == (1, 2, 1)
    staff_client.post(
        "/admin/archive/article/",
        {"action": "delete_selected", "post": "yes", "_selected_action": [first.pk]},
    )
    assert Article.objects.count() == 0
    assert count_of(port) == (0, 0, 0)
    assert_counts_fresh()


def test_undoing_an_import_that_created_and_one_that_updated():
    first_run = ImportRun.objects.create(paths=["inbox"])
    load_result(lisbon_result("Lisbon and Tram Agency met."), run=first_run)
    second_run = ImportRun.objects.create(paths=["inbox"])
    load_result(lisbon_result("Tram Agency met alone."), run=second_run, force=True)
    load_result(lisbon_result("Lisbon again.", origin="inbox/b.txt"), run=second_run)
    for run in (first_run, second_run):
        run.status = ImportRun.Status.FINISHED
        run.save()
    assert ImportRecord.objects.filter(run=second_run).count() == 2
    lisbon = Place.objects.get(name="Lisbon")
    assert count_of(lisbon) == (1, 1, 1)

    import_undo.undo_import_run(second_run)
    assert count_of(lisbon) == (1, 1, 1)  # the first version's mention is back, b.txt gone
    assert Article.objects.count() == 1
    assert_counts_fresh()
    import_undo.undo_import_run(first_run)
    assert_counts_fresh()


def test_a_place_and_an_organization_are_counted_apart():
    article = ArticleFactory(body="Porto and Porto Agency.")
    place, org = PlaceFactory(name="Porto"), OrganizationFactory(name="Porto Agency")
    mention_everywhere(article, org)
    Mention.objects.create(article=article, kind="place", place=place, start=0, end=5, text="Porto")
    recount_entities({"place": [place.pk], "organization": [org.pk]})
    assert (count_of(place), count_of(org)) == ((1, 1, 1), (1, 1, 1))
    assert_counts_fresh()
