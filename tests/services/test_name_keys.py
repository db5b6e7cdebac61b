"""The stored name keys (issues 11 and 15): found by index in any script's case, and kept right
by every service that creates, renames, merges, un-merges or deletes records."""

import pytest
from django.urls import reverse

from archive.models import EntityNameKey, Mention, Organization, Person, Place
from archive.pipeline.types import ExtractedEntity
from archive.services import import_undo, merging, review
from archive.services.entity_queries import CurationError, ensure_name_free
from archive.services.entity_resolver import resolve_entities
from archive.services.importer import ImportOptions, import_paths
from archive.services.name_keys import ids_named, rebuild_name_keys, sync_name_keys
from tests import factories

pytestmark = pytest.mark.django_db


def stored_keys(record):
    return sorted(
        EntityNameKey.objects.filter(kind=record.kind_of_entity, entity_id=record.pk).values_list(
            "key", flat=True
        )
    )


def org(key, name, aliases=()):
    return ExtractedEntity(key=key, kind="organization", name=name, aliases=list(aliases))


# -- lookups ------------------------------------------------------------------------------------


def test_a_cyrillic_name_in_capitals_finds_the_record_in_title_case():
    record = factories.OrganizationFactory(name="Департамент городского транспорта")

    records = resolve_entities([org("o1", "ДЕПАРТАМЕНТ ГОРОДСКОГО ТРАНСПОРТА")])

    assert records["o1"] == record
    assert Organization.objects.count() == 1


def test_an_alias_in_another_case_and_spacing_finds_its_record():
    record = factories.PlaceFactory(name="Nordhavn Harbour", aliases=["Гавань  Нордхавн"])

    records = resolve_entities([ExtractedEntity(key="p1", kind="place", name="ГАВАНЬ НОРДХАВН")])

    assert records["p1"] == record


def test_a_name_that_is_only_a_substring_of_an_alias_does_not_match():
    factories.OrganizationFactory(name="Harbour Mobility Office", aliases=["Harbour Mobility"])

    records = resolve_entities([org("o1", "Mobility")])

    assert records["o1"].name == "Mobility"
    assert Organization.objects.count() == 2


def test_ids_named_reads_only_the_given_kind():
    person = factories.PersonFactory(name="Lena Brandt")
    factories.OrganizationFactory(name="Lena Brandt Foundation", aliases=["Lena Brandt"])

    assert list(Person.objects.filter(id__in=ids_named("person", ["lena brandt"]))) == [person]


# -- the importer keeps them ----------------------------------------------------------------


def test_records_an_import_creates_have_the_keys_of_their_names():
    records = resolve_entities([org("o1", "Tidewater Energy Board", ["TEB"])])

    assert stored_keys(records["o1"]) == ["teb", "tidewater energy board"]


def test_an_alias_an_import_adds_is_stored_and_found_next_time():
    record = factories.OrganizationFactory(name="Tidewater Energy Board")

    resolve_entities([org("o1", "Tidewater Energy Board", ["Tidewater Board"])])
    records = resolve_entities([org("o2", "TIDEWATER BOARD")])

    assert stored_keys(record) == ["tidewater board", "tidewater energy board"]
    assert records["o2"] == record


def test_import_undo_drops_the_keys_of_the_records_it_deletes(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Kestrel Bay opens a sensor lab\nMarch 3, 2023\n\n"
        "The Kestrel Bay Sensor Agency opened a lab on Monday, its director Ines Varga said.\n",
        encoding="utf-8",
    )
    run = import_paths([str(tmp_path)], ImportOptions(workers=1)).run
    assert EntityNameKey.objects.exists()

    import_undo.undo_import_run(run)

    assert EntityNameKey.objects.count() == 0


# -- curators' changes keep them ------------------------------------------------------------


def test_merge_gives_the_survivor_the_merged_names_and_undo_takes_them_back():
    survivor = factories.OrganizationFactory(name="Coastal Water Authority")
    merged = factories.OrganizationFactory(name="Coastal Water Agency", aliases=["CWA"])

    merge = merging.merge_entities(survivor, merged)

    assert stored_keys(survivor) == ["coastal water agency", "coastal water authority", "cwa"]
    assert stored_keys(merged) == ["coastal water agency", "cwa"]

    merging.undo_merge(merge)

    assert stored_keys(survivor) == ["coastal water authority"]
    assert stored_keys(merged) == ["coastal water agency", "cwa"]


