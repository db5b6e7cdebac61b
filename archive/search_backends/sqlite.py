"""Article search on SQLite: an FTS5 external-content table over archive_article.

The FTS table stores only the index; the text stays in archive_article (content=...), so the
three triggers below must mirror every insert, update and delete into it. The porter tokenizer
wraps unicode61 with remove_diacritics 2: case and accents are ignored and English words are
stemmed, in documents and queries alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, FloatField, Func, QuerySet, Value

from ..search import ELLIPSIS, MARK_END, MARK_START, RANK_FIELD, ParsedQuery, SearchTerm

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

FTS_TABLE = "archive_article_fts"
# bm25 weights per indexed column: a word in the headline counts most, in the lede more
# than in the body.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0)
BODY_COLUMN = 2
TITLE_COLUMN = 0
SNIPPET_TOKENS = 32

_INSERT = (
    f"INSERT INTO {FTS_TABLE}(rowid, title, lede, body) "
    "VALUES (new.id, new.title, new.lede, new.body);"
)
_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, lede, body) "
    "VALUES ('delete', old.id, old.title, old.lede, old.body);"
)

INSTALL_STATEMENTS = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title, lede, body,
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
    f"""CREATE TRIGGER archive_article_fts_update AFTER UPDATE OF title, lede, body
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


def _fts5_term(term: SearchTerm) -> str:
    # Words are letters and digits only (see search.parse_query), so quoting them makes every
    # one a plain string to FTS5: AND, OR, NEAR, column filters and ^ lose their meaning.
    quoted = '"' + " ".join(term.words).replace('"', '""') + '"'
    return quoted + ("*" if term.prefix else "")


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
        document = F("search_row__document")
        weights = [Value(weight) for weight in COLUMN_WEIGHTS]
        return queryset.filter(search_row__document__match=to_fts5_query(query)).annotate(
            **{RANK_FIELD: Bm25Relevance(document, *weights)}
        )

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
            return {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}

    def install(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            for statement in INSTALL_STATEMENTS:
                cursor.execute(statement)

    def in_step(self, connection: BaseDatabaseWrapper) -> bool:
        """Whether the index matches archive_article (FTS5's own integrity check)."""
        from django.db import DatabaseError

        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
                )
        except DatabaseError:
            return False
        return True

    def uninstall(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            for statement in UNINSTALL_STATEMENTS:
                cursor.execute(statement)
