"""Latin letters for names written in other scripts, so slugs and URLs stay plain ASCII.

"Москва" -> "Moskva": a reader can type the URL and recognise the name in it, where a slug
of only the Latin letters would be empty. The table is a data file
(`data/transliteration_ru.txt`); a script without a table is left as it is (and slugs fall back).
"""

from __future__ import annotations

import functools

from .wordlists import rows


@functools.cache
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for row in rows("transliteration_ru.txt"):
        letter, latin = row[0], (row[1] if len(row) > 1 else "")
        table[ord(letter)] = latin
        # Capitals: "Ш" -> "Sh", the way a name is written at the start of a word.
        table[ord(letter.upper())] = latin.capitalize()
    return table


def transliterate(text: str) -> str:
    """`text` with every letter of a known script replaced by its Latin spelling."""
    return text.translate(_table())
