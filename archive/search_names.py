"""A search for a record's name finds the articles that use its other names (issue 15).

A record holds one entity's names across languages and spellings: its name and aliases
("Moscow", "Москва"; "Department of Information Technologies", "Департамент информационных
технологий"), put there by the gazetteer or by a curator who accepted a merge suggestion. A
researcher who types one of them means the entity, so the query is widened to the others:
"Moscow" finds the Russian reports that say "Москва" (in any inflection, as any Cyrillic word
does), and "Москва" the English ones.

Only a query that is, as a whole, one public record's name or alias is widened (compared as the
importer compares names: `name_keys.lookup_key`, case- and whitespace-insensitive), so a
search for two words that happen to be a name and something else means what it says. The other
names are added as alternatives (phrases for names of several words) to every clause of the
query: (a AND b) OR name is (a OR name) AND (b OR name), so the words typed still find what
they found before, and scoring, highlighting and the result window all read the same query.
"""

from __future__ import annotations

import re
from dataclasses import replace

from django.db.models import QuerySet

from .kinds import KINDS
from .models import EntityNameKey
from .search import ParsedQuery, SearchTerm, words_of
from .search_stems import is_cyrillic, stem_word
from .services.name_keys import lookup_key

#: Other names added at most, in the records' own order: a place the gazetteer knows in many
#: languages must not turn a search into a long disjunction.
MAX_OTHER_NAMES = 8
#: Keys read at most for an inflected Cyrillic name (those beginning with its first stem).
MAX_STEM_CANDIDATES = 500


def typed_name(query: ParsedQuery) -> tuple[str, ...] | None:
    """The words of the query when it can be a name: every clause a single exact term (no
    OR, no prefix), nothing excluded. None otherwise."""
    if query.is_empty or query.excluded:
        return None
    words: list[str] = []
    for clause in query.clauses:
        if len(clause) != 1 or clause[0].prefix:
            return None
        words.extend(clause[0].words)
    return tuple(words)


def _public_names(ids: dict[str, list[int]], using: str) -> QuerySet:
    """(name, aliases) of the public records among `ids` ({kind: ids}), in one query."""
    kinds = [
        kind.model.objects.using(using)
        .public()
        .filter(id__in=ids[kind.value])
        .order_by()
        .values_list("name", "aliases")
        for kind in KINDS
        if kind.value in ids
    ]
    first, *others = kinds
    return first.union(*others, all=True)


def keys_found(keys: set[str], using: str) -> QuerySet:
    """(kind, entity id) of the records with one of `keys` as a name's key: one search of the
    key index per kind. Most searches are no record's name, and stop here."""
    return (
        EntityNameKey.objects.using(using)
        .filter(kind__in=[kind.value for kind in KINDS], key__in=sorted(keys))
        .values_list("kind", "entity_id")
    )


def _named_records(keys: set[str], using: str) -> list[tuple[str, list]]:
    """(name, aliases) of the public records of any kind with one of `keys`: one query, and
    one more when a record has one."""
    ids: dict[str, list[int]] = {}
    for kind, entity_id in keys_found(keys, using):
        ids.setdefault(kind, []).append(entity_id)
    return list(_public_names(ids, using)) if ids else []


