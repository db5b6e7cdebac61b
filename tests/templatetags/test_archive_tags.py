from archive.templatetags.archive_tags import get_item, plural_of, thousands


def test_thousands_groups_digits():
    assert [thousands(1234567), thousands(0), thousands(None)] == ["1,234,567", "0", ""]


def test_plural_of_picks_the_form():
    assert [plural_of(1, "article,articles"), plural_of(2, "article,articles")] == [
        "1 article",
        "2 articles",
    ]


def test_get_item_reads_a_dict():
    assert [get_item({"a": 1}, "a"), get_item({"a": 1}, "b"), get_item(None, "a")] == [1, "", ""]
