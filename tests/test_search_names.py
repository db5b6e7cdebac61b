"""A search for a record's name finds the articles that use its other names, in either
language (archive.search_names, issue 15). Run on both databases."""

import pytest

from archive.models import Article, ReviewStatus
from archive.search import highlight_articles, match_scores, parse_query, search_articles
from archive.search_names import other_names, typed_name, with_other_names
from tests.factories import ArticleFactory, OrganizationFactory, PersonFactory, PlaceFactory


def found(text: str) -> list[str]:
    results = search_articles(Article.objects.published(), text, automatic_prefix=False)
    return sorted(results.values_list("title", flat=True))


def english(title: str, body: str) -> Article:
    return ArticleFactory(title=title, lede="", body=body)


def russian(title: str, body: str) -> Article:
    return ArticleFactory(title=title, lede="", body=body, language="ru")


def test_only_a_query_of_exact_words_can_be_a_name():
    assert typed_name(parse_query("Lena Varga")) == ("Lena", "Varga")
    assert typed_name(parse_query('"Lena Varga"')) == ("Lena", "Varga")
    assert typed_name(parse_query("Lena OR Varga")) is None
    assert typed_name(parse_query("Lena Varg*")) is None
    assert typed_name(parse_query("Lena -Varga")) is None


@pytest.mark.django_db
def test_a_place_in_one_language_finds_reports_in_the_other():
    PlaceFactory(name="Tverskaya", aliases=["Тверская"])
    english("Trams", "New trams run in Tverskaya from May.")
    russian("Трамваи", "Новые трамваи ходят в Тверской с мая.")
    english("Parks", "Parks stay open late.")
    assert found("Tverskaya") == ["Trams", "Трамваи"]
    # Any inflection of the other name, and the typed name in any case.
    assert found("тверская") == ["Trams", "Трамваи"]


@pytest.mark.django_db
def test_a_person_named_in_full_finds_the_inflected_name_in_russian():
    PersonFactory(name="Marina Lesnova", aliases=["Марина Леснова"])
    english("Interview", "Marina Lesnova spoke about sensors.")
    russian("Интервью", "Марину Леснову спросили о датчиках.")
    russian("Другой", "Марина пришла, Лесновой не было.")  # the words, not the name
    assert found("Marina Lesnova") == ["Interview", "Интервью"]
    assert found('"Marina Lesnova"') == ["Interview", "Интервью"]
    # The words typed still find what they find alone: (a AND b) OR the other name.
    assert found("Марина Леснова") == ["Interview", "Другой", "Интервью"]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Тверской", "тверскую", "ТВЕРСКАЯ"])
def test_a_cyrillic_name_in_any_case_finds_the_records_other_names(typed):
    PlaceFactory(name="Tverskaya", aliases=["Тверская"])
    english("Trams", "New trams run in Tverskaya from May.")
    russian("Трамваи", "Новые трамваи ходят в Тверской с мая.")
    assert found(typed) == ["Trams", "Трамваи"]


@pytest.mark.django_db
def test_an_inflected_full_name_finds_the_person_in_english():
    PersonFactory(name="Marina Lesnova", aliases=["Марина Леснова"])
    PersonFactory(name="Marina Lesnik", aliases=["Марина Лесник"])
    english("Interview", "Marina Lesnova spoke about sensors.")
    english("Other", "Marina Lesnik spoke about parks.")
    assert other_names("Марину Леснову", parse_query("Марину Леснову")) == [
        "Marina Lesnova",
        "Марина Леснова",
    ]
    assert found("Марину Леснову") == ["Interview"]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Котле", "котла", "Котёл"])
def test_a_name_that_drops_its_last_vowel_in_other_cases_is_one_name(typed):
    """Russian fleeting vowels: the nominative keeps a vowel its other cases drop, so their
    stems differ by it (made-up town: nominative "Котёл", locative "Котле")."""
    PlaceFactory(name="Kotyol", aliases=["Котёл"])
    english("Trams", "New trams run in Kotyol from May.")
    russian("Трамваи", "Новые трамваи ходят в Котле с мая.")
    assert other_names(typed, parse_query(typed)) in (["Kotyol", "Котёл"], ["Kotyol"])
    assert "Trams" in found(typed)


@pytest.mark.django_db
def test_a_full_name_with_fleeting_vowels_in_both_words():
    PersonFactory(name="Pavel Kotlov", aliases=["Павел Котёлов"])
    english("Interview", "Pavel Kotlov spoke about sensors.")
    assert other_names("Павла Котёлова", parse_query("Павла Котёлова")) == [
        "Pavel Kotlov",
        "Павел Котёлов",
    ]
    assert found("Павлу Котёлову") == ["Interview"]