def _stemmed(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(stem_word(word) if is_cyrillic(word) else word.casefold() for word in words)


# Russian fleeting vowels: many nouns and names lose the vowel (o, e or yo) of their last
# syllable outside the nominative, as "kotel" / "kotla" would in transliteration, so the
# nominative's stem and the other cases' stems differ by that vowel alone.
_VOWELS_AND_SIGNS = set("\u0430\u0435\u0438\u0439\u043e\u0443\u044a\u044b\u044c\u044d\u044e\u044f")
_CONSONANTS = "".join(
    chr(code) for code in range(0x0430, 0x0450) if chr(code) not in _VOWELS_AND_SIGNS
)
#: The vowels that come and go; a stem is folded (yo written as ye), a stored key is not.
_FLEETING_VOWELS = (
    "\N{CYRILLIC SMALL LETTER O}\N{CYRILLIC SMALL LETTER IE}\N{CYRILLIC SMALL LETTER IO}"
)
_FLEETING = re.compile(f"(?<=[{_CONSONANTS}])[{_FLEETING_VOWELS}](?=[{_CONSONANTS}]$)")


_YE, _YO = "\N{CYRILLIC SMALL LETTER IE}", "\N{CYRILLIC SMALL LETTER IO}"


def _names_the_word(mine: str, word: str) -> bool:
    """Whether a typed word whose stem is `mine` names what the record's nominative `word`
    does: the same stem; the nominative's stem with its fleeting vowel dropped (between its
    last two consonants); or the nominative itself, which Snowball over-stems when its ending
    reads as one (a masculine surname in -ov/-ev loses it, its other cases keep it)."""
    if not is_cyrillic(word):
        return mine == word.casefold()
    theirs = stem_word(word)
    folded = word.casefold().replace(_YO, _YE)
    return mine in (theirs, _FLEETING.sub("", theirs), folded)


def _nominative_prefixes(stem: str) -> list[str]:
    """Prefixes a key of the name's nominative may begin with, for the stem of an inflected
    first word: the stem, the stem with a fleeting vowel put back between its last two
    consonants, and each of those with one ye written as yo (a key keeps the letter the
    name was written with; a stem is folded)."""
    prefixes = [stem]
    if is_cyrillic(stem) and len(stem) >= 3 and stem[-2] in _CONSONANTS and stem[-1] in _CONSONANTS:
        prefixes += [f"{stem[:-1]}{vowel}{stem[-1]}" for vowel in _FLEETING_VOWELS]
    with_yo = [
        f"{prefix[:at]}{_YO}{prefix[at + 1 :]}"
        for prefix in prefixes
        for at, letter in enumerate(prefix)
        if letter == _YE
    ]
    return list(dict.fromkeys([*prefixes, *with_yo]))


def keys_beginning(prefixes: list[str], using: str) -> QuerySet:
    """(kind, entity id, key) of the name keys that begin with one of `prefixes`: one range of
    an index per prefix (SQLite: GLOB on the kind and key; PostgreSQL: LIKE on the key's
    pattern index), at most MAX_STEM_CANDIDATES of them. A union rather than ORed conditions,
    which SQLite would answer by reading every key of each kind."""
    kinds = [kind.value for kind in KINDS]
    first, *others = (
        EntityNameKey.objects.using(using)
        .filter(kind__in=kinds, key__prefix=prefix)
        .values_list("kind", "entity_id", "key")
        for prefix in prefixes
    )
    return (
        first.union(*others, all=True)[:MAX_STEM_CANDIDATES]
        if others
        else first[:MAX_STEM_CANDIDATES]
    )


def _records_by_stems(words: tuple[str, ...], using: str) -> list[tuple[str, list]]:
    """(name, aliases) of the public records with a name whose words have the stems of
    `words`: an inflected Cyrillic name ("Москве", "Сергея Собянина") names the record of its
    nominative. The keys that begin with the first word's stem (or with what its nominative
    may begin with, `_nominative_prefixes`) are read by index and compared word by word here
    (`_names_the_word`): two queries when one matches, one otherwise."""
    stemmed = _stemmed(words)
    ids: dict[str, list[int]] = {}
    for kind, entity_id, key in keys_beginning(_nominative_prefixes(stemmed[0]), using):
        name = words_of(key)
        if len(name) == len(words) and all(map(_names_the_word, stemmed, name)):
            ids.setdefault(kind, []).append(entity_id)
    return list(_public_names(ids, using)) if ids else []


def other_names(text: str, query: ParsedQuery, using: str = "default") -> list[str]:
    """The other names, as the records write them, of the public record(s) whose name the
    query is (one query when it names none, two when it does; for Cyrillic words that are no
    record's name as typed, one or two more, for the name in another case), or [] (no query
    when it cannot be a name). A name
    whose words are those typed, or those of a name listed before it, is left out."""
    words = typed_name(query)
    if words is None:
        return []
    # As typed, quotes aside (punctuation inside a name such as "St. Petersburg" is part of
    # its key), and as the words the engines see (a name written with spaces only, typed
    # with a possessive or stray punctuation around it).
    # (PostgreSQL takes no NUL character in a text parameter, and no name holds one.)
    as_typed = text.replace('"', " ").replace("\x00", "")
    keys = {lookup_key(as_typed), lookup_key(" ".join(words))} - {""}
    typed = tuple(word.casefold() for word in words)
    records = _named_records(keys, using)
    if not records and any(is_cyrillic(word) for word in words):
        records = _records_by_stems(words, using)
    found: dict[tuple[str, ...], str] = {}
    for name, aliases in records:
        for other in [name, *(aliases or [])]:
            other_words = words_of(other) if isinstance(other, str) else ()
            folded = tuple(word.casefold() for word in other_words)
            if other_words and folded != typed and folded not in found:
                found[folded] = other
    return list(found.values())[:MAX_OTHER_NAMES]


def with_other_names(text: str, query: ParsedQuery, using: str = "default") -> ParsedQuery:
    """`query` with the other names of the record it names added to every clause (unchanged
    when it names none). The typed term stays last in its clause: the automatic prefix retry
    (ParsedQuery.with_automatic_prefix) completes what was typed, not a name added here."""
    names = other_names(text, query, using)
    if not names:
        return query
    alternatives = tuple(SearchTerm(words=words_of(name)) for name in names)
    return replace(query, clauses=tuple((*alternatives, *clause) for clause in query.clauses))
