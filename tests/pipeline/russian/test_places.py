"""Russian place names resolved to the gazetteer's places."""

from archive.pipeline.russian import extract
from archive.pipeline.russian.places import gazetteer_place
from archive.pipeline.types import Gazetteer, ParsedPage


def test_russian_names_find_the_gazetteers_cities_and_countries():
    found = {
        name: (record.name, record.kind, record.country_code) if record else None
        for name in ("Москва", "Казань", "Россия", "Германия", "Санкт-Петербург", "Заречье-Нижнее")
        for record in [gazetteer_place(name)]
    }

    assert found == {
        "Москва": ("Moscow", "city", "RU"),  # transliterated: "Moskva" is Moscow's
        "Казань": ("Kazan", "city", "RU"),
        "Россия": ("Russia", "country", "RU"),  # data/places_ru.tsv
        "Германия": ("Germany", "country", "DE"),  # pycountry's Russian country names
        "Санкт-Петербург": ("Saint Petersburg", "city", "RU"),
        "Заречье-Нижнее": None,
    }


def test_places_take_the_gazetteers_name_and_keep_the_russian_one_as_an_alias():
    body = (
        "Жители Москвы и власти Казани подписали соглашение. "
        "В Москве его назвали важным для России."
    )

    extraction = extract(
        ParsedPage(title="т", body=body, raw_text=body, language="ru"), Gazetteer()
    )

    places = {
        e.key: (e.name, e.aliases, e.attributes) for e in extraction.entities if e.kind == "place"
    }
    assert places == {
        "place:moscow": (
            "Moscow",
            ["Москва"],
            {"place_kind": "city", "country_code": "RU", "country": "place:russia"},
        ),
        "place:kazan": (
            "Kazan",
            ["Казань"],
            {"place_kind": "city", "country_code": "RU", "country": "place:russia"},
        ),
        "place:russia": ("Russia", ["Россия"], {"place_kind": "country", "country_code": "RU"}),
    }
    assert [m.text for m in extraction.mentions if m.entity_key == "place:moscow"] == [
        "Москвы",
        "Москве",
    ]


def test_regions_come_from_iso_3166_2_and_cities_from_geonames_cyrillic_names():
    found = {
        name: (record.name, record.kind, record.ident) if record else None
        for name in (
            "Тульская область",
            "Краснодарский край",
            "Республика Татарстан",
            "Татарстан",
            "Ханты-Мансийский автономный округ",
            "Арзамас",
            "Лондон",
            "Придуманская область",
        )
        for record in [gazetteer_place(name)]
    }

    assert found == {
        "Тульская область": ("Tul'skaya oblast'", "region", "sub:RU-TUL"),
        "Краснодарский край": ("Krasnodarskiy kray", "region", "sub:RU-KDA"),
        "Республика Татарстан": ("Tatarstan", "region", "sub:RU-TA"),
        "Татарстан": ("Tatarstan", "region", "sub:RU-TA"),
        "Ханты-Мансийский автономный округ": (
            "Khanty-Mansiyskiy avtonomnyy okrug",
            "region",
            "sub:RU-KHM",
        ),
        "Арзамас": ("Arzamas", "city", "geo:580724"),  # a Russian town: geonames' Cyrillic name
        "Лондон": ("London", "city", "geo:2643743"),  # a large city abroad
        "Придуманская область": None,
    }
