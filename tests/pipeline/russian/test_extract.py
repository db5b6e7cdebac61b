"""The Russian pipeline on a page written for the tests (`page.py`)."""

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.pipeline.cleaning import clean_page
from archive.pipeline.russian import extract
from archive.pipeline.types import Gazetteer, KnownEntity, ParsedPage

from .page import BODY, TEXT


def page_of(body: str) -> ParsedPage:
    return ParsedPage(title="Заголовок", body=body, raw_text=body, language="ru")


def spans(body: str, *words: str) -> list[tuple[str, int, int]]:
    """Every whole-word occurrence of each of `words` in `body`, in text order."""
    found = [
        (match.group(0), match.start(), match.end())
        for word in words
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", body)
    ]
    return sorted(found, key=lambda item: item[1])


def test_russian_page_is_cleaned_whole_and_read_as_russian() -> None:
    page = clean_page(TEXT)

    assert (page.title, page.published_on, page.language, page.body) == (
        "Новосибирск откроет городскую платформу данных",
        date(2024, 3, 12),
        "ru",
        BODY,
    )


def test_entities_are_named_in_the_nominative_and_inflected_mentions_are_one_entity() -> None:
    extraction = extract(page_of(BODY), Gazetteer())

    assert [(e.kind, e.name, e.aliases) for e in extraction.entities] == [
        # Only the head is put in the nominative: "по цифровому развитию" keeps its case.
        ("organization", "Комитет по цифровому развитию", []),
        # A project named in quotes is an organization (data/quoted_name_descriptors_ru.txt).
        ("organization", "Умный двор", []),
        ("organization", "Управление городских коммуникаций", []),
        ("person", "Ирина Соколова", ["Соколова"]),
        ("person", "Павел Громов", ["Громов"]),
        ("event", "Сибирский городской форум", []),
        # The word before a quoted event name describes it: the name is what the quotes hold.
        ("event", "Город и данные", []),
        # Places the gazetteer knows take its name; the Russian one is an alias.
        ("place", "Novosibirsk", ["Новосибирск"]),
        ("place", "Kazan", ["Казань"]),
    ]
    said_by = BODY.index("сказала Соколова")
    by_entity = {
        entity.name: [
            (m.text, m.start, m.end) for m in extraction.mentions if m.entity_key == entity.key
        ]
        for entity in extraction.entities
    }
    assert by_entity == {
        "Комитет по цифровому развитию": spans(
            BODY, "Комитета по цифровому развитию", "Комитет по цифровому развитию"
        ),
        "Умный двор": spans(BODY, "Умный двор"),
        "Управление городских коммуникаций": spans(BODY, "Управлением городских коммуникаций"),
        "Ирина Соколова": [
            *spans(BODY, "Ирина Соколова"),
            ("Соколова", said_by + len("сказала "), said_by + len("сказала Соколова")),
        ],
        "Павел Громов": spans(BODY, "Павла Громова", "Громов"),
        "Сибирский городской форум": spans(BODY, "Сибирском городском форуме"),
        "Город и данные": spans(BODY, "Город и данные"),
        "Novosibirsk": spans(BODY, "Новосибирска", "Новосибирске"),
        "Kazan": spans(BODY, "Казани"),
    }


def test_event_dates_and_kinds_come_from_their_sentences() -> None:
    extraction = extract(page_of(BODY), Gazetteer())

    assert {e.name: e.attributes for e in extraction.entities if e.kind == "event"} == {
        "Сибирский городской форум": {
            "event_kind": "forum",
            "start_date": date(2024, 3, 5),
            "year": 2024,
        },
        "Город и данные": {"event_kind": "exhibition"},
    }


def test_quotes_in_guillemets_have_their_speakers_and_names_in_quotes_are_not_quotes() -> None:
    extraction = extract(page_of(BODY), Gazetteer())

    assert [(q.text, q.speaker_name, BODY[q.start : q.end]) for q in extraction.quotes] == [
        (
            "Каждый житель сможет увидеть данные о транспорте и ремонте дорог",
            "Ирина Соколова",
            "Каждый житель сможет увидеть данные о транспорте и ремонте дорог",
        ),
        (
            "платформа сократит число обращений в мэрию",
            "Павел Громов",
            "платформа сократит число обращений в мэрию",
        ),
        ("Мы начнём с трёх районов города", "Павел Громов", "Мы начнём с трёх районов города"),
    ]


def test_low_double_quotes_and_a_speaker_before_the_quote() -> None:
    body = "Инженер Олег Зуев сказал: „Новые светофоры включат в апреле 2025 года“."

    extraction = extract(page_of(body), Gazetteer())

    assert [(q.text, q.speaker_name) for q in extraction.quotes] == [
        ("Новые светофоры включат в апреле 2025 года", "Олег Зуев")
    ]


def test_curated_records_and_rejected_names_are_applied() -> None:
    gazetteer = Gazetteer(
        confirmed=(KnownEntity(7, "place", "Kazan", ("Kazan", "Казань")),),
        rejected_names=frozenset({("person", "павел громов")}),
    )

    extraction = extract(page_of(BODY), gazetteer)

    names = {
        (e.kind, e.name, e.known_id) for e in extraction.entities if e.kind in ("place", "person")
    }
    assert names == {
        ("place", "Kazan", 7),
        ("place", "Novosibirsk", None),
        ("person", "Ирина Соколова", None),
        # "Громов" alone no longer has a full name to join, and is a person of its own.
        ("person", "Громов", None),
    }


NAMES = st.sampled_from(
    ["Ирина Соколова", "Ирины Соколовой", "Павел Громов", "Павлу Громову", "Соколова"]
)
PLACES = st.sampled_from(["Москва", "Москвы", "Москве", "Казани", "Новосибирском"])
PIECES = st.one_of(
    NAMES.map(lambda name: f"{name} выступила."),
    PLACES.map(lambda place: f"Проект показали в {place}."),
    st.builds(lambda n, p: f"«Данные нужны всем», — сказал {n} в {p}.", NAMES, PLACES),
    st.just("На Сибирском городском форуме говорили о транспорте."),
    st.just("Комитет по цифровому развитию Казани провёл хакатон 3 июня 2023 года."),
    st.text(alphabet="абвгд ёжзий«»—,.\n", max_size=30),
)


@settings(max_examples=20, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=6).map(" ".join))
def test_spans_always_slice_the_text_to_the_mention(body: str) -> None:
    extraction = extract(page_of(body), Gazetteer())

    keys = {entity.key for entity in extraction.entities}
    assert all(
        body[m.start : m.end] == m.text and m.text.strip() == m.text for m in extraction.mentions
    )
    assert all(m.entity_key in keys for m in extraction.mentions)
    assert all(body[q.start : q.end] == q.text for q in extraction.quotes)
