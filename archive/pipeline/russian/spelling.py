"""One key for the spellings of a name across scripts and romanizations (suggestions only).

"Сергей Орлов", "Sergey Orlov", "Sergei Orlov" and "Sergej Orlow" all give
"sergei orlov": transliterated (data/transliteration_ru.txt), accents and punctuation
dropped, then the variant spellings of one sound folded by data/name_spellings_ru.txt and
doubled letters made single. Two records with one key are *suggested* to a curator as the same
thing (archive.services.duplicates); the key is never shown as a name. No Django here.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..transliteration import transliterate
from ..wordlists import rows

_NON_WORD = re.compile(r"[^\w\s]+")
_DOUBLED = re.compile(r"(\w)\1+")
_APOSTROPHES = re.compile("(?<=\\w)['\u2019\u02b9](?=\\w)")


@functools.cache
def _rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(the letters, the pattern, the replacement): the letters let a rule that cannot apply be
    skipped without running its pattern (most names need two or three of them)."""
    rules = []
    for row in rows("name_spellings_ru.txt"):
        source, target = row[0], row[1]
        letters = source.strip("^$")
        pattern = (
            (r"(?<!\w)" if source.startswith("^") else "")
            + re.escape(letters)
            + (r"(?!\w)" if source.endswith("$") else "")
        )
        rules.append((letters, re.compile(pattern), "" if target == "-" else target))
    return tuple(rules)


def latin_words(name: str) -> list[str]:
    """`name` in lower-case Latin words, without accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", transliterate(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # An apostrophe inside a word is a soft sign in ISO romanization ("Tul'skaya"): dropped.
    plain = _APOSTROPHES.sub("", plain)
    return _NON_WORD.sub(" ", plain.casefold().replace("_", " ")).split()


@functools.lru_cache(maxsize=100_000)
def spelling_key(name: str) -> str:
    """The key two spellings of one name share: "Sergej Orlow" -> "sergei orlov"."""
    text = " ".join(latin_words(name))
    for letters, pattern, target in _rules():
        if letters in text:
            text = pattern.sub(target, text)
    return " ".join(_DOUBLED.sub(r"\1", text).split())
