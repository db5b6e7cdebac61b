"""The Russian pipeline's rules on sentences written for these tests."""

from archive.pipeline.russian import extract
from archive.pipeline.types import Gazetteer, ParsedPage


def entities_of(body: str) -> list[tuple[str, str]]:
    page = ParsedPage(title="Заголовок", body=body, raw_text=body, language="ru")
    return [(e.kind, e.name) for e in extract(page, Gazetteer()).entities]


def test_a_government_named_by_its_place_is_one_organization_and_not_a_place() -> None:
    body = (
        "Решение приняли в правительстве Казани во вторник. "
        "Представитель администрации Казани ответил на вопросы жителей."
    )
    extraction = extract(
        ParsedPage(title="Заголовок", body=body, raw_text=body, language="ru"), Gazetteer()
    )

    assert [(e.kind, e.name) for e in extraction.entities] == [
        ("organization", "Правительство Казани"),
        ("organization", "Администрация Казани"),
    ]
    assert [m.text for m in extraction.mentions] == ["правительстве Казани", "администрации Казани"]


def test_a_place_after_other_words_stays_a_place() -> None:
    assert entities_of("Жители Казани обсудили новый парк.") == [("place", "Kazan")]


def test_a_woman_with_a_surname_the_dictionary_lacks_is_named_in_the_nominative() -> None:
    body = "Директор поблагодарила Ольгу Зверугину за работу. Ольга Зверугина ответила коротко."

    assert entities_of(body) == [("person", "Ольга Зверугина")]


def test_common_nouns_alone_and_photo_credits_are_not_entities() -> None:
    body = (
        "Об этом писали СМИ, а мэр подтвердил новость.\n"
        "Фото: Павел Громов\n"
        "Инженер Ирина Соколова показала новый сервис."
    )

    assert entities_of(body) == [("person", "Ирина Соколова")]


def test_a_short_city_name_resolves_to_the_city() -> None:
    assert entities_of("Нижний вошел в первую десятку городов рейтинга.") == [
        ("place", "Nizhniy Novgorod")
    ]
