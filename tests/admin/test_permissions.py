"""Roles: a Viewer can look at everything and change nothing; a Curator can curate."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import models
from archive.services.roles import CURATOR_GROUP, VIEWER_GROUP
from tests import factories
from tests.admin.test_changelists import ROW_BUILDERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(client):
    client.force_login(factories.role_user(VIEWER_GROUP))
    return client


@pytest.fixture
def curator_client(client):
    user = factories.role_user(CURATOR_GROUP)
    client.force_login(user)
    client.user = user
    return client


ACTION_CASES = [
    (model._meta.model_name, action)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "archive"
    for action in [*(model_admin.actions or []), "delete_selected"]
]


def test_role_groups_exist_after_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {CURATOR_GROUP, VIEWER_GROUP}
    viewer_codenames = set(
        Group.objects.get(name=VIEWER_GROUP).permissions.values_list("codename", flat=True)
    )
    curator_codenames = set(
        Group.objects.get(name=CURATOR_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {c.split("_", 1)[0] for c in viewer_codenames} == {"view"}
    assert {"merge_entities", "publish_article", "undo_importrun", "change_article"} <= (
        curator_codenames
    )


@pytest.mark.parametrize("model_name", sorted(ROW_BUILDERS))
def test_viewer_can_browse_every_changelist_and_object(model_name, viewer_client):
    obj = ROW_BUILDERS[model_name]()

    listing = viewer_client.get(reverse(f"admin:archive_{model_name}_changelist"))
    detail = viewer_client.get(reverse(f"admin:archive_{model_name}_change", args=[obj.pk]))

    assert (listing.status_code, detail.status_code) == (200, 200)


@pytest.mark.parametrize("model_name", sorted(ROW_BUILDERS))
def test_viewer_gets_403_on_every_change_add_and_delete(model_name, viewer_client):
    obj = ROW_BUILDERS[model_name]()
    change_url = reverse(f"admin:archive_{model_name}_change", args=[obj.pk])

    statuses = [
        viewer_client.post(change_url, {"name": "x", "title": "x"}).status_code,
        viewer_client.get(reverse(f"admin:archive_{model_name}_add")).status_code,
        viewer_client.post(reverse(f"admin:archive_{model_name}_add"), {}).status_code,
        viewer_client.post(
            reverse(f"admin:archive_{model_name}_delete", args=[obj.pk]), {"post": "yes"}
        ).status_code,
    ]

    assert statuses == [403, 403, 403, 403]
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(("model_name", "action"), ACTION_CASES)
def test_viewer_gets_403_on_every_action_post(model_name, action, viewer_client):
    obj = ROW_BUILDERS[model_name]()
    url = reverse(f"admin:archive_{model_name}_changelist")

    response = viewer_client.post(
        url, {"action": action, "_selected_action": [obj.pk], "index": "0", "post": "yes"}
    )

    assert response.status_code == 403


def test_viewer_gets_403_on_every_curation_page(viewer_client):
    organization = factories.OrganizationFactory()
    other = factories.OrganizationFactory()
    mention = factories.MentionFactory(organization=organization)
    suggestion = factories.MergeSuggestionFactory()
    run = factories.ImportRunFactory()
    merge = ROW_BUILDERS["entitymerge"]()

    statuses = {
        "queue confirm": viewer_client.post(
            reverse("admin:archive_review_confirm_record"),
            {"ref": f"organization:{organization.pk}"},
        ).status_code,
        "queue reject": viewer_client.post(
            reverse("admin:archive_review_reject_ticked"),
            {"refs": [f"organization:{organization.pk}"]},
        ).status_code,
        "queue alias": viewer_client.post(
            reverse("admin:archive_review_alias_of"),
            {
                "ref": f"organization:{organization.pk}",
                f"alias_target_organization_{organization.pk}": other.pk,
            },
        ).status_code,
        "queue mention": viewer_client.post(
            reverse("admin:archive_review_reject_mention"), {"mention": mention.pk}
        ).status_code,
        "merge": viewer_client.get(
            reverse("admin:archive_organization_merge") + f"?ids={organization.pk},{other.pk}"
        ).status_code,
        "alias page": viewer_client.get(
            reverse("admin:archive_organization_alias_of", args=[organization.pk])
        ).status_code,
        "move mentions": viewer_client.get(
            reverse("admin:archive_mention_move") + f"?ids={mention.pk}"
        ).status_code,
        "find duplicates": viewer_client.post(
            reverse("admin:archive_mergesuggestion_find")
        ).status_code,
        "accept suggestion": viewer_client.post(
            reverse("admin:archive_mergesuggestion_decide", args=[suggestion.pk]),
            {"decision": f"keep:{suggestion.first_id}"},
        ).status_code,
        "dismiss suggestion": viewer_client.post(
            reverse("admin:archive_mergesuggestion_decide", args=[suggestion.pk]),
            {"decision": "dismiss"},
        ).status_code,
        "undo merge": viewer_client.post(
            reverse("admin:archive_entitymerge_undo", args=[merge.pk])
        ).status_code,
        "undo import": viewer_client.post(
            reverse("admin:archive_importrun_undo", args=[run.pk])
        ).status_code,
    }

    assert statuses == dict.fromkeys(statuses, 403)
    organization.refresh_from_db()
    assert organization.review_status == models.ReviewStatus.SUGGESTED
    assert models.EntityMerge.objects.get(pk=merge.pk).undone_at is None


def test_viewer_sees_the_review_queue_without_buttons(viewer_client, django_assert_num_queries):
    url = reverse("admin:archive_review_queue")
    factories.OrganizationFactory(name="Smart Grid Alliance")
    with CaptureQueriesContext(connection) as one_card:
        viewer_client.get(url)
    factories.OrganizationFactory(), factories.OrganizationFactory()

    with django_assert_num_queries(len(one_card)):
        response = viewer_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Smart Grid Alliance" in html
    assert 'data-action="confirm"' not in html
    assert 'data-action="alias"' not in html


def test_curator_can_run_a_workflow_action(curator_client):
    article = factories.ArticleFactory(status=models.ArticleStatus.DRAFT)

    response = curator_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk], "index": "0"},
    )

    article.refresh_from_db()
    assert (response.status_code, article.status) == (302, models.ArticleStatus.PUBLISHED)


def test_public_pages_never_require_login(client):
    article = factories.ArticleFactory()

    response = client.get(reverse("archive:article-list"))

    assert response.status_code != 302
    assert article.get_absolute_url().startswith("/")


def test_admin_requires_login(client):
    response = client.get(reverse("admin:archive_review_queue"))

    assert response.status_code == 302
    assert reverse("admin:login") in response.url
