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


def _records_by_stems(words: tuple[str, ...], using: str) -> list[tuple[str, list]]:
    """(name, aliases) of the public records with a name whose words have the stems of
    `words`: an inflected Cyrillic name ("Москве", "Сергея Собянина") names the record of its
    nominative. The keys that begin with the first word's stem are read by index (a range on
    SQLite, GLOB; a pattern match on PostgreSQL), at most MAX_STEM_CANDIDATES of them, and
    compared word by word here: two queries when one matches, one otherwise."""
    stemmed = _stemmed(words)
    candidates = EntityNameKey.objects.using(using).filter(
        kind__in=[kind.value for kind in KINDS], key__prefix=stemmed[0]
    )
    ids: dict[str, list[int]] = {}
    for kind, entity_id, key in candidates.values_list("kind", "entity_id", "key")[
        :MAX_STEM_CANDIDATES
    ]:
        if _stemmed(words_of(key)) == stemmed:
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
