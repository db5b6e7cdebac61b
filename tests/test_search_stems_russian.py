"""The stems SQLite's index keeps of Russian words (archive/search_stems.py)."""

from archive.search_stems import stem_word, stemmed_fields, stems


def test_only_cyrillic_words_are_stemmed_lower_case_with_yo_as_ye():
    assert stems("Новые ДАТЧИКИ Smart City 2030 в Орёле", "ru") == "нов датчик в орел"


def test_inflections_share_a_stem():
    assert {stem_word(w) for w in ("Казань", "Казани", "казанью", "КАЗАНЬ")} == {"казан"}


def test_a_language_without_a_stemmer_gets_none():
    assert stems("Новые датчики", "en") == ""
    assert stemmed_fields("en", title="Датчики", body="Новые датчики") == {
        "stemmed_title": "",
        "stemmed_body": "",
    }


def test_each_text_field_has_its_stem_column():
    assert stemmed_fields("ru", title="Датчики", lede="", body="Новые датчики") == {
        "stemmed_title": "датчик",
        "stemmed_lede": "",
        "stemmed_body": "нов датчик",
    }
