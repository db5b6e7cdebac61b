import pytest
from django.urls import reverse

from archive.models import EntityMerge, Mention, Organization, Person, ReviewStatus
from archive.services import duplicates, merging
from tests import factories
from tests.services.test_mention_groups import assert_groups_fresh

pytestmark = pytest.mark.django_db

QUEUE = "admin:archive_review_queue"


def mention_of(entity, sentence="", status=ReviewStatus.SUGGESTED, article=None):
    article = article or factories.ArticleFactory()
    links = {"organization": None, entity.kind_of_entity: entity}
    return factories.MentionFactory(
        article=article,
        kind=entity.kind_of_entity,
        **links,
        review_status=status,
        **({"sentence": sentence} if sentence else {}),
    )


def test_review_queue_counts_match_the_data(staff_client):
    frequent = factories.PersonFactory(name="Ada Frequent")
    for _ in range(3):
        mention_of(frequent)
    factories.OrganizationFactory(name="Lonely Org")
    factories.PlaceFactory(review_status=ReviewStatus.CONFIRMED)
    confirmed = factories.OrganizationFactory(review_status=ReviewStatus.CONFIRMED)
    mention_of(confirmed), mention_of(confirmed, status=ReviewStatus.REJECTED)

    response = staff_client.get(reverse(QUEUE))

    counts = response.context["counts"]
    assert (counts.total_entities, counts.total_mentions) == (2, 4)
    assert counts.entities == {"organization": 1, "person": 1, "event": 0, "place": 0}
    cards = response.context["items"]
    assert [(c["entity"].name, c["mention_count"]) for c in cards] == [
        ("Ada Frequent", 3),
        ("Lonely Org", 0),
    ]
    assert "Suggested records (2)" in response.content.decode()


def test_review_queue_shows_sentences_linked_to_their_article(staff_client):
    entity = factories.OrganizationFactory(name="Urban Lab")
    mention = mention_of(entity, sentence="City 7 launched a digital twin with <b>partners</b>.")

    response = staff_client.get(reverse(QUEUE))

    html = response.content.decode()
    assert reverse("admin:archive_article_change", args=[mention.article_id]) in html
    assert "&lt;b&gt;partners&lt;/b&gt;" in html  # imported text is escaped
    assert "<mark>City</mark>" in html


def test_review_queue_filters_by_kind_and_search(staff_client):
    factories.OrganizationFactory(name="Smart Grid Alliance", aliases=["SGA"])
    factories.PersonFactory(name="Grid Person")

    by_kind = staff_client.get(reverse(QUEUE), {"kind": "person"})
    by_alias = staff_client.get(reverse(QUEUE), {"q": "sga"})

    assert [c["entity"].name for c in by_kind.context["items"]] == ["Grid Person"]
    assert [c["entity"].name for c in by_alias.context["items"]] == ["Smart Grid Alliance"]


def test_review_queue_one_click_reject_hides_the_record(staff_client):
    entity = factories.OrganizationFactory(name="Newsletter Signup")
    mention = mention_of(entity)

    response = staff_client.post(
        reverse("admin:archive_review_reject_record"), {"ref": f"organization:{entity.pk}"}
    )

    entity.refresh_from_db()
    mention.refresh_from_db()
    assert response.status_code == 302
    assert (entity.review_status, mention.review_status) == ("rejected", "rejected")
    assert list(Organization.objects.public()) == []


def test_review_queue_bulk_confirm(staff_client):
    people = [factories.PersonFactory(), factories.PersonFactory()]
    untouched = factories.PersonFactory()

    staff_client.post(
        reverse("admin:archive_review_confirm_ticked"),
        {"refs": [f"person:{p.pk}" for p in people]},
    )

    statuses = dict(Person.objects.values_list("pk", "review_status"))
    assert statuses == {
        people[0].pk: "confirmed",
        people[1].pk: "confirmed",
        untouched.pk: "suggested",
    }


def test_review_queue_alias_of_merges_into_the_chosen_record(staff_client):
    alias = factories.OrganizationFactory(name="UNDP")
    canonical = factories.OrganizationFactory(name="United Nations Development Programme")
    mention = mention_of(alias)

    staff_client.post(
        reverse("admin:archive_review_alias_of"),
        {
            "ref": f"organization:{alias.pk}",
            f"alias_target_organization_{alias.pk}": canonical.pk,
        },
    )

    alias.refresh_from_db()
    canonical.refresh_from_db()
    mention.refresh_from_db()
    assert alias.merged_into_id == canonical.pk
    assert (canonical.aliases, canonical.review_status) == (["UNDP"], "confirmed")
    assert mention.organization_id == canonical.pk
    assert EntityMerge.objects.get().performed_by == staff_client.user


