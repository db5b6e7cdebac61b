"""Article search on SQLite: an FTS5 external-content table over archive_article.

The FTS table stores only the index; the text stays in archive_article (content=...), so the
three triggers below must mirror every insert, update and delete into it. The porter tokenizer
wraps unicode61 with remove_diacritics 2: case and accents are ignored and English words are
stemmed, in documents and queries alike.

Porter stems English only. For Russian the table also indexes archive_article's stemmed_*
columns (the Snowball stems of the text's Cyrillic words, written by Article.save(), see
archive/search_stems.py), and a query word in Cyrillic is looked for either as typed in the
text or as its stem in those columns: "Москва" finds "Москве". English words never reach the
stem columns, so an English query is the same FTS5 expression as before, ranked the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, FloatField, Func, QuerySet, Value

from ..search import ELLIPSIS, MARK_END, MARK_START, ParsedQuery, SearchTerm, rank_newest
from ..search_stems import (
    STEMMED_FIELDS,
    STEMMERS,
    WORD_RE,
    is_cyrillic,
    stem_word,
    stemmed_fields,
)

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

FTS_TABLE = "archive_article_fts"
# The indexed columns of archive_article: the text, then the stems of its Russian words.
TEXT_COLUMNS = tuple(STEMMED_FIELDS)
STEM_COLUMNS = tuple(STEMMED_FIELDS.values())
COLUMNS = (*TEXT_COLUMNS, *STEM_COLUMNS)
# bm25 weights per indexed column: a word in the headline counts most, in the lede more
# than in the body; a stem as much as the word in its column.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0) * 2
BODY_COLUMN = 2
TITLE_COLUMN = 0
SNIPPET_TOKENS = 32

_COLUMN_LIST = ", ".join(COLUMNS)
_INSERT = (
    f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMN_LIST}) "
    f"VALUES (new.id, {', '.join(f'new.{c}' for c in COLUMNS)});"
)
_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMN_LIST}) "
    f"VALUES ('delete', old.id, {', '.join(f'old.{c}' for c in COLUMNS)});"
)

INSTALL_STATEMENTS = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        {_COLUMN_LIST},
        content='archive_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    "DROP TRIGGER IF EXISTS archive_article_fts_insert",
    "DROP TRIGGER IF EXISTS archive_article_fts_delete",
    "DROP TRIGGER IF EXISTS archive_article_fts_update",
    f"""CREATE TRIGGER archive_article_fts_insert AFTER INSERT ON archive_article
        BEGIN {_INSERT} END""",
    f"""CREATE TRIGGER archive_article_fts_delete AFTER DELETE ON archive_article
        BEGIN {_DELETE} END""",
    # Only when an indexed column is written: a status change does not touch the index.
    f"""CREATE TRIGGER archive_article_fts_update AFTER UPDATE OF {_COLUMN_LIST}
        ON archive_article BEGIN {_DELETE} {_INSERT} END""",
    # Index what is already there (and repair an index that missed writes).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)

UNINSTALL_STATEMENTS = (
    "DROP TRIGGER IF EXISTS archive_article_fts_insert",
    "DROP TRIGGER IF EXISTS archive_article_fts_delete",
    "DROP TRIGGER IF EXISTS archive_article_fts_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)


def _fts5_phrase(words: tuple[str, ...] | list[str], prefix: bool) -> str:
    # Words are letters and digits only (see search.parse_query), so quoting them makes every
    # one a plain string to FTS5: AND, OR, NEAR, column filters and ^ lose their meaning.
    quoted = '"' + " ".join(words).replace('"', '""') + '"'
    return quoted + ("*" if prefix else "")


def _fts5_term(term: SearchTerm) -> str:
    phrase = _fts5_phrase(term.words, term.prefix)
    if not all(is_cyrillic(word) for word in term.words):
        return phrase  # English (or mixed) words: the text's columns, as before
    stemmed = _fts5_phrase([stem_word(word) for word in term.words], term.prefix)
    return f"({phrase} OR {{{' '.join(STEM_COLUMNS)}}} : {stemmed})"


def to_fts5_query(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query (which must not be empty)."""
    clauses = []
    for clause in query.clauses:
        terms = [_fts5_term(term) for term in clause]
        clauses.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    expression = " AND ".join(clauses)
    if query.excluded:
        excluded = " OR ".join(_fts5_term(term) for term in query.excluded)
        expression = f"({expression}) NOT ({excluded})"
    return expression


