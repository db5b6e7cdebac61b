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
from .services.name_keys import lookup_key

#: Other names added at most, in the records' own order: a place the gazetteer knows in many
#: languages must not turn a search into a long disjunction.
MAX_OTHER_NAMES = 8


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


def _named_records(keys: set[str], using: str) -> QuerySet:
    """(name, aliases) of the public records of any kind with one of `keys` (one query)."""
    kinds = [
        kind.model.objects.using(using)
        .public()
        .filter(
            id__in=EntityNameKey.objects.filter(kind=kind.value, key__in=sorted(keys)).values(
                "entity_id"
            )
        )
        .order_by()
        .values_list("name", "aliases")
        for kind in KINDS
    ]
    first, *others = kinds
    return first.union(*others, all=True)


def other_names(text: str, query: ParsedQuery, using: str = "default") -> list[str]:
    """The other names, as the records write them, of the public record(s) whose name the
    query is (one query), or [] (no query when it cannot be a name). A name whose words are
    those typed, or those of a name listed before it, is left out."""
    words = typed_name(query)
    if words is None:
        return []
    # As typed, quotes aside (punctuation inside a name such as "St. Petersburg" is part of
    # its key), and as the words the engines see (a name written with spaces only, typed
    # with a possessive or stray punctuation around it).
    keys = {lookup_key(text.replace('"', " ")), lookup_key(" ".join(words))} - {""}
    typed = tuple(word.casefold() for word in words)
    found: dict[tuple[str, ...], str] = {}
    for name, aliases in _named_records(keys, using):
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