def test_review_queue_mentions_tab_groups_by_text_and_entity(staff_client):
    entity = factories.OrganizationFactory(review_status=ReviewStatus.CONFIRMED)
    for _ in range(2):
        mention_of(entity)
    mention_of(factories.PersonFactory())

    response = staff_client.get(reverse(QUEUE), {"tab": "mentions"})

    cards = response.context["items"]
    assert [(c["kind"], c["mention_count"]) for c in cards] == [("organization", 2), ("person", 1)]


def test_review_queue_group_reject_rejects_every_mention_of_the_group(staff_client):
    entity = factories.OrganizationFactory(review_status=ReviewStatus.CONFIRMED)
    mentions = [mention_of(entity), mention_of(entity)]
    ref = f"organization:{entity.pk}:{min(m.pk for m in mentions)}"

    staff_client.post(reverse("admin:archive_review_reject_group"), {"group": ref})

    assert set(Mention.objects.values_list("review_status", flat=True)) == {"rejected"}


def test_review_queue_relink_leads_to_the_move_page(staff_client):
    mention = mention_of(factories.PersonFactory(name="Washington"))
    place = factories.PlaceFactory(name="Washington")

    response = staff_client.post(
        reverse("admin:archive_review_relink_mention"), {"mention": mention.pk}
    )
    form_page = staff_client.get(response.url)
    move = staff_client.post(response.url, {"ids": str(mention.pk), "place": place.pk})

    mention.refresh_from_db()
    assert form_page.status_code == 200
    assert move.status_code == 302
    assert move.url == reverse(QUEUE)
    assert (mention.kind, mention.place_id, mention.review_status) == (
        "place",
        place.pk,
        "confirmed",
    )


def test_move_page_splits_mentions_off_into_a_new_record(staff_client):
    wrong = factories.OrganizationFactory(name="Apple")
    mentions = [mention_of(wrong), mention_of(wrong)]

    staff_client.post(
        reverse("admin:archive_mention_move"),
        {"ids": str(mentions[0].pk), "new_name": "Apple Records"},
    )

    new = Organization.objects.get(name="Apple Records")
    assert list(Mention.objects.filter(organization=new)) == [mentions[0]]
    assert Mention.objects.get(pk=mentions[1].pk).organization_id == wrong.pk


