"""The review queue's stored mention groups equal a fresh grouping of the suggested mentions
after every service that writes, reviews, moves or deletes mentions, and dbcheck repairs them.

(tests/services/test_entity_counts.py checks the groups too, after each of its paths.)"""

from collections import Counter

import pytest

from archive.models import (
    Article,
    ImportRun,
    Mention,
    MentionGroup,
    Organization,
    Person,
    Place,
    ReviewStatus,
)
from archive.services import entity_queries, import_undo, merging, publishing, review
from archive.services.dbcheck import run_checks
from archive.services.entity_counts import CountBatch
from archive.services.loader import load_result
from archive.services.mention_groups import forget_mention_groups, sync_mention_groups
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    build_import_result,
    extracted_entity,
    mention_everywhere,
)

pytestmark = pytest.mark.django_db


def grouped_now() -> dict[tuple[str, int, str], tuple[int, int]]:
    """{(kind, record id, text): (mentions, smallest id)} of the suggested mentions, counted
    here mention by mention."""
    counts, firsts = Counter(), {}
    for mention in Mention.objects.filter(review_status=ReviewStatus.SUGGESTED):
        key = (mention.kind, mention.entity.pk, mention.text)
        counts[key] += 1
        firsts[key] = min(firsts.get(key, mention.pk), mention.pk)
    return {key: (n, firsts[key]) for key, n in counts.items()}


def stored_groups() -> dict[tuple[str, int, str], tuple[int, int]]:
    return {
        (g.kind, g.entity_id, g.text): (g.mention_count, g.first_id)
        for g in MentionGroup.objects.all()
    }


def assert_groups_fresh() -> None:
    assert stored_groups() == grouped_now()


@pytest.fixture
def bay_and_lab():
    """An agency named twice in one article (once by its short name) and once in another; a
    lab named once."""
    bay = OrganizationFactory(name="Bay Transit Agency", aliases=["Bay Transit"])
    lab = OrganizationFactory(name="Harbour Lab")
    first = ArticleFactory(body="Bay Transit Agency met. Bay Transit agreed with Harbour Lab.")
    second = ArticleFactory(body="Bay Transit Agency spoke.")
    mention_everywhere(first, bay, "Bay Transit Agency")
    mention_everywhere(first, bay, "Bay Transit agreed")
    mention_everywhere(first, lab)
    mention_everywhere(second, bay, "Bay Transit Agency")
    return bay, lab, first, second


def groups_of(entity) -> dict[str, int]:
    return dict(
        MentionGroup.objects.filter(kind=entity.kind_of_entity, entity_id=entity.pk).values_list(
            "text", "mention_count"
        )
    )


def test_groups_are_by_record_and_text(bay_and_lab):
    bay, lab, *_ = bay_and_lab
    assert groups_of(bay) == {"Bay Transit Agency": 2, "Bay Transit agreed": 1}
    assert groups_of(lab) == {"Harbour Lab": 1}
    assert_groups_fresh()


def test_the_queue_reads_them_largest_first_by_kind_and_by_text(bay_and_lab):
    rows = list(entity_queries.suggested_mention_groups())
    assert [(r["text"], r["mention_count"]) for r in rows] == [
        ("Bay Transit Agency", 2),
        ("Bay Transit agreed", 1),
        ("Harbour Lab", 1),
    ]
    assert [r["text"] for r in entity_queries.suggested_mention_groups(search="lab")] == [
        "Harbour Lab"
    ]
    assert list(entity_queries.suggested_mention_groups("person")) == []


def test_sync_sets_a_fresh_count_and_forget_drops_a_records_rows(bay_and_lab):
    bay, lab, *_ = bay_and_lab
    MentionGroup.objects.update(mention_count=9)
    MentionGroup.objects.create(
        kind="organization", entity_id=bay.pk, text="x", mention_count=1, first_id=1
    )
    assert sync_mention_groups("organization", [bay.pk]) == 3
    assert groups_of(lab) == {"Harbour Lab": 9}  # not asked for
    assert sync_mention_groups("organization", [bay.pk, lab.pk]) == 1
    assert_groups_fresh()
    forget_mention_groups("organization", [lab.pk])
    assert groups_of(lab) == {}


def test_confirming_and_rejecting_mentions(bay_and_lab):
    bay, _, first, _ = bay_and_lab
    review.confirm_mentions(Mention.objects.filter(article=first, organization=bay))
    assert groups_of(bay) == {"Bay Transit Agency": 1}
    review.reject_mentions(Mention.objects.filter(organization=bay))
    assert groups_of(bay) == {}
    assert_groups_fresh()


def test_confirming_and_rejecting_records(bay_and_lab):
    bay, lab, *_ = bay_and_lab
    review.confirm_entities([lab])
    assert groups_of(lab) == {"Harbour Lab": 1}  # its mentions are still to review
    review.reject_entities([bay])
    assert groups_of(bay) == {}
    assert_groups_fresh()


def test_merge_and_undo_merge(bay_and_lab):
    bay, lab, *_ = bay_and_lab
    merge = merging.merge_entities(bay, lab)
    assert groups_of(lab) == {}
    assert groups_of(bay) == {"Bay Transit Agency": 2, "Bay Transit agreed": 1, "Harbour Lab": 1}
    assert_groups_fresh()
    merging.undo_merge(merge)
    assert groups_of(lab) == {"Harbour Lab": 1}
    assert_groups_fresh()


