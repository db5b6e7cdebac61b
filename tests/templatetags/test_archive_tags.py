from archive.models import Organization, Place
from archive.templatetags.archive_tags import country_of, get_item, plural_of, thousands


def test_thousands_groups_digits():
    assert [thousands(1234567), thousands(0), thousands(None)] == ["1,234,567", "0", ""]


def test_plural_of_picks_the_form():
    assert [plural_of(1, "article,articles"), plural_of(2, "article,articles")] == [
        "1 article",
        "2 articles",
    ]


def test_get_item_reads_a_dict():
    assert [get_item({"a": 1}, "a"), get_item({"a": 1}, "b"), get_item(None, "a")] == [1, "", ""]


def test_country_of_prefers_the_linked_record_then_the_code():
    country = Place(name="Chile", kind="country", country_code="CL")
    assert [
        country_of(Place(name="Valparaiso", country=country, country_code="AR")),
        country_of(Place(name="Valparaiso", country_code="CL")),
        country_of(country),
        country_of(Place(name="Nowhere")),
        country_of(Organization(name="Port Authority", country=country)),
        country_of(Organization(name="Port Authority")),
    ] == ["Chile", "Chile", "", "", "Chile", ""]