@pytest.mark.parametrize("tab", ["entities", "mentions"])
def test_review_queue_query_count_does_not_grow_with_items(
    tab, staff_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kinds = (
        factories.OrganizationFactory,
        factories.PersonFactory,
        factories.EventFactory,
        factories.PlaceFactory,
    )

    def one_of_each_kind():
        for model in kinds:
            mention_of(model())

    one_of_each_kind()
    with CaptureQueriesContext(connection) as one:
        staff_client.get(reverse(QUEUE), {"tab": tab})
    one_of_each_kind()
    one_of_each_kind()

    with django_assert_num_queries(len(one)):
        response = staff_client.get(reverse(QUEUE), {"tab": tab})

    assert len(response.context["items"]) == 12


def test_merge_view_merges_selected_records_into_the_chosen_one(staff_client):
    keep = factories.OrganizationFactory(name="Smart Dubai")
    drop = factories.OrganizationFactory(name="Smart Dubai Office")
    url = reverse("admin:archive_organization_merge")

    page = staff_client.get(url, {"ids": f"{keep.pk},{drop.pk}"})
    staff_client.post(url, {"ids": f"{keep.pk},{drop.pk}", "survivor": keep.pk})

    drop.refresh_from_db()
    assert page.status_code == 200
    assert drop.merged_into_id == keep.pk


def test_merge_suggestion_decide_page_merges_keeping_the_chosen_record(staff_client):
    first = factories.OrganizationFactory(name="Smart Nation Office")
    second = factories.OrganizationFactory(name="Smart Nation Office.")
    [suggestion] = duplicates.suggest_merges()
    url = reverse("admin:archive_mergesuggestion_decide", args=[suggestion.pk])

    page = staff_client.get(url)
    staff_client.post(url, {"decision": f"keep:{second.pk}"})

    first.refresh_from_db()
    suggestion.refresh_from_db()
    assert page.status_code == 200
    assert (first.merged_into_id, suggestion.status) == (second.pk, "accepted")


def test_find_duplicates_button_stores_suggestions(staff_client):
    factories.PersonFactory(name="Maria Garcia")
    factories.PersonFactory(name="M. Garcia")

    response = staff_client.post(reverse("admin:archive_mergesuggestion_find"), {"kind": "person"})

    assert response.status_code == 302
    assert staff_client.get(response.url).context["cl"].result_count == 1


def test_undo_merge_button_restores_the_records(staff_client):
    keep, drop = factories.OrganizationFactory(), factories.OrganizationFactory()
    merge = merging.merge_entities(keep, drop)

    staff_client.post(reverse("admin:archive_entitymerge_undo", args=[merge.pk]))

    drop.refresh_from_db()
    assert drop.merged_into_id is None


def test_entity_search_finds_non_ascii_aliases(staff_client):
    entity = factories.PlaceFactory(name="Sao Paulo", aliases=["São Paulo"])

    response = staff_client.get(reverse("admin:archive_place_changelist"), {"q": "São"})

    assert list(response.context["cl"].result_list) == [entity]


def test_autocomplete_offers_only_current_records(staff_client):
    current = factories.OrganizationFactory(name="Metro Transit")
    merged = factories.OrganizationFactory(name="Metro Transit Authority")
    merging.merge_entities(current, merged)

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "archive",
            "model_name": "organization",
            "field_name": "merged_into",
            "term": "metro",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Metro Transit"]


def test_entity_search_covers_names_and_aliases(staff_client):
    by_alias = factories.OrganizationFactory(name="Port Authority", aliases=["PAHC"])
    by_name = factories.OrganizationFactory(name="Pahc Holdings")
    factories.OrganizationFactory(name="Unrelated")

    response = staff_client.get(reverse("admin:archive_organization_changelist"), {"q": "pahc"})

    assert set(response.context["cl"].result_list) == {by_alias, by_name}


def test_merge_view_confirms_the_survivor_like_marking_an_alias(staff_client):
    keep = factories.OrganizationFactory(name="Smart Dubai")
    drop = factories.OrganizationFactory(name="Smart Dubai Office")
    url = reverse("admin:archive_organization_merge")

    staff_client.post(url, {"ids": f"{keep.pk},{drop.pk}", "survivor": keep.pk})

    keep.refresh_from_db()
    assert keep.review_status == ReviewStatus.CONFIRMED


def test_merge_record_view_on_site_is_the_survivors_public_page(staff_client):
    keep, drop = factories.OrganizationFactory(), factories.OrganizationFactory()
    merge = merging.merge_entities(keep, drop)

    html = staff_client.get(reverse("admin:archive_entitymerge_change", args=[merge.pk]))

    assert f'href="{keep.get_absolute_url()}" class="viewsitelink"' in html.content.decode()


def test_undoing_an_undone_merge_says_it_was_already_undone(staff_client):
    keep, drop = factories.OrganizationFactory(), factories.OrganizationFactory()
    merge = merging.merge_entities(keep, drop)
    undo = reverse("admin:archive_entitymerge_undo", args=[merge.pk])
    staff_client.post(undo, follow=True)  # reads the first undo's message

    response = staff_client.post(undo, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith("This merge was already undone on ")
    assert b'id="undo-merge"' not in response.content


def mentions_tab_groups(client) -> list[tuple[str, str, int]]:
    response = client.get(reverse(QUEUE), {"tab": "mentions"})
    return [(c["kind"], c["text"], c["mention_count"]) for c in response.context["items"]]


def test_the_mentions_tab_follows_the_queues_buttons_and_the_admins_edits(staff_client):
    """The tab reads the stored groups: each change made in the admin moves them."""
    agency = factories.OrganizationFactory(review_status=ReviewStatus.CONFIRMED)
    kept = [mention_of(agency), mention_of(agency)]
    person = factories.PersonFactory()
    mention_of(person)
    assert mentions_tab_groups(staff_client) == [
        ("organization", kept[0].text, 2),
        ("person", kept[0].text, 1),
    ]

    staff_client.post(reverse("admin:archive_review_reject_mention"), {"mention": kept[0].pk})
    assert mentions_tab_groups(staff_client)[0] == ("organization", kept[0].text, 1)

    other = factories.OrganizationFactory()
    change = reverse("admin:archive_mention_change", args=[kept[1].pk])
    form = staff_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["organization"] = other.pk
    response = staff_client.post(change, data)
    assert response.status_code == 302
    # Re-linked by a curator, so confirmed: out of the queue.
    assert Mention.objects.get(pk=kept[1].pk).organization_id == other.pk
    assert mentions_tab_groups(staff_client) == [("person", kept[0].text, 1)]

    staff_client.post(reverse("admin:archive_person_delete", args=[person.pk]), {"post": "yes"})
    assert mentions_tab_groups(staff_client) == []
    assert_groups_fresh()
