from django.test import override_settings

from archive.checks import check_languages
from archive.languages import language_choices, language_name


def test_choices_name_the_configured_languages():
    with override_settings(ARCHIVE_LANGUAGES=("en", "ru", "de")):
        choices = language_choices()

    assert (choices, language_name("xx")) == (
        [("en", "English"), ("ru", "Russian"), ("de", "German")],
        "xx",
    )


def test_the_system_check_names_codes_it_cannot_read():
    with override_settings(ARCHIVE_LANGUAGES=("en", "russian")):
        wrong = check_languages()
    with override_settings(ARCHIVE_LANGUAGES=()):
        empty = check_languages()

    assert [(e.id, e.msg) for e in [*wrong, *empty]] == [
        ("archive.E020", "ARCHIVE_LANGUAGES: 'russian' is not a two-letter ISO 639-1 code."),
        ("archive.E020", "ARCHIVE_LANGUAGES is empty."),
    ]
    assert check_languages() == []
