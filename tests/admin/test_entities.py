import pytest
from django.urls import reverse

from archive.models import Organization, Person
from archive.services import merging
from tests import factories

pytestmark = pytest.mark.django_db


def test_curator_can_add_an_organization(staff_client):
    response = staff_client.post(
        reverse("admin:archive_organization_add"),
        {
            "name": "Open Data Institute",
            "slug": "open-data-institute",
            "aliases": '["ODI"]',
            "review_status": "confirmed",
            "kind": "ngo",
            "curated_fields": "[]",
        },
    )

    assert response.status_code == 302
    assert list(Organization.objects.values_list("name", "aliases")) == [
        ("Open Data Institute", ["ODI"])
    ]


def test_editing_a_person_keeps_slug_and_merge_link_out_of_reach(staff_client):
    person = factories.PersonFactory(name="Ana Silva", slug="ana-silva")
    other = factories.PersonFactory()
    url = reverse("admin:archive_person_change", args=[person.pk])

    staff_client.post(
        url,
        {
            "name": "Ana Silva Santos",
            "slug": "changed",
            "merged_into": other.pk,
            "aliases": "[]",
            "review_status": "confirmed",
            "role": "Mayor",
            "curated_fields": "[]",
        },
    )

    person.refresh_from_db()
    assert (person.name, person.slug, person.merged_into_id) == (
        "Ana Silva Santos",
        "ana-silva",
        None,
    )
    assert person.history.latest().history_user_id == staff_client.user.pk


def test_merged_record_page_points_to_its_survivor(staff_client):
    survivor, merged = factories.PersonFactory(name="Ana Silva"), factories.PersonFactory()
    merging.merge_entities(survivor, merged)

    response = staff_client.get(reverse("admin:archive_person_change", args=[merged.pk]))

    assert reverse("admin:archive_person_change", args=[survivor.pk]) in response.content.decode()


def test_alias_of_page_merges_into_the_chosen_record(staff_client):
    alias, canonical = factories.PersonFactory(name="A. Silva"), factories.PersonFactory()
    url = reverse("admin:archive_person_alias_of", args=[alias.pk])

    page = staff_client.get(url)
    staff_client.post(url, {"target": canonical.pk})

    alias.refresh_from_db()
    assert page.status_code == 200
    assert alias.merged_into_id == canonical.pk
    assert Person.objects.get(pk=canonical.pk).aliases == ["A. Silva"]


def test_merge_action_redirects_to_the_survivor_choice(staff_client):
    people = [factories.PersonFactory(), factories.PersonFactory()]

    response = staff_client.post(
        reverse("admin:archive_person_changelist"),
        {"action": "merge_selected", "_selected_action": [p.pk for p in people], "index": "0"},
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:archive_person_merge"))


@pytest.mark.parametrize(
    "factory",
    [
        factories.OrganizationFactory,
        factories.PersonFactory,
        factories.PlaceFactory,
        factories.EventFactory,
    ],
)
def test_history_pages_of_an_edited_entity_answer(staff_client, factory):
    entity = factory(name="Urban Mobility Office")
    entity.name = "Urban Mobility Agency"
    entity.aliases = ["UMA"]
    entity.save()
    opts = entity._meta
    first_version = entity.history.earliest()

    history = staff_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[entity.pk])
    )
    version = staff_client.get(
        reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
            args=[entity.pk, first_version.history_id],
        )
    )

    assert history.status_code == 200
    assert version.status_code == 200
    assert "Urban Mobility Office" in version.content.decode()


def test_add_form_still_fills_the_slug_from_the_name(staff_client):
    response = staff_client.get(reverse("admin:archive_organization_add"))

    assert response.status_code == 200
    assert "&quot;#id_slug&quot;" in response.content.decode()


def test_a_name_another_organization_already_has_is_a_form_error(staff_client):
    first = factories.OrganizationFactory(name="Open Data Institute")
    response = staff_client.post(
        reverse("admin:archive_organization_add"),
        {
            "name": "open data institute",
            "slug": "open-data-institute-copy",
            "aliases": "[]",
            "review_status": "confirmed",
            "kind": "ngo",
            "curated_fields": "[]",
        },
    )

    assert response.status_code == 200
    # The form names the record (archive.admin.entities.EntityForm), before the constraint.
    assert response.context["adminform"].form.errors["name"] == [
        f"“Open Data Institute” (#{first.pk}) has this name; merge the two instead."
    ]
    assert Organization.objects.count() == 1