class Bm25Relevance(Func):
    """FTS5's bm25() turned around so that higher is better, like PostgreSQL's rank."""

    function = "bm25"
    template = "-%(function)s(%(expressions)s)"
    output_field = FloatField()


class SqliteSearchBackend:
    def filter(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        # Joining the FTS table (rather than a correlated subquery per row) lets bm25() read
        # the corpus statistics once per query.
        matches = queryset.filter(search_row__document__match=to_fts5_query(query))
        # As on PostgreSQL only the newest SEARCH_RANK_CANDIDATES matches are ranked, the
        # others follow, newest first. The candidates are a list subquery that SQLite runs
        # once; a rowid condition inside the MATCH would make FTS5 search again for every
        # candidate.
        return rank_newest(matches, self.scan_score())

    def scan_score(self) -> Bm25Relevance:
        # bm25() of the row the match is on reads what the match already read: selected for
        # each of a word's 100,000 matches it adds about 10 ms to the query that finds them,
        # where scoring the newest 1,000 apart (scores()) reads the word's index entries again
        # (16 ms; docs/benchmarks.md, 2026-12-05). The search window selects it.
        weights = [Value(weight) for weight in COLUMN_WEIGHTS]
        return Bm25Relevance(F("search_row__document"), *weights)

    def highlights(
        self, connection: BaseDatabaseWrapper, article_ids: list[int], query: ParsedQuery
    ) -> dict[int, tuple[str, str]]:
        placeholders = ", ".join(["%s"] * len(article_ids))
        sql = (
            f"SELECT rowid, highlight({FTS_TABLE}, {TITLE_COLUMN}, %s, %s), "
            f"snippet({FTS_TABLE}, {BODY_COLUMN}, %s, %s, %s, {SNIPPET_TOKENS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
        )
        params = [MARK_START, MARK_END, MARK_START, MARK_END, ELLIPSIS, to_fts5_query(query)]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *article_ids])
            found = {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}
        return _mark_stemmed_matches(connection, found, query)

    def scores(
        self, connection: BaseDatabaseWrapper, article_ids: list[int], query: ParsedQuery
    ) -> dict[int, float]:
        # `+rowid IN (...)`: a plain `rowid IN` beside the MATCH makes FTS5 run the query once
        # per id (5.8 s for 1,000 ids of a word in every article at 100,000 articles); with the
        # unary plus it reads the word's hits once, within the ids' range, and bm25() is
        # computed for the listed rows only (20-50 ms). tests/test_query_plans.py checks it.
        placeholders = ", ".join(["%s"] * len(article_ids))
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s "
            f"AND +rowid IN ({placeholders})"
        )
        params = [to_fts5_query(query), min(article_ids), max(article_ids), *article_ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())

    def install(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pragma_table_info('archive_article')")
            if not set(STEM_COLUMNS) <= {row[0] for row in cursor.fetchall()}:
                # Migrating up from before 0015_russian_search, which installs the index: the
                # table it is built on has no stem columns yet.
                return
            cursor.execute(f"SELECT name FROM pragma_table_info('{FTS_TABLE}')")
            indexed = tuple(row[0] for row in cursor.fetchall())
            if indexed and indexed != COLUMNS:  # made before the stem columns: remake it
                for statement in UNINSTALL_STATEMENTS:
                    cursor.execute(statement)
        _restem(connection)
        with connection.cursor() as cursor:
            for statement in INSTALL_STATEMENTS:
                cursor.execute(statement)

    def in_step(self, connection: BaseDatabaseWrapper) -> bool:
        """Whether the index matches archive_article (FTS5's own integrity check) and every
        stemmed article's stems match its text."""
        from django.db import DatabaseError

        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
                )
        except DatabaseError:
            return False
        return not _stale_stems(connection)

    def uninstall(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            for statement in UNINSTALL_STATEMENTS:
                cursor.execute(statement)


def _stemmed_rows(connection: BaseDatabaseWrapper):
    """(id, language, stems the text gives now, stems stored) of every article to stem."""
    placeholders = ", ".join(["%s"] * len(STEMMERS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, language, {_COLUMN_LIST} FROM archive_article "
            f"WHERE language IN ({placeholders})",
            list(STEMMERS),
        )
        for row in cursor.fetchall():
            texts = dict(zip(TEXT_COLUMNS, row[2 : 2 + len(TEXT_COLUMNS)], strict=True))
            fresh = stemmed_fields(row[1], **texts)
            yield row[0], fresh, dict(zip(STEM_COLUMNS, row[2 + len(TEXT_COLUMNS) :], strict=True))


def _stale_stems(connection: BaseDatabaseWrapper) -> list[int]:
    return [pk for pk, fresh, stored in _stemmed_rows(connection) if fresh != stored]


def _restem(connection: BaseDatabaseWrapper) -> None:
    """Rewrite stale stems (articles written around Article.save(), or before the columns)."""
    stale = [(pk, fresh) for pk, fresh, stored in _stemmed_rows(connection) if fresh != stored]
    assignments = ", ".join(f"{column} = %s" for column in STEM_COLUMNS)
    with connection.cursor() as cursor:
        for pk, fresh in stale:
            cursor.execute(
                f"UPDATE archive_article SET {assignments} WHERE id = %s",
                [*(fresh[c] for c in STEM_COLUMNS), pk],
            )


# --- Highlights of Russian articles ------------------------------------------------------------
# FTS5 marks only the words its index matched in a text column; a Russian word found through
# its stem ("Москве" for "Москва") is marked here, in the highlighted title and in a snippet
# cut around the first such word of the body.

_SNIPPET_LEAD_WORDS = 8


def _query_stems(query: ParsedQuery) -> tuple[set[str], tuple[str, ...]]:
    """(stems, stem prefixes) of the query's Cyrillic words that an article must contain."""
    stems: set[str] = set()
    prefixes: list[str] = []
    for clause in query.clauses:
        for term in clause:
            for position, word in enumerate(term.words):
                if not is_cyrillic(word):
                    continue
                if term.prefix and position == len(term.words) - 1:
                    prefixes.append(stem_word(word))
                else:
                    stems.add(stem_word(word))
    return stems, tuple(prefixes)


def _matches(word: str, stems: set[str], prefixes: tuple[str, ...]) -> bool:
    if not is_cyrillic(word):
        return False
    stem = stem_word(word)
    return stem in stems or stem.startswith(prefixes)


def _mark(text: str, stems: set[str], prefixes: tuple[str, ...]) -> str:
    # A word FTS5 already marked gets a second pair of marks, which marks_to_html folds into one.
    return WORD_RE.sub(
        lambda m: f"{MARK_START}{m[0]}{MARK_END}" if _matches(m[0], stems, prefixes) else m[0],
        text,
    )


def _window(body: str, stems: set[str], prefixes: tuple[str, ...]) -> str | None:
    """About SNIPPET_TOKENS words of `body` from just before its first matching word, marked."""
    words = list(WORD_RE.finditer(body))
    first = next((i for i, m in enumerate(words) if _matches(m[0], stems, prefixes)), None)
    if first is None:
        return None
    start = max(0, first - _SNIPPET_LEAD_WORDS)
    end = min(len(words), start + SNIPPET_TOKENS)
    text = body[words[start].start() : words[end - 1].end()]
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if end < len(words) else ""
    return before + _mark(text, stems, prefixes) + after


def _mark_stemmed_matches(
    connection: BaseDatabaseWrapper, found: dict[int, tuple[str, str]], query: ParsedQuery
) -> dict[int, tuple[str, str]]:
    stems, prefixes = _query_stems(query)
    if not found or not (stems or prefixes):
        return found
    ids = list(found)
    placeholders = ", ".join(["%s"] * len(ids))
    languages = ", ".join(["%s"] * len(STEMMERS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, body FROM archive_article WHERE id IN ({placeholders}) "
            f"AND language IN ({languages})",
            [*ids, *STEMMERS],
        )
        bodies = dict(cursor.fetchall())
    marked = dict(found)
    for pk, body in bodies.items():
        title, snippet = found[pk]
        snippet = _mark(snippet, stems, prefixes)
        if MARK_START not in snippet:
            snippet = _window(body, stems, prefixes) or snippet
        marked[pk] = (_mark(title, stems, prefixes), snippet)
    return marked
