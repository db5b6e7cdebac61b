"""Full-text search over articles: one API, a backend per database.

    results = search_articles(Article.objects.published(), 'smart "digital twin" transpo*')
    results.order_by(f"-{RANK_FIELD}")             # most relevant first
    highlights = highlight_articles([a.pk for a in page], query_text)   # {pk: Highlight}

What a researcher may type (and what it means, on both databases):

- several words: all must occur (AND); case and accents are ignored; English words match
  their other forms (stemming: "cities" finds "city");
- "a phrase": the words in this order;
- word* or "a phr"*: prefix; when the exact words find nothing, the last word is tried as a
  prefix automatically (so a half-typed "transpo" still finds "transport");
- a OR b: either; -word or NOT word: leave out articles with it.
- one of a record's names, typed whole ("Moscow", "Sergei Sobyanin", or a Cyrillic name in
  any case: "Москве"), finds its other names too, in any language: archive.search_names;
- punctuation around a word and an English possessive are ignored: "Moscow's" (with a
  straight or curly apostrophe) and "(Moscow)." find what "Moscow" finds (a possessive
  inside a phrase matches with or without its "s").

Anything else (stray quotes, brackets, `*`, operators of the engines such as NEAR(, very long
input, punctuation only) is not syntax: the text is broken into words and every word is quoted
for the engine, so no input can raise a query error. Input with no words searches for nothing
and the caller shows the unfiltered list.

Backends: SQLite uses an FTS5 table (porter + unicode61 remove_diacritics 2) over archive_article;
PostgreSQL a weighted tsvector column with a GIN index, to_tsquery, ts_rank and ts_headline in a
text search configuration with unaccent. Both are kept in step by triggers (see
archive/search_backends/ and the article_search_index migration).

Russian articles: a Cyrillic word finds its other inflections ("Москве" finds "Москва"), on
PostgreSQL through a Russian text search configuration, on SQLite through the stems that
archive/search_stems.py adds to the index. Words without Cyrillic are searched as above.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from django.conf import settings
from django.db import connections
from django.db.models import Case, Expression, F, FloatField, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

T = TypeVar("T")

#: The annotation (or extra select) holding relevance: larger is more relevant.
RANK_FIELD = "search_rank"

# Limits that keep pathological input cheap for both engines.
MAX_QUERY_CHARS = 300
MAX_TERMS = 12
MAX_WORD_CHARS = 60
#: Automatic prefix search only for last words this long: "a*" would match nearly everything.
MIN_AUTO_PREFIX_CHARS = 3

# Sentinels the engines put around matches. They are private-use characters, which never occur
# in real text; the snippet is HTML-escaped first and only then are they replaced with <mark>.
MARK_START = "\ue000"
MARK_END = "\ue001"
ELLIPSIS = "…"

# A chunk of the query: an optionally negated, optionally unterminated "phrase", or a run of
# anything that is neither space nor quote; either may end with * for a prefix.
_CHUNK_RE = re.compile(r'(?P<neg>-?)(?:"(?P<phrase>[^"]*)"?|(?P<bare>[^\s"]+))')
# Words as the engines see them: letters and digits (FTS5's unicode61 also splits on "_").
_WORD_RE = re.compile(r"[^\W_]+")
# An English possessive ending a word: "Moscow's" with a straight, curly (U+2019) or modifier-letter
# apostrophe. Both engines index "Moscow's" as the word "moscow" (SQLite adds a lone "s",
# PostgreSQL drops it as a stop word), so the query looks for the bare word, which both find
# in "Moscow" and "Moscow's" alike.
_POSSESSIVE_RE = re.compile(r"(?<=[^\W_])['\u2019\u02bc\u2018`\u00b4][sS](?![^\W_])")


@dataclass(frozen=True)
class SearchTerm:
    """One word, or a phrase of several words in order; `prefix` applies to the last word."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class ParsedQuery:
    """Every clause must match (AND); a clause matches if any of its terms does (OR)."""

    clauses: tuple[tuple[SearchTerm, ...], ...] = ()
    excluded: tuple[SearchTerm, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def with_automatic_prefix(self) -> ParsedQuery | None:
        """The same query with the last word as a prefix, or None when that changes nothing."""
        if self.is_empty:
            return None
        *earlier, last_clause = self.clauses
        *other_terms, last_term = last_clause
        if last_term.prefix or len(last_term.words[-1]) < MIN_AUTO_PREFIX_CHARS:
            return None
        prefixed = (*other_terms, replace(last_term, prefix=True))
        return replace(self, clauses=(*earlier, prefixed))


def words_of(chunk: str) -> tuple[str, ...]:
    """The words of `chunk` as the engines see them (letters and digits), each clipped."""
    return tuple(word[:MAX_WORD_CHARS] for word in _WORD_RE.findall(chunk))


def parse_query(text: str) -> ParsedQuery:
    """Turn whatever a researcher typed into a ParsedQuery; never raises."""
    text = (text or "")[:MAX_QUERY_CHARS]
    clauses: list[list[SearchTerm]] = []
    excluded: list[SearchTerm] = []
    join_with_previous = False  # the previous chunk was OR
    negate_next = False  # the previous chunk was NOT
    term_count = 0
    for match in _CHUNK_RE.finditer(text):
        bare = match.group("bare")
        if bare in {"OR", "|"}:
            join_with_previous = bool(clauses)
            continue
        if bare in {"AND", "&", "+"}:
            continue
        if bare == "NOT":
            negate_next = True
            continue
        chunk = match.group("phrase") if bare is None else bare
        words = words_of(_POSSESSIVE_RE.sub("", chunk))
        if not words:
            continue
        # A trailing * asks for a prefix; it may follow the closing quote of a phrase.
        after = text[match.end() : match.end() + 1]
        prefix = chunk.rstrip().endswith("*") or (bare is None and after == "*")
        terms = [SearchTerm(words=words, prefix=prefix)]
        if len(words) > 1 and _POSSESSIVE_RE.search(chunk):
            # In a phrase the possessive's "s" holds a position in SQLite's index ("lagos s
            # bus") and PostgreSQL's (a gap): match the words with and without it.
            with_s = words_of(chunk)
            if with_s != words:
                terms.append(SearchTerm(words=with_s, prefix=prefix))
        term_count += 1
        if term_count > MAX_TERMS:
            break
        if match.group("neg") or negate_next:
            excluded.extend(terms)
        elif join_with_previous:
            clauses[-1].extend(terms)
        else:
            clauses.append(terms)
        join_with_previous = negate_next = False
    return ParsedQuery(clauses=tuple(tuple(c) for c in clauses), excluded=tuple(excluded))


@dataclass(frozen=True)
class Highlight:
    """HTML for one search result: the title and a snippet, with matches in <mark>."""

    title: SafeString
    snippet: SafeString


def marks_to_html(text: str) -> SafeString:
    """Escape text from the engine, then turn its sentinels into <mark> elements.

    Escaping first is what makes this safe: only the tags we add here are markup. Unbalanced
    sentinels (text that happened to contain one) never leave an element open.
    """
    pieces: list[str] = []
    is_open = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece == MARK_START:
            if not is_open:
                pieces.append("<mark>")
                is_open = True
        elif piece == MARK_END:
            if is_open:
                pieces.append("</mark>")
                is_open = False
        else:
            pieces.append(str(escape(piece)))
    if is_open:
        pieces.append("</mark>")
    return mark_safe("".join(pieces))


class SearchBackend(Protocol):
    def filter(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """Only articles matching the query, annotated with RANK_FIELD."""
        ...

    def highlights(
        self, connection: BaseDatabaseWrapper, article_ids: list[int], query: ParsedQuery
    ) -> dict[int, tuple[str, str]]:
        """{article id: (title, body snippet)} with matches between the sentinels."""
        ...

    def scores(
        self, connection: BaseDatabaseWrapper, article_ids: list[int], query: ParsedQuery
    ) -> dict[int, float]:
        """{article id: relevance} of those of `article_ids` the query matches (one query);
        the same values as the RANK_FIELD that filter() annotates."""
        ...

    def scan_score(self) -> Expression | None:
        """The relevance as a column the search's own query can select for every match, where
        that costs less than scoring a window's candidates apart (None elsewhere): the same
        values as scores() gives."""
        ...

    def install(self, connection: BaseDatabaseWrapper) -> None:
        """Create (or repair) the index and its triggers, then index every article."""
        ...

    def in_step(self, connection: BaseDatabaseWrapper) -> bool:
        """Whether the index agrees with the articles' text (checked, nothing changed)."""
        ...


def backend_for(connection: BaseDatabaseWrapper) -> SearchBackend:
    if connection.vendor == "postgresql":
        from .search_backends.postgres import PostgresSearchBackend

        return PostgresSearchBackend()
    if connection.vendor == "sqlite":
        from .search_backends.sqlite import SqliteSearchBackend

        return SqliteSearchBackend()
    raise NotImplementedError(f"No article search for {connection.vendor} databases.")


def searched_query(text: str, query: ParsedQuery, using: str) -> ParsedQuery:
    """What the engines are asked for `text` (parsed as `query`): the query, widened to the
    other names of the record it names, if it is one's name (archive.search_names)."""
    from .search_names import with_other_names  # it reads the records: models import late

    return with_other_names(text, query, using)


def search_articles(queryset: QuerySet, text: str, automatic_prefix: bool = True) -> QuerySet:
    """Articles of `queryset` matching `text`, annotated with RANK_FIELD (not yet ordered).

    Text without any word returns the queryset unchanged. With `automatic_prefix`, a query
    whose exact words match nothing is retried with its last word as a prefix (this costs one
    EXISTS query per search).
    """
    query = parse_query(text)
    if query.is_empty:
        return queryset
    query = searched_query(text, query, queryset.db)
    backend = backend_for(connections[queryset.db])
    return retried_with_prefix(
        query,
        automatic_prefix,
        lambda searched: backend.filter(queryset, searched),
        found_nothing=lambda results: not results.exists(),
    )


def retried_with_prefix(
    query: ParsedQuery,
    automatic_prefix: bool,
    look: Callable[[ParsedQuery], T],
    found_nothing: Callable[[T], bool] = operator.not_,
) -> T:
    """What `look` finds for `query`; when that is nothing and `automatic_prefix` is set, what
    it finds for the query with its last word as a prefix (a half-typed word still finds)."""
    found = look(query)
    prefixed = query.with_automatic_prefix() if automatic_prefix else None
    if prefixed is not None and found_nothing(found):
        found = look(prefixed)
    return found


def rank_newest(matches: QuerySet, score: Expression) -> QuerySet:
    """`matches` annotated with RANK_FIELD: `score` for the newest SEARCH_RANK_CANDIDATES of
    them, 0 for the others, which then follow, newest first (below the bound the ranking is
    exact). Scoring reads each scored match's index data: a common word's thousands of
    matches cost most of its search."""
    newest = matches.order_by(F("published_on").desc(nulls_last=True), "-id")
    candidates = newest.values("pk")[: settings.SEARCH_RANK_CANDIDATES]
    rank = Case(When(pk__in=candidates, then=score), default=Value(0.0), output_field=FloatField())
    return matches.annotate(**{RANK_FIELD: rank})


def is_ranked(queryset: QuerySet) -> bool:
    """True when `queryset` came from search_articles() with a query (it can order by rank)."""
    query = queryset.query
    return RANK_FIELD in query.annotations


def orders_by_relevance(queryset: QuerySet) -> bool:
    """True when `queryset` is a search ordered best match first (its ranked window first,
    then its other matches newest first: archive.search_window)."""
    order_by = queryset.query.order_by
    return is_ranked(queryset) and bool(order_by) and order_by[0] == f"-{RANK_FIELD}"


def highlight_articles(
    article_ids: list[int], text: str, using: str = "default", automatic_prefix: bool = True
) -> dict[int, Highlight]:
    """Highlighted title and snippet for each of `article_ids` (one query, whatever the count;
    on SQLite a second one reads the bodies of Russian articles for a query in Cyrillic).

    Meant for one page of results: snippets are costly, so they are made only for what is shown.
    Articles the query does not match are left out of the answer.
    """
    query = parse_query(text)
    if query.is_empty or not article_ids:
        return {}
    query = searched_query(text, query, using)
    connection = connections[using]
    backend = backend_for(connection)
    found = retried_with_prefix(
        query,
        automatic_prefix,
        lambda searched: backend.highlights(connection, list(article_ids), searched),
    )
    return {
        pk: Highlight(title=marks_to_html(title), snippet=marks_to_html(snippet))
        for pk, (title, snippet) in found.items()
    }


def match_scores(
    article_ids: list[int], text: str, using: str = "default", automatic_prefix: bool = True
) -> dict[int, float]:
    """{id: relevance} of those of `article_ids` that `text` matches (one query): the values
    RANK_FIELD gives them, computed for these articles only."""
    query = parse_query(text)
    if query.is_empty or not article_ids:
        return {}
    query = searched_query(text, query, using)
    connection = connections[using]
    backend = backend_for(connection)
    return retried_with_prefix(
        query,
        automatic_prefix,
        lambda searched: backend.scores(connection, list(article_ids), searched),
    )


def scan_score(using: str = "default") -> Expression | None:
    """The search's relevance as a column of its own query, where the backend reads it cheaply
    (SearchBackend.scan_score), else None."""
    return backend_for(connections[using]).scan_score()


def best_matches_first(
    article_ids: list[int], text: str, using: str = "default", automatic_prefix: bool = True
) -> list[int]:
    """`article_ids` (matches of `text`, newest first) best match first, ties newest first:
    the order RANK_FIELD gives them, computed for these articles only (one query).

    A search page reads its newest matches' ids anyway (for its pages, facets and map): scoring
    those alone replaces a sort of every match by a computed rank (hundreds of milliseconds
    for a word in every article of a 100,000-article archive, docs/benchmarks.md)."""
    if parse_query(text).is_empty:
        return list(article_ids)
    scores = match_scores(article_ids, text, using, automatic_prefix)
    position = {pk: index for index, pk in enumerate(article_ids)}
    return sorted(article_ids, key=lambda pk: (-scores.get(pk, 0.0), position[pk]))


def search_index_in_step(using: str = "default") -> bool:
    """Whether the full-text index agrees with every article (for `manage.py dbcheck`)."""
    connection = connections[using]
    return backend_for(connection).in_step(connection)


def ensure_search_index(using: str = "default") -> None:
    """Create or repair the full-text index and its triggers, and reindex every article.

    Idempotent. Run after a migration that rebuilds archive_article on SQLite (SQLite's
    "remake table" drops the table's triggers), e.g. from a post_migrate handler.
    """
    connection = connections[using]
    backend_for(connection).install(connection)