@pytest.mark.django_db
def test_a_masculine_surname_in_any_case_names_its_nominative():
    """Snowball reads a surname's -ov as an ending in the nominative and keeps it elsewhere."""
    PersonFactory(name="Oleg Sadkov", aliases=["Олег Садков"])
    english("Interview", "Oleg Sadkov spoke about sensors.")
    for typed in ("Олега Садкова", "Олегу Садкову", "Олегом Садковым", "Олег Садков"):
        assert found(typed) == ["Interview"], typed


@pytest.mark.django_db
def test_a_name_written_with_yo_is_found_from_a_case_written_either_way():
    """A word holds one yo at most (it is always stressed); texts often write it as ye."""
    PlaceFactory(name="Beryozovo", aliases=["Берёзово"])
    english("Trams", "New trams run in Beryozovo from May.")
    assert found("Берёзове") == ["Trams"]
    assert found("Березове") == ["Trams"]


@pytest.mark.django_db
def test_a_vowel_that_is_not_fleeting_still_tells_names_apart():
    PlaceFactory(name="Kotel", aliases=["Котел"])
    PlaceFactory(name="Kotol", aliases=["Котол"])
    # An oblique case that drops the vowel cannot tell which one it was: both are offered.
    assert other_names("Котла", parse_query("Котла")) == ["Kotel", "Котел", "Kotol", "Котол"]
    # One that keeps it names one record.
    assert other_names("Котелу", parse_query("Котелу")) == ["Kotel", "Котел"]


@pytest.mark.django_db
def test_cyrillic_words_of_no_name_cost_one_more_query(django_assert_num_queries):
    PlaceFactory(name="Tverskaya", aliases=["Тверская"])
    with django_assert_num_queries(2):
        assert other_names("трамваи", parse_query("трамваи")) == []
    with django_assert_num_queries(1):
        assert other_names("trams", parse_query("trams")) == []


@pytest.mark.django_db
def test_an_organization_by_its_name_with_punctuation():
    OrganizationFactory(name="Dept. of Transit Data", aliases=["Департамент данных транспорта"])
    russian("Данные", "Департамент данных транспорта открыл портал.")
    assert found("Dept. of Transit Data") == ["Данные"]
    assert found('"Dept. of Transit Data"') == ["Данные"]


@pytest.mark.django_db
def test_rejected_and_merged_away_records_widen_nothing():
    target = PlaceFactory(name="Harbourton")
    PlaceFactory(name="Portvale", aliases=["Портвейл"], merged_into=target)
    PlaceFactory(name="Lakemoor", aliases=["Лейкмур"], review_status=ReviewStatus.REJECTED)
    russian("Портвейл", "В Портвейле открыли порт.")
    russian("Лейкмур", "В Лейкмуре открыли озеро.")
    assert found("Portvale") == []
    assert found("Lakemoor") == []


@pytest.mark.django_db
def test_words_that_are_not_a_whole_name_are_not_widened():
    PlaceFactory(name="Tverskaya", aliases=["Тверская"])
    russian("Трамваи", "Новые трамваи ходят в Тверской с мая.")
    english("Trams", "New trams run in Tverskaya from May.")
    assert found("Tverskaya trams") == ["Trams"]
    assert other_names("Tverskaya trams", parse_query("Tverskaya trams")) == []
    assert other_names("Tverskaya", parse_query("Tverskaya")) == ["Тверская"]


@pytest.mark.django_db
def test_other_names_are_added_once_each_and_the_typed_term_stays_last():
    PlaceFactory(name="Tverskaya", aliases=["Тверская", "TVERSKAYA", "Tverskaja"])
    query = with_other_names("tverskaya", parse_query("tverskaya"))
    assert [term.words for term in query.clauses[0]] == [
        ("Тверская",),
        ("Tverskaja",),
        ("tverskaya",),
    ]


@pytest.mark.django_db
def test_scores_and_highlights_read_the_widened_query():
    PlaceFactory(name="Tverskaya", aliases=["Тверская"])
    article = russian("Трамваи", "Новые трамваи ходят в Тверской с мая.")
    assert list(match_scores([article.pk], "Tverskaya")) == [article.pk]
    highlight = highlight_articles([article.pk], "Tverskaya")[article.pk]
    assert "<mark>Тверской</mark>" in highlight.snippet


@pytest.mark.django_db
def test_a_search_page_for_a_name_lists_both_languages(client):
    PlaceFactory(name="Tverskaya", aliases=["Тверская"])
    english("Trams", "New trams run in Tverskaya from May.")
    russian("Трамваи", "Новые трамваи ходят в Тверской с мая.")
    response = client.get("/articles/", {"q": "Тверская"})
    assert response.status_code == 200
    titles = sorted(article.title for article in response.context["page_obj"])
    assert titles == ["Trams", "Трамваи"]
    assert response.context["other_names"] == ["Tverskaya"]
    assert "Also searched for its other name: Tverskaya" in response.content.decode()
