"""Merge suggestions made at import: one entity across languages and spellings, never merged."""

import pytest
from django.urls import reverse

from archive.models import Article, MergeSuggestion, Organization, Person, Place
from archive.services.duplicates import accept_merge_suggestion
from archive.services.importer import ImportOptions, import_paths

pytestmark = pytest.mark.django_db

INLINE = ImportOptions(workers=1)

# Two reports of one (invented) event, written for this test.
ENGLISH = (
    "Novosibirsk opens a city data portal\n"
    "Novosibirsk opened a city data portal on Monday, deputy mayor Sergey Orlov said. The "
    "Department of Information Technologies built the portal in six months.\n"
    "Orlov said residents can report broken street lights through the portal.\n"
)
RUSSIAN = (
    "Новосибирск открыл городской портал данных\n\n"
    "Заместитель мэра Новосибирска Сергей Орлов сообщил в понедельник об открытии городского "
    "портала данных. Портал за полгода создал Департамент информационных технологий.\n\n"
    "По словам Сергея Орлова, жители смогут сообщать через портал о неисправных фонарях.\n"
)


@pytest.fixture
def imported(tmp_path, russian_models):
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    import_paths([tmp_path], INLINE)
    (tmp_path / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    import_paths([tmp_path], INLINE)


def _suggested():
    return sorted(
        MergeSuggestion.objects.filter(status="open").values_list(
            "kind", "first_name", "second_name", "reason"
        )
    )


def test_an_import_suggests_the_records_another_language_named_and_merges_none(imported):
    assert _suggested() == [
        (
            "organization",
            "Department of Information Technologies",
            "Департамент информационных технологий",
            "shared acronym “DIT”",
        ),
        ("person", "Sergey Orlov", "Сергей Орлов", "same name in another script “sergei orlov”"),
    ]
    # Suggested, not merged: each article keeps its own record until a curator decides.
    assert sorted(Person.objects.canonical().values_list("name", flat=True)) == [
        "Sergey Orlov",
        "Сергей Орлов",
    ]
    # The gazetteer's place is shared at once: its Russian name is one of its names.
    novosibirsk = Place.objects.get(name="Novosibirsk")
    assert sorted(
        Article.objects.filter(mentions__place=novosibirsk)
        .distinct()
        .values_list("language", flat=True)
    ) == ["en", "ru"]


def test_once_accepted_the_two_articles_share_their_main_entities(imported):
    for suggestion in MergeSuggestion.objects.filter(status="open"):
        accept_merge_suggestion(suggestion)

    for model in (Person, Organization, Place):
        shared = {
            record.name: sorted(
                Article.objects.filter(mentions__in=record.mentions.all())
                .distinct()
                .values_list("language", flat=True)
            )
            for record in model.objects.canonical()
        }
        assert set(map(tuple, shared.values())) == {("en", "ru")}, model


def test_a_second_import_does_not_suggest_a_pair_again(imported, tmp_path):
    MergeSuggestion.objects.update(status="dismissed")
    (tmp_path / "ru.txt").write_text(RUSSIAN.replace("понедельник", "вторник"), "utf-8")

    import_paths([tmp_path], INLINE)

    assert _suggested() == []


def test_the_admin_lists_the_suggestions_with_their_reasons(
    admin_client, imported, django_assert_num_queries
):
    url = reverse("admin:archive_mergesuggestion_changelist")

    with django_assert_num_queries(4):
        response = admin_client.get(url, {"status__exact": "open"})

    page = response.content.decode()
    assert [str(s) for s in response.context["cl"].result_list] == [
        "Department of Information Technologies ≈ Департамент информационных технологий (100)",
        "Sergey Orlov ≈ Сергей Орлов (100)",
    ]
    assert "same name in another script “sergei orlov”" in page
