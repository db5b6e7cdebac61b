"""Each button of the review queue posts to its own URL, handled by a form of its own.

Every action: works with valid input; with invalid input reports an error and changes nothing;
refuses (403) a user without the permission; answers GET with 405. The merge pages' POST-only
actions answer GET with 405 too.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.admin.review import REVIEW_ACTIONS
from archive.models import EntityMerge, Mention, Organization, Person, ReviewStatus
from archive.services import merging
from archive.services.roles import VIEWER_GROUP
from tests import factories

pytestmark = pytest.mark.django_db

QUEUE = "admin:archive_review_queue"
ACTION_NAMES = [url_name for _, url_name, _, _ in REVIEW_ACTIONS]


def url(action: str) -> str:
    return reverse(f"admin:archive_review_{action}")


def mention_of(entity, status=ReviewStatus.SUGGESTED, text="Smart Lab"):
    links = {"organization": None, entity.kind_of_entity: entity}
    return factories.MentionFactory(
        kind=entity.kind_of_entity, **links, review_status=status, text=text
    )


def group_ref(mentions) -> str:
    first = min(mentions, key=lambda m: m.pk)
    return f"{first.kind}:{first.entity.pk}:{first.pk}"


def reported(response) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


def state() -> dict:
    """What any review action could change."""
    return {
        "organizations": sorted(
            Organization.objects.values_list("pk", "review_status", "merged_into")
        ),
        "people": sorted(Person.objects.values_list("pk", "review_status", "merged_into")),
        "mentions": sorted(
            Mention.objects.values_list("pk", "review_status", "kind", "organization", "person")
        ),
        "merges": EntityMerge.objects.count(),
    }


@pytest.fixture
def desk():
    """A suggested organization with two suggested mentions, and a confirmed one to merge into."""
    organization = factories.OrganizationFactory(name="Smart Lab")
    canonical = factories.OrganizationFactory(
        name="Smart City Lab", review_status=ReviewStatus.CONFIRMED
    )
    mentions = [mention_of(organization), mention_of(organization)]
    return {"organization": organization, "canonical": canonical, "mentions": mentions}


def valid_data(action: str, desk: dict) -> dict:
    organization, mentions = desk["organization"], desk["mentions"]
    ref = f"organization:{organization.pk}"
    return {
        "confirm_record": {"ref": ref},
        "reject_record": {"ref": ref},
        "alias_of": {
            "ref": ref,
            f"alias_target_organization_{organization.pk}": desk["canonical"].pk,
        },
        "confirm_ticked": {"refs": [ref]},
        "reject_ticked": {"groups": [group_ref(mentions)]},
        "confirm_mention": {"mention": mentions[0].pk},
        "reject_mention": {"mention": mentions[0].pk},
        "relink_mention": {"mention": mentions[0].pk},
        "confirm_group": {"group": group_ref(mentions)},
        "reject_group": {"group": group_ref(mentions)},
        "relink_group": {"group": group_ref(mentions)},
    }[action]


# --------------------------------------------------------------------------------------------
# The queue page posts each button to its action
# --------------------------------------------------------------------------------------------

TAB_ACTIONS = {
    "entities": {"confirm_record", "reject_record", "alias_of", "confirm_ticked", "reject_ticked"},
    "mentions": {
        "confirm_mention",
        "reject_mention",
        "relink_mention",
        "confirm_group",
        "reject_group",
        "relink_group",
        "confirm_ticked",
        "reject_ticked",
    },
}


@pytest.mark.parametrize("tab", sorted(TAB_ACTIONS))
def test_queue_buttons_post_to_their_own_actions(
    staff_client, desk, tab, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as one_card:
        staff_client.get(reverse(QUEUE), {"tab": tab})
    mention_of(factories.OrganizationFactory(), text="Urban Lab")  # same kind: same queries

    with django_assert_num_queries(len(one_card)):
        response = staff_client.get(reverse(QUEUE), {"tab": tab})

    html = response.content.decode()
    assert set(re.findall(r'formaction="([^"]+)"', html)) == {url(a) for a in TAB_ACTIONS[tab]}
    assert f'action="{url("confirm_ticked")}"' in html


def test_the_queue_itself_answers_post_with_405(staff_client, desk):
    before = state()

    response = staff_client.post(reverse(QUEUE), {"ref": f"organization:{desk['organization'].pk}"})

    assert response.status_code == 405
    assert state() == before


# --------------------------------------------------------------------------------------------
# Each action works
# --------------------------------------------------------------------------------------------


def test_confirm_record(staff_client, desk):
    organization = desk["organization"]

    response = staff_client.post(url("confirm_record"), {"ref": f"organization:{organization.pk}"})

    organization.refresh_from_db()
    assert (response.status_code, response.url) == (302, reverse(QUEUE))
    assert organization.review_status == ReviewStatus.CONFIRMED
    assert organization.history.latest().history_user == staff_client.user
    assert reported(response) == [(SUCCESS, "Confirmed “Smart Lab”.")]


def test_reject_record_rejects_its_mentions_too(staff_client, desk):
    organization = desk["organization"]

    response = staff_client.post(url("reject_record"), {"ref": f"organization:{organization.pk}"})

    organization.refresh_from_db()
    assert organization.review_status == ReviewStatus.REJECTED
    assert set(Mention.objects.values_list("review_status", flat=True)) == {"rejected"}
    assert reported(response) == [(SUCCESS, "Rejected “Smart Lab”; it is hidden from the public.")]


def test_alias_of_merges_into_the_picked_record(staff_client, desk):
    organization, canonical = desk["organization"], desk["canonical"]

    response = staff_client.post(url("alias_of"), valid_data("alias_of", desk))

    organization.refresh_from_db()
    assert organization.merged_into_id == canonical.pk
    assert reported(response) == [(SUCCESS, "“Smart Lab” is now an alias of “Smart City Lab”.")]


def test_confirm_ticked_records_of_several_kinds(staff_client, desk):
    person = factories.PersonFactory()
    refs = [f"organization:{desk['organization'].pk}", f"person:{person.pk}"]

    response = staff_client.post(url("confirm_ticked"), {"refs": refs, "next": "/admin/?x=1"})

    assert response.url == "/admin/?x=1"
    assert Organization.objects.get(pk=desk["organization"].pk).review_status == "confirmed"
    assert Person.objects.get(pk=person.pk).review_status == "confirmed"
    assert reported(response) == [(SUCCESS, "Confirmed 2 records.")]


def test_reject_ticked_groups_rejects_every_mention_of_them(staff_client, desk):
    other = mention_of(factories.PersonFactory(), text="Ana")

    response = staff_client.post(
        url("reject_ticked"), {"groups": [group_ref(desk["mentions"]), group_ref([other])]}
    )

    assert set(Mention.objects.values_list("review_status", flat=True)) == {"rejected"}
    assert Organization.objects.get(pk=desk["organization"].pk).review_status == "suggested"
    assert reported(response) == [(SUCCESS, "Rejected 3 mentions.")]


@pytest.mark.parametrize(("action", "status"), [("confirm", "confirmed"), ("reject", "rejected")])
def test_decide_one_mention(staff_client, desk, action, status):
    first, second = desk["mentions"]

    response = staff_client.post(url(f"{action}_mention"), {"mention": first.pk})

    first.refresh_from_db(), second.refresh_from_db()
    assert (first.review_status, second.review_status) == (status, "suggested")
    assert reported(response) == [(SUCCESS, f"{status.capitalize()} the mention.")]


@pytest.mark.parametrize(("action", "status"), [("confirm", "confirmed"), ("reject", "rejected")])
def test_decide_a_whole_group(staff_client, desk, action, status):
    elsewhere = mention_of(desk["organization"], text="Another text")

    response = staff_client.post(url(f"{action}_group"), {"group": group_ref(desk["mentions"])})

    assert {m.review_status for m in Mention.objects.exclude(pk=elsewhere.pk)} == {status}
    assert Mention.objects.get(pk=elsewhere.pk).review_status == "suggested"
    assert reported(response) == [(SUCCESS, f"{status.capitalize()} 2 mentions.")]


def test_relink_one_mention_leads_to_the_move_page(staff_client, desk):
    mention = desk["mentions"][0]

    response = staff_client.post(url("relink_mention"), {"mention": mention.pk})

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:archive_mention_move") + f"?ids={mention.pk}&")
    assert Mention.objects.get(pk=mention.pk).review_status == "suggested"


def test_relink_a_group_leads_to_the_move_page_with_all_its_mentions(staff_client, desk):
    response = staff_client.post(url("relink_group"), {"group": group_ref(desk["mentions"])})

    query = QueryDict(urlsplit(response.url).query)
    assert response.url.startswith(reverse("admin:archive_mention_move") + "?")
    assert set(query["ids"].split(",")) == {str(m.pk) for m in desk["mentions"]}
    assert query["next"] == reverse(QUEUE)


def test_a_curation_error_is_reported_and_changes_nothing(staff_client, desk):
    organization = desk["organization"]
    before = state()

    response = staff_client.post(
        url("alias_of"),
        {
            "ref": f"organization:{organization.pk}",
            f"alias_target_organization_{organization.pk}": organization.pk,
        },
    )

    assert state() == before
    assert reported(response) == [(ERROR, "A record cannot be merged into itself.")]


# --------------------------------------------------------------------------------------------
# Invalid input: an error message, nothing changed
# --------------------------------------------------------------------------------------------

INVALID = [
    ("confirm_record", {"ref": "organization:999999"}, "No organization with id 999999."),
    ("reject_record", {}, "Choose a record."),
    ("reject_record", {"ref": "planet:1"}, "Not a record reference: 'planet:1'."),
    ("alias_of", {"ref": "{organization}"}, "Choose the record it is another name of."),
    ("confirm_ticked", {}, "Tick at least one item first."),
    ("reject_ticked", {"groups": ["nonsense"]}, "Not a mention group: 'nonsense'."),
    ("confirm_mention", {"mention": "999999"}, "That mention does not exist (any more)."),
    ("reject_mention", {"mention": "abc"}, "That mention does not exist (any more)."),
    ("relink_mention", {}, "Choose a mention."),
    ("confirm_group", {"group": "organization:x:1"}, "Not a mention group: 'organization:x:1'."),
    ("reject_group", {}, "Choose a group of mentions."),
    ("relink_group", {"group": "place"}, "Not a mention group: 'place'."),
]


@pytest.mark.parametrize(("action", "data", "error"), INVALID)
def test_invalid_input_shows_an_error_and_changes_nothing(staff_client, desk, action, data, error):
    if data.get("ref") == "{organization}":
        data = {"ref": f"organization:{desk['organization'].pk}"}
    before = state()

    response = staff_client.post(url(action), data)

    assert (response.status_code, response.url) == (302, reverse(QUEUE))
    assert reported(response) == [(ERROR, error)]
    assert state() == before


def test_every_action_has_an_invalid_input_case():
    assert {f"archive_review_{action}" for action, _, _ in INVALID} == set(ACTION_NAMES)


# --------------------------------------------------------------------------------------------
# Permissions: 403, nothing changed
# --------------------------------------------------------------------------------------------


def staff_with(*codenames: str):
    user = factories.UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)
    )
    return user


@pytest.mark.parametrize("action", [name.removeprefix("archive_review_") for name in ACTION_NAMES])
def test_a_viewer_gets_403_on_every_action(client, desk, action):
    client.force_login(factories.role_user(VIEWER_GROUP))
    before = state()

    response = client.post(url(action), valid_data(action, desk))

    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize(
    ("action", "codenames"),
    [
        # May change people, not organizations: the organization stays as it was.
        ("confirm_record", ["view_mention", "change_person"]),
        ("confirm_ticked", ["view_mention", "change_person"]),
        # May change records, not mentions.
        ("reject_ticked", ["view_mention", "change_organization"]),
        ("confirm_group", ["view_mention", "change_organization"]),
        # May change records but not merge them.
        ("alias_of", ["view_mention", "change_organization"]),
    ],
)
def test_each_action_needs_the_permission_of_what_it_changes(client, desk, action, codenames):
    client.force_login(staff_with(*codenames))
    before = state()

    response = client.post(url(action), valid_data(action, desk))

    assert response.status_code == 403
    assert state() == before


def test_the_permission_of_the_records_kind_is_enough(client, desk):
    client.force_login(staff_with("view_mention", "change_organization"))

    response = client.post(url("confirm_record"), valid_data("confirm_record", desk))

    assert response.status_code == 302
    assert Organization.objects.get(pk=desk["organization"].pk).review_status == "confirmed"


# --------------------------------------------------------------------------------------------
# GET on a POST-only URL: 405
# --------------------------------------------------------------------------------------------


def post_only_urls() -> dict[str, object]:
    """Builders of every POST-only admin URL (they need rows, so built inside the test)."""

    def merge_undo():
        keep, drop = factories.OrganizationFactory(), factories.OrganizationFactory()
        merge = merging.merge_entities(keep, drop)
        return reverse("admin:archive_entitymerge_undo", args=[merge.pk])

    def restore_block():
        article = factories.ArticleFactory()
        return reverse("admin:archive_article_restore_block", args=[article.pk, 0])

    return {
        **{name: (lambda name=name: reverse(f"admin:{name}")) for name in ACTION_NAMES},
        "archive_entitymerge_undo": merge_undo,
        "archive_mergesuggestion_find": lambda: reverse("admin:archive_mergesuggestion_find"),
        "archive_article_restore_block": restore_block,
    }


@pytest.mark.parametrize("name", sorted(post_only_urls()))
def test_get_on_a_post_only_url_answers_405(
    staff_client, desk, name, django_assert_num_queries, caplog
):
    address = post_only_urls()[name]()
    before = state()

    # The session and the user (admin_view's staff check), nothing more.
    with django_assert_num_queries(2):
        response = staff_client.get(address)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert state() == before
    assert not [record for record in caplog.records if record.exc_info]
