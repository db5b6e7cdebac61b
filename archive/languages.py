"""The languages the archive reads, as the site names them: one definition for every page.

`settings.ARCHIVE_LANGUAGES` lists the ISO 639-1 codes; names come from Django's own table of
languages, so adding a code to the setting is all a new language needs here.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info


def archive_languages() -> tuple[str, ...]:
    return tuple(settings.ARCHIVE_LANGUAGES)


def language_name(code: str) -> str:
    """'Russian' for 'ru'; the code itself for one Django does not know."""
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of every language the archive reads, for filters and forms."""
    return [(code, language_name(code)) for code in archive_languages()]
