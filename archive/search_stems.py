"""Stems of Russian words for the SQLite full-text index, which has no Russian stemmer.

FTS5's tokenizer stems English only, so a Russian article is also indexed through three shadow
columns (Article.stemmed_title, stemmed_lede, stemmed_body) holding the Snowball stems of its
Cyrillic words, and a Cyrillic query word is looked for there as a stem too: "Москва" and
"Москве" share one stem. The stems are computed in Python in one place, `Article.save()`
(through `stemmed_fields`); FTS5's triggers then index them with the text. PostgreSQL does not
read these columns: it stems with its own `russian` configuration (search_backends/postgres.py),
the same Snowball algorithm.

Languages listed in STEMMERS get stems; a third language adds a line (and a PostgreSQL
configuration).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

#: Article.language -> Snowball stemmer name.
STEMMERS = {"ru": "russian"}
#: The article's text fields and the shadow column holding each one's stems.
STEMMED_FIELDS = {"title": "stemmed_title", "lede": "stemmed_lede", "body": "stemmed_body"}

# Words as search.py and FTS5's unicode61 tokenizer see them: letters and digits.
WORD_RE = re.compile(r"[^\W_]+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


_local = threading.local()


def _stemmer(language: str):
    # A Snowball stemmer keeps its state while it stems a word: one per thread and language.
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return stemmers[language]


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC_RE.search(word))


def _fold(word: str) -> str:
    # Lower case, and yo read as ye, as PostgreSQL's unaccent does before its stemmer: texts
    # write either letter for the same word.
    return word.casefold().replace("\u0451", "\u0435")


def stem_word(word: str, language: str = "ru") -> str:
    """The stem of one word, folded first (lower case, yo as ye)."""
    return _stem(_fold(word), language)


# Snowball in pure Python takes tens of microseconds a word, and a language's running text
# repeats a small vocabulary: remembering stems makes a long article's stems several times faster.
@lru_cache(maxsize=200_000)
def _stem(folded: str, language: str) -> str:
    return _stemmer(language).stemWord(folded)


def stems(text: str, language: str) -> str:
    """The stems of `text`'s Cyrillic words, in order, for a language with a stemmer; else "".

    Other words are left out: the text's own columns already index them, and a copy here would
    count them twice in a Russian article's ranking.
    """
    if language not in STEMMERS or not text:
        return ""
    return " ".join(
        _stem(_fold(word), language) for word in WORD_RE.findall(text) if is_cyrillic(word)
    )


def stemmed_fields(language: str, **texts: str) -> dict[str, str]:
    """{shadow column: stems} for the given text fields (title=..., lede=..., body=...)."""
    return {STEMMED_FIELDS[name]: stems(text, language) for name, text in texts.items()}
