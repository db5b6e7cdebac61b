"""Article search on PostgreSQL: a weighted tsvector column, GIN index, ts_rank, ts_headline.

archive_article.search_vector is computed by a BEFORE INSERT/UPDATE trigger (title weight A,
lede B, body C) in the `archive_search` text search configuration: English stemming, and, when
the unaccent extension is available, accents removed first (without it, accented and plain
spellings are different words; everything else works).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import DatabaseError, transaction
from django.db.models import Case, F, FloatField, QuerySet, Value, When

from ..search import ELLIPSIS, MARK_END, MARK_START, RANK_FIELD, ParsedQuery, SearchTerm

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

CONFIG = "archive_search"
GIN_INDEX = "archive_article_search_gin"
TRIGGER = "archive_article_search_vector_trigger"
FUNCTION = "archive_article_search_vector_update"
SNIPPET_MAX_WORDS = 35
SNIPPET_MIN_WORDS = 15


def _vector_sql(row: str) -> str:
    return (
        f"setweight(to_tsvector('{CONFIG}', coalesce({row}title, '')), 'A') || "
        f"setweight(to_tsvector('{CONFIG}', coalesce({row}lede, '')), 'B') || "
        f"setweight(to_tsvector('{CONFIG}', coalesce({row}body, '')), 'C')"
    )


def _tsquery_term(term: SearchTerm) -> str:
    # Words are letters and digits only (see search.parse_query): quoting them keeps & | ! ( )
    # <-> : * from ever reaching to_tsquery as syntax. to_tsquery still stems and unaccents.
    lexemes = [f"'{word}'" for word in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    if len(lexemes) == 1:
        return lexemes[0]
    return "(" + " <-> ".join(lexemes) + ")"


def to_tsquery_text(query: ParsedQuery) -> str:
    """The to_tsquery() input for a parsed query (which must not be empty)."""
    clauses = []
    for clause in query.clauses:
        terms = [_tsquery_term(term) for term in clause]
        clauses.append(terms[0] if len(terms) == 1 else "(" + " | ".join(terms) + ")")
    clauses.extend(f"!{_tsquery_term(term)}" for term in query.excluded)
    return " & ".join(clauses)


def _search_query(query: ParsedQuery) -> SearchQuery:
    return SearchQuery(to_tsquery_text(query), search_type="raw", config=CONFIG)


class PostgresSearchBackend:
    def filter(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        search_query = _search_query(query)
        # The matches come from the GIN index alone: beside another condition (the status) the
        # planner would rather test every row's vector, reading each from TOAST storage.
        matching = queryset.model._base_manager.filter(search_vector=search_query).values("pk")
        matches = queryset.filter(pk__in=matching)
        # ts_rank reads each ranked vector too: only the newest matches are ranked (all of them
        # below SEARCH_RANK_CANDIDATES); the others follow, newest first.
        newest = matches.order_by(F("published_on").desc(nulls_last=True), "-id")
        candidates = newest.values("pk")[: settings.SEARCH_RANK_CANDIDATES]
        rank = Case(
            When(pk__in=candidates, then=SearchRank(F("search_vector"), search_query)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        return matches.annotate(**{RANK_FIELD: rank})

    def highlights(
        self, connection: BaseDatabaseWrapper, article_ids: list[int], query: ParsedQuery
    ) -> dict[int, tuple[str, str]]:
        from ..models import Article

        search_query = _search_query(query)
        marks = {"start_sel": MARK_START, "stop_sel": MARK_END}
        rows = (
            Article.objects.using(connection.alias)
            .filter(pk__in=article_ids, search_vector=search_query)
            .annotate(
                highlighted_title=SearchHeadline(
                    "title", search_query, config=CONFIG, highlight_all=True, **marks
                ),
                highlighted_snippet=SearchHeadline(
                    "body",
                    search_query,
                    config=CONFIG,
                    max_words=SNIPPET_MAX_WORDS,
                    min_words=SNIPPET_MIN_WORDS,
                    max_fragments=2,
                    fragment_delimiter=ELLIPSIS,
                    **marks,
                ),
            )
            .order_by()
            .values_list("pk", "highlighted_title", "highlighted_snippet")
        )
        return {pk: (title or "", snippet or "") for pk, title, snippet in rows}

    def in_step(self, connection: BaseDatabaseWrapper) -> bool:
        """Whether every article's stored vector is the one its text gives now."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM archive_article "
                f"WHERE search_vector IS DISTINCT FROM {_vector_sql('')})"
            )
            return not cursor.fetchone()[0]

    def install(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            has_unaccent = self._create_unaccent(connection)
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
            if has_unaccent:
                # Only these token types can carry accents; ASCII words go straight to the stemmer.
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
                )
            cursor.execute(
                f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
                BEGIN
                    NEW.search_vector := {_vector_sql("NEW.")};
                    RETURN NEW;
                END
                $$ LANGUAGE plpgsql"""
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON archive_article")
            cursor.execute(
                f"""CREATE TRIGGER {TRIGGER}
                BEFORE INSERT OR UPDATE OF title, lede, body, search_vector ON archive_article
                FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"""
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON archive_article "
                "USING gin (search_vector)"
            )
            cursor.execute(f"UPDATE archive_article SET search_vector = {_vector_sql('')}")

    @staticmethod
    def _create_unaccent(connection: BaseDatabaseWrapper) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
            if cursor.fetchone() is None:
                return False
            try:
                # A savepoint: lacking the privilege must not abort the migration's transaction.
                with transaction.atomic(using=connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            except DatabaseError:
                return False
            return True

    def uninstall(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON archive_article")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
