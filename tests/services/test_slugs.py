import pytest

from archive.models import Article, Organization
from archive.services.slugs import base_slug, unique_slug, unique_slugs
from tests.factories import ArticleFactory, OrganizationFactory


def test_base_slug_slugifies_and_cuts_between_words():
    assert base_slug("Smart Cities: Moscow 2030!", 220) == "smart-cities-moscow-2030"
    assert base_slug("alpha beta gamma delta", 16) == "alpha-beta-gamma"


def test_base_slug_falls_back_when_nothing_is_left():
    assert base_slug("«»—", 50) == "item"
    assert base_slug("東京", 50, fallback="place") == "place"


def test_base_slug_transliterates_cyrillic_names():
    assert (base_slug("Москва", 50), base_slug("Департамент транспорта Щёлкова", 50)) == (
        "moskva",
        "departament-transporta-shchelkova",
    )


@pytest.mark.django_db
def test_unique_slug_adds_a_number_on_collision():
    OrganizationFactory(slug="moscow-government")
    OrganizationFactory(slug="moscow-government-2")

    assert unique_slug(Organization, "Moscow Government") == "moscow-government-3"


@pytest.mark.django_db
def test_unique_slugs_are_unique_among_themselves():
    assert unique_slugs(Organization, ["WEF", "wef", "W.E.F."]) == ["wef", "wef-2", "wef-3"]


@pytest.mark.django_db
def test_unique_slug_respects_the_field_max_length():
    title = "word " * 100
    ArticleFactory(slug=base_slug(title, 220))

    slug = unique_slug(Article, title)

    assert (len(slug) <= 220, slug.endswith("-2"), slug != base_slug(title, 220)) == (
        True,
        True,
        True,
    )


@pytest.mark.django_db
def test_unique_slug_ignores_the_row_itself():
    article = ArticleFactory(slug="city-data")

    assert unique_slug(Article, "City data", exclude_pk=article.pk) == "city-data"


@pytest.mark.django_db
def test_unique_slug_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        unique_slugs(Organization, [f"Agency {n}" for n in range(30)])
