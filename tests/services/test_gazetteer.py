import pytest

from archive.models import ReviewStatus
from archive.pipeline.types import KnownEntity
from archive.services.gazetteer import build_gazetteer, country_name
from tests.factories import OrganizationFactory, PersonFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def test_build_gazetteer_lists_confirmed_records_with_their_names():
    dit = OrganizationFactory(
        name="Department of Information Technologies of Moscow",
        aliases=["DIT"],
        review_status=ReviewStatus.CONFIRMED,
    )
    OrganizationFactory(name="Moscow IT Department", merged_into=dit)
    OrganizationFactory(name="Suggested Only")

    gazetteer = build_gazetteer()

    assert gazetteer.confirmed == (
        KnownEntity(
            id=dit.pk,
            kind="organization",
            name="Department of Information Technologies of Moscow",
            names=(
                "Department of Information Technologies of Moscow",
                "DIT",
                "Moscow IT Department",
            ),
        ),
    )


def test_build_gazetteer_lists_rejected_names_by_kind():
    PersonFactory(name="Smart City", aliases=["Smart Cities"], review_status=ReviewStatus.REJECTED)
    PlaceFactory(name="Moscow", review_status=ReviewStatus.CONFIRMED)
    PlaceFactory(name="MOSCOW", review_status=ReviewStatus.REJECTED)

    gazetteer = build_gazetteer()

    assert gazetteer.rejected_names == frozenset(
        {("person", "smart city"), ("person", "smart cities")}
    )


def test_build_gazetteer_is_a_few_queries(django_assert_num_queries):
    OrganizationFactory.create_batch(3, review_status=ReviewStatus.CONFIRMED)

    with django_assert_num_queries(8):
        build_gazetteer()


def test_country_name_is_the_gazetteers_short_name_for_a_code():
    assert [country_name("RU"), country_name("kr"), country_name("FI")] == [
        "Russia",
        "South Korea",
        "Finland",
    ]
    assert [country_name(""), country_name("ZZ"), country_name("FIN")] == ["", "", ""]