def test_split_into_a_new_record_stores_its_name():
    mention = factories.MentionFactory()

    entity, _result = review.move_mentions_to_new_entity(
        Mention.objects.filter(pk=mention.pk), "Bay Area Data Trust"
    )

    assert stored_keys(entity) == ["bay area data trust"]


def test_admin_rename_and_delete_keep_the_keys(staff_client):
    place = factories.PlaceFactory(name="Old Quay", slug="old-quay")
    url = reverse("admin:archive_place_change", args=[place.pk])

    response = staff_client.post(
        url,
        {
            "name": "New Quay",
            "slug": "old-quay",
            "aliases": '["Нова Кея"]',
            "review_status": "confirmed",
            "kind": "city",
            "curated_fields": "[]",
        },
    )

    assert response.status_code == 302
    assert stored_keys(place) == ["new quay", "нова кея"]

    staff_client.post(reverse("admin:archive_place_delete", args=[place.pk]), {"post": "yes"})

    assert not Place.objects.exists()
    assert EntityNameKey.objects.count() == 0


def test_ensure_name_free_folds_cyrillic_case():
    public = factories.OrganizationFactory(name="Агентство цифрового города")
    rejected = factories.OrganizationFactory(
        name="АГЕНТСТВО ЦИФРОВОГО ГОРОДА", review_status="rejected"
    )

    with pytest.raises(CurationError) as raised:
        ensure_name_free(rejected)

    assert f"#{public.pk}" in str(raised.value)


def test_an_alias_does_not_take_a_name():
    factories.OrganizationFactory(name="Harbour Office", aliases=["Port Office"])
    rejected = factories.OrganizationFactory(name="Port Office", review_status="rejected")

    ensure_name_free(rejected)  # no error


def test_rebuild_repairs_keys_written_around_the_services():
    record = factories.OrganizationFactory(name="Fjord Transit")
    Organization.objects.filter(pk=record.pk).update(name="Fjord Transit Company")
    record.refresh_from_db()

    assert rebuild_name_keys(Organization) == 2  # one stale, one missing
    assert stored_keys(record) == ["fjord transit"]

    assert rebuild_name_keys(Organization, fix=True) == 2

    assert stored_keys(record) == ["fjord transit company"]
    assert rebuild_name_keys(Organization) == 0


def test_sync_is_idempotent():
    record = factories.OrganizationFactory(name="Fjord Transit", aliases=["FT", "ft"])

    sync_name_keys([record])
    sync_name_keys([record])

    assert stored_keys(record) == ["fjord transit", "ft"]


def test_admin_rename_to_another_public_name_in_other_cyrillic_case_is_refused(staff_client):
    # SQLite's LOWER() in the unique constraint folds ASCII only: the stored keys must catch it.
    first = factories.OrganizationFactory(name="Бюро городских данных", slug="byuro")
    other = factories.OrganizationFactory(name="Служба умных дворов", slug="sluzhba")
    url = reverse("admin:archive_organization_change", args=[other.pk])

    response = staff_client.post(
        url,
        {
            "name": "БЮРО ГОРОДСКИХ ДАННЫХ",
            "kind": "government",
            "slug": "sluzhba",
            "aliases": "[]",
            "review_status": "confirmed",
            "curated_fields": "[]",
        },
    )

    assert response.status_code == 200
    other.refresh_from_db()
    assert other.name == "Служба умных дворов"
    assert response.context["adminform"].form.errors["name"] == [
        f"“Бюро городских данных” (#{first.pk}) has this name; merge the two instead."
    ]


def test_admin_rename_of_a_record_to_its_own_name_in_capitals_is_allowed(staff_client):
    record = factories.OrganizationFactory(name="Бюро городских данных", slug="byuro")

    response = staff_client.post(
        reverse("admin:archive_organization_change", args=[record.pk]),
        {
            "name": "БЮРО ГОРОДСКИХ ДАННЫХ",
            "kind": "government",
            "slug": "byuro",
            "aliases": "[]",
            "review_status": "confirmed",
            "curated_fields": "[]",
        },
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.name == "БЮРО ГОРОДСКИХ ДАННЫХ"
