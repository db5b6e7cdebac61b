"""Finding likely duplicates and deciding on them (archive.services.duplicates)."""

import pytest

from archive.models import (
    MergeSuggestion,
)
from archive.services import duplicates
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_suggest_merges_finds_similar_names_and_acronyms():
    undp = OrganizationFactory(name="United Nations Development Programme")
    acronym = OrganizationFactory(name="UNDP")
    spelled = OrganizationFactory(name="United Nations Development Program")
    OrganizationFactory(name="Barcelona City Council")

    created = duplicates.suggest_merges("organization")

    pairs = {(s.first_id, s.second_id) for s in created}
    assert pairs == {
        tuple(sorted((undp.pk, acronym.pk))),
        tuple(sorted((undp.pk, spelled.pk))),
        tuple(sorted((acronym.pk, spelled.pk))),
    }


def test_suggest_merges_keeps_people_with_other_first_names_apart():
    PersonFactory(name="John Smith")
    PersonFactory(name="Jane Smith")
    first = PersonFactory(name="Maria Garcia")
    second = PersonFactory(name="M. Garcia")

    created = duplicates.suggest_merges("person")

    assert [(s.first_id, s.second_id) for s in created] == [(first.pk, second.pk)]


def test_suggest_merges_never_repeats_a_dismissed_pair():
    OrganizationFactory(name="Smart Nation Office")
    OrganizationFactory(name="Smart Nation Office.")
    duplicates.dismiss_merge_suggestions(
        MergeSuggestion.objects.filter(pk__in=[s.pk for s in duplicates.suggest_merges()])
    )

    assert duplicates.suggest_merges() == []


def test_accept_merge_suggestion_prefers_the_confirmed_record():
    suggested = OrganizationFactory(name="Smart Nation Office")
    confirmed = OrganizationFactory(name="Smart Nation Office.", review_status="confirmed")
    [suggestion] = duplicates.suggest_merges()

    merge = duplicates.accept_merge_suggestion(suggestion)

    suggestion.refresh_from_db()
    assert (merge.survivor_id, merge.merged_id) == (confirmed.pk, suggested.pk)
    assert suggestion.status == MergeSuggestion.Status.ACCEPTED


def test_a_record_named_in_russian_is_suggested_with_its_english_namesake():
    english = PersonFactory(name="Oleg Zuev")
    russian = PersonFactory(name="Олег Зуев")

    pairs = duplicates.find_duplicate_pairs("person")

    assert [(first, second, reason) for first, second, _score, _a, _b, reason in pairs] == [
        (english.pk, russian.pk, "same name in another script “oleg zuev”")
    ]


def test_romanizations_of_one_russian_name_are_suggested_as_one_person():
    sergey = PersonFactory(name="Sergey Orlov")
    sergej = PersonFactory(name="Sergej Orlow")
    cyrillic = PersonFactory(name="Сергей Орлов")
    PersonFactory(name="Svetlana Orlova")

    pairs = duplicates.find_duplicate_pairs("person")

    assert [(first, second, reason) for first, second, _score, _a, _b, reason in pairs] == [
        (sergey.pk, sergej.pk, "same name in another spelling “sergei orlov”"),
        (sergey.pk, cyrillic.pk, "same name in another script “sergei orlov”"),
        (sergej.pk, cyrillic.pk, "same name in another script “sergei orlov”"),
    ]


def test_a_surname_alone_is_suggested_with_the_full_name_in_the_other_script():
    full = PersonFactory(name="Yevgeny Belov")
    surname = PersonFactory(name="Белов")

    pairs = duplicates.find_duplicate_pairs("person")

    assert [(first, second, reason) for first, second, _score, _a, _b, reason in pairs] == [
        (full.pk, surname.pk, "same surname “belov”, compatible given names")
    ]


def test_an_organization_and_its_acronym_in_the_other_script_are_suggested():
    english = OrganizationFactory(name="Department of Transport Infrastructure")
    russian = OrganizationFactory(name="Департамент транспортной инфраструктуры")
    acronym = OrganizationFactory(name="ДТИ")
    OrganizationFactory(name="Department of Culture")

    pairs = duplicates.find_duplicate_pairs("organization")

    assert [(first, second, reason) for first, second, _score, _a, _b, reason in pairs] == [
        (english.pk, russian.pk, "shared acronym “DTI”"),
        (english.pk, acronym.pk, "shared acronym “DTI”"),
        (russian.pk, acronym.pk, "shared acronym “DTI”"),
    ]


def test_among_limits_the_pairs_to_the_given_records():
    sergey = PersonFactory(name="Sergey Orlov")
    sergei = PersonFactory(name="Sergei Orlov")  # an older pair: not looked at again
    new = PersonFactory(name="Сергей Орлов")

    created = duplicates.suggest_merges("person", among={new.pk})

    assert sorted((s.first_id, s.second_id) for s in created) == [
        (sergey.pk, new.pk),
        (sergei.pk, new.pk),
    ]