def test_marking_an_alias_and_undoing_it(bay_and_lab):
    bay, lab, *_ = bay_and_lab
    merge = merging.mark_alias_of(lab, bay)
    assert_groups_fresh()
    merging.undo_merge(merge)
    assert_groups_fresh()


def test_splitting_mentions_off_to_another_record_and_a_new_one(bay_and_lab):
    bay, lab, _, second = bay_and_lab
    review.move_mentions(Mention.objects.filter(article=second, organization=bay), lab)
    # Moved mentions are confirmed: out of the queue.
    assert groups_of(bay) == {"Bay Transit Agency": 1, "Bay Transit agreed": 1}
    assert_groups_fresh()
    review.move_mentions_to_new_entity(
        Mention.objects.filter(text="Bay Transit agreed"), "Bay Transit", kind="person"
    )
    assert groups_of(bay) == {"Bay Transit Agency": 1}
    assert_groups_fresh()


def test_deleting_mentions_and_articles(bay_and_lab):
    bay, lab, _, second = bay_and_lab
    review.delete_mentions(Mention.objects.filter(organization=lab))
    assert groups_of(lab) == {}
    publishing.delete_articles(Article.objects.filter(pk=second.pk))
    assert groups_of(bay) == {"Bay Transit Agency": 1, "Bay Transit agreed": 1}
    assert_groups_fresh()


def lagoon_result(body: str, origin: str = "inbox/lagoon.txt"):
    entities = [
        extracted_entity("p1", "place", "Lagoon City", place_kind="city"),
        extracted_entity("o1", "organization", "Ferry Board"),
    ]
    return build_import_result(origin, body=body, entities=entities)


def test_the_loader_groups_what_it_writes_and_drops_what_an_update_replaced():
    load_result(lagoon_result("Lagoon City and Ferry Board met. Lagoon City agreed."))
    lagoon = Place.objects.get(name="Lagoon City")
    assert groups_of(lagoon) == {"Lagoon City": 2}
    load_result(lagoon_result("Ferry Board met alone."), force=True)
    assert groups_of(lagoon) == {}
    assert_groups_fresh()


def test_an_import_batch_groups_on_flush():
    batch = CountBatch()
    load_result(lagoon_result("Lagoon City and Ferry Board met."), counts=batch)
    load_result(lagoon_result("Ferry Board again.", origin="inbox/b.txt"), counts=batch)
    batch.flush()
    assert groups_of(Organization.objects.get(name="Ferry Board")) == {"Ferry Board": 2}
    assert_groups_fresh()


def test_undoing_an_import_that_created_and_one_that_updated():
    first_run = ImportRun.objects.create(paths=["inbox"])
    load_result(lagoon_result("Lagoon City and Ferry Board met."), run=first_run)
    second_run = ImportRun.objects.create(paths=["inbox"])
    load_result(lagoon_result("Ferry Board met alone."), run=second_run, force=True)
    load_result(lagoon_result("Lagoon City again.", origin="inbox/b.txt"), run=second_run)
    for run in (first_run, second_run):
        run.status = ImportRun.Status.FINISHED
        run.save()
    lagoon = Place.objects.get(name="Lagoon City")
    assert groups_of(lagoon) == {"Lagoon City": 1}

    import_undo.undo_import_run(second_run)
    assert_groups_fresh()
    import_undo.undo_import_run(first_run)
    assert MentionGroup.objects.count() == 0
    assert_groups_fresh()


def test_dbcheck_finds_drift_and_fix_rebuilds_it(bay_and_lab):
    bay, lab, *_ = bay_and_lab
    MentionGroup.objects.filter(entity_id=bay.pk, text="Bay Transit Agency").update(mention_count=5)
    MentionGroup.objects.filter(entity_id=lab.pk).delete()
    MentionGroup.objects.create(
        kind="person", entity_id=PersonFactory().pk, text="Nobody", mention_count=1, first_id=1
    )

    checked = {r.name: (r.count, r.fixed) for r in run_checks()}
    assert checked["mention groups"] == (3, 0)
    assert Person.objects.count() == 1
    fixed = {r.name: (r.count, r.fixed) for r in run_checks(fix=True)}
    assert fixed["mention groups"] == (3, 3)
    assert_groups_fresh()
    assert [r.name for r in run_checks() if not r.ok] == []


def test_a_new_article_adds_to_groups_at_once_and_an_update_in_the_same_batch_regroups():
    batch = CountBatch()
    load_result(lagoon_result("Lagoon City and Ferry Board met."), counts=batch)
    ferry = Organization.objects.get(name="Ferry Board")
    assert groups_of(ferry) == {"Ferry Board": 1}  # before the batch is flushed
    load_result(lagoon_result("Ferry Board and Ferry Board.", origin="inbox/b.txt"), counts=batch)
    assert groups_of(ferry) == {"Ferry Board": 3}
    load_result(lagoon_result("Lagoon City alone."), counts=batch, force=True)
    batch.flush()
    assert groups_of(ferry) == {"Ferry Board": 2}
    assert_groups_fresh()
