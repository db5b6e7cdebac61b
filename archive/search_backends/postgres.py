"""Article search on PostgreSQL: a weighted tsvector column, GIN index, ts_rank, ts_headline.

archive_article.search_vector is computed by a BEFORE INSERT/UPDATE trigger (title weight A,
lede B, body C) in the text search configuration of the article's language: `archive_search`
(English stemming) for every language but Russian, `archive_search_ru` (Russian stemming for
Cyrillic words, English for Latin ones) for Russian. When the unaccent extension is available,
accents are removed first (without it, accented and plain spellings are different words, and
so are Russian words written with yo or ye; everything else works).

A query is parsed in the English configuration, as ever; when it has a Cyrillic word it is also
parsed in the Russian one and either may match ("Москве" finds a Russian article's "Москва"
by its stem, and an English article's "Moscow (Москве)" as written). A query without Cyrillic
is exactly the English one, ranked as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import DatabaseError, transaction
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)

from ..search import ELLIPSIS, MARK_END, MARK_START, ParsedQuery, SearchTerm, rank_newest
from ..search_stems import is_cyrillic

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

CONFIG = "archive_search"
CONFIG_RU = "archive_search_ru"
#: Article.language -> its text search configuration (CONFIG for any other language).
LANGUAGE_CONFIGS = {"ru": CONFIG_RU}
#: Each configuration: the built-in one it copies, and the stemmer its non-ASCII words get
#: (ASCII words keep english_stem in both).
CONFIGURATIONS = {CONFIG: ("english", "english_stem"), CONFIG_RU: ("russian", "russian_stem")}
GIN_INDEX = "archive_article_search_gin"
PAIRS_GIN_INDEX = "archive_article_search_pairs_gin"
TRIGGER = "archive_article_search_vector_trigger"
FUNCTION = "archive_article_search_vector_update"
# Word pairs (see PhraseMatch): a vector's pairs; a phrase's pairs as a tsquery (NULL when it
# has none); whether a phrase is exactly one pair. IMMUTABLE as to_tsvector(regconfig, text)
# is, so that the calls for a phrase are folded into constants when a query is planned.
PAIRS_FUNCTION = "archive_word_pairs"
PHRASE_PAIRS_FUNCTION = "archive_phrase_pairs"
PHRASE_IS_PAIR_FUNCTION = "archive_phrase_is_pair"
SNIPPET_MAX_WORDS = 35
SNIPPET_MIN_WORDS = 15


def _config_sql(row: str) -> str:
    """The regconfig of a row's language (`row` is "NEW." in the trigger, "" in a query)."""
    cases = " ".join(
        f"WHEN '{language}' THEN '{config}'::regconfig"
        for language, config in LANGUAGE_CONFIGS.items()
    )
    return f"(CASE {row}language {cases} ELSE '{CONFIG}'::regconfig END)"


def _vector_sql(row: str) -> str:
    config = _config_sql(row)
    return (
        f"setweight(to_tsvector({config}, coalesce({row}title, '')), 'A') || "
        f"setweight(to_tsvector({config}, coalesce({row}lede, '')), 'B') || "
        f"setweight(to_tsvector({config}, coalesce({row}body, '')), 'C')"
    )


# Each position of a tsvector with its lexeme.
_POSITIONS_SQL = "SELECT lexeme, unnest(positions) AS pos FROM unnest({vector})"
# The "a b" pairs of lexemes at adjacent positions of a tsvector, as often as they occur: the
# positions sorted once, each paired with the next (each position holds one lexeme in these
# configurations). A self-join on pos + 1 took twice as long (6 ms for a 2.6 KB vector).
_PAIRS_SQL = (
    "SELECT pair FROM (SELECT lexeme || ' ' || lead(lexeme) OVER sorted AS pair, pos, "
    "lead(pos) OVER sorted AS next_pos "
    f"FROM ({_POSITIONS_SQL}) AS positions WINDOW sorted AS (ORDER BY pos)) AS neighbours "
    "WHERE next_pos = pos + 1"
)
# A pair quoted for tsquery's input (lexemes here hold no quote, but they are escaped anyway).
_QUOTED_PAIR_SQL = "'''' || replace(pair, '''', '''''') || ''''"
_FUNCTIONS_SQL = (
    f"""CREATE OR REPLACE FUNCTION {PAIRS_FUNCTION}(vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        -- array_to_tsvector drops repeated pairs.
        SELECT coalesce(array_to_tsvector(array_agg(pair)), ''::tsvector)
        FROM ({_PAIRS_SQL.format(vector="vector")}) AS pairs
    $$""",
    f"""CREATE OR REPLACE FUNCTION {PHRASE_PAIRS_FUNCTION}(config regconfig, phrase text)
    RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT string_agg(DISTINCT {_QUOTED_PAIR_SQL}, ' & ')::tsquery
        FROM ({_PAIRS_SQL.format(vector="to_tsvector(config, phrase)")}) AS pairs
    $$""",
    f"""CREATE OR REPLACE FUNCTION {PHRASE_IS_PAIR_FUNCTION}(config regconfig, phrase text)
    RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT count(*) = 2 AND max(pos) = min(pos) + 1
        FROM ({_POSITIONS_SQL.format(vector="to_tsvector(config, phrase)")}) AS positions
    $$""",
)


def _article_config() -> Case:
    """The configuration of each article's language, for ts_headline."""
    return Case(
        *(When(language=language, then=Value(c)) for language, c in LANGUAGE_CONFIGS.items()),
        default=Value(CONFIG),
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
    terms = [*(t for clause in query.clauses for t in clause), *query.excluded]
    if not any(is_cyrillic(word) for term in terms for word in term.words):
        return SearchQuery(to_tsquery_text(query), search_type="raw", config=CONFIG)
    # A term with Cyrillic may match in either reading, term by term (so that an excluded
    # word is left out in both): (en | ru) & ... & !en & !ru. The GIN index serves it as well.
    combined = None
    for clause in query.clauses:
        either = None
        for term in clause:
            for reading in _readings(term):
                either = reading if either is None else either | reading
        combined = either if combined is None else combined & either
    for term in query.excluded:
        for reading in _readings(term):
            combined &= ~reading
    return combined


def _readings(term: SearchTerm) -> list[SearchQuery]:
    text = _tsquery_term(term)
    configs = (CONFIG, CONFIG_RU) if any(is_cyrillic(word) for word in term.words) else (CONFIG,)
    return [SearchQuery(text, search_type="raw", config=config) for config in configs]


class PhraseMatch(Expression):
    """Whether an article has a phrase's words in order (`term`, read in the English-stemming
    configuration), found through the index of its word pairs.

    The vector's GIN index has no positions: a phrase was tested on each article's vector, walked
    in date order until enough matched (hundreds of milliseconds for two common words at 100,000
    articles). The pairs index finds the articles with every adjacent pair of the phrase's words
    ("open data", or "smart city" and "city data"); a phrase of exactly one pair is then found,
    and a longer one (or a prefix) is tested on those articles' vectors only. A phrase without an
    adjacent pair (a stop word between its two words) is tested on the vectors, as before. Both
    tests are constants once the query is planned (the functions are IMMUTABLE), so PostgreSQL
    plans the plain index condition.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, term: SearchTerm, pairs: F | None = None, vector: F | None = None) -> None:
        super().__init__()
        self.term = term
        self.pairs = pairs or F("search_pairs")
        self.vector = vector or F("search_vector")

    def get_source_expressions(self) -> list:
        return [self.pairs, self.vector]

    def set_source_expressions(self, exprs: list) -> None:
        self.pairs, self.vector = exprs

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        pairs_sql, pairs_params = compiler.compile(self.pairs)
        vector_sql, vector_params = compiler.compile(self.vector)
        # A prefix's last word is stemmed differently (to_tsquery's prefix): pairs before it only.
        paired_words = " ".join(self.term.words[:-1] if self.term.prefix else self.term.words)
        phrase_pairs = f"{PHRASE_PAIRS_FUNCTION}(%s::regconfig, %s)"
        exact = "FALSE" if self.term.prefix else f"{PHRASE_IS_PAIR_FUNCTION}(%s::regconfig, %s)"
        sql = (
            f"(({phrase_pairs} IS NULL OR {pairs_sql} @@ {phrase_pairs}) AND "
            f"({exact} OR {vector_sql} @@ to_tsquery(%s::regconfig, %s)))"
        )
        params = [CONFIG, paired_words, *pairs_params, CONFIG, paired_words]
        if not self.term.prefix:
            params += [CONFIG, paired_words]
        params += [*vector_params, CONFIG, _tsquery_term(self.term)]
        return sql, params


def _found_by_pairs(clause: tuple[SearchTerm, ...]) -> bool:
    """Whether a clause is one phrase that PhraseMatch finds (two paired words or more)."""
    if len(clause) != 1:
        return False
    (term,) = clause
    words = term.words[:-1] if term.prefix else term.words
    return len(words) > 1 and not any(is_cyrillic(word) for word in term.words)


def _match_conditions(query: ParsedQuery) -> list[Q | Expression]:
    """The conditions an article matching `query` meets: its phrases' (PhraseMatch), and the
    rest of the query's on its vector."""
    phrases = [clause for clause in query.clauses if _found_by_pairs(clause)]
    if not phrases:
        return [Q(search_vector=_search_query(query))]
    conditions: list[Q | Expression] = [PhraseMatch(term) for (term,) in phrases]
    rest = tuple(clause for clause in query.clauses if not _found_by_pairs(clause))
    if rest:
        conditions.append(Q(search_vector=_search_query(ParsedQuery(rest, query.excluded))))
    else:
        for term in query.excluded:
            only = ParsedQuery(clauses=((term,),))
            conditions.append(~Q(search_vector=_search_query(only)))
    return conditions


class PostgresSearchBackend:
    def filter(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        search_query = _search_query(query)
        if any(_found_by_pairs(clause) for clause in query.clauses):
            matches = queryset.filter(*_match_conditions(query))
        elif any(term.is_phrase for clause in query.clauses for term in clause):
            # A phrase is checked on each candidate's vector (the GIN index has no positions):
            # the newest matches are found walking the date index and testing each row once
            # (256 ms for "open data" at 100,000 articles, against 336 ms through `id IN`,
            # which tested each row through a second read of it).
            matches = queryset.filter(search_vector=search_query)
        else:
            # The matches come from the GIN index alone: beside another condition (the status)
            # the planner would rather test every row's vector, reading each from TOAST storage.
            matching = queryset.model._base_manager.filter(search_vector=search_query)
            matches = queryset.filter(pk__in=matching.values("pk"))
        # ts_rank reads each ranked vector too: only the newest matches are ranked (all of them
        # below SEARCH_RANK_CANDIDATES); the others follow, newest first.
        return rank_newest(matches, SearchRank(F("search_vector"), search_query))

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
                    "title", search_query, config=_article_config(), highlight_all=True, **marks
                ),
                highlighted_snippet=SearchHeadline(
                    "body",
                    search_query,
                    config=_article_config(),
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

    def scan_score(self) -> None:
        # ts_rank reads each match's whole vector: the window's candidates are scored apart.
        return None

    def scores(
        self, connection: BaseDatabaseWrapper, article_ids: list[int], query: ParsedQuery
    ) -> dict[int, float]:
        from ..models import Article

        search_query = _search_query(query)
        # The rows by id (the primary key's index), then the match and ts_rank on their vectors
        # only: the same rank as filter()'s. The match is a column, not a condition: as a
        # condition the planner may AND the GIN index's every match (all the archive, for a
        # common word) with the ids.
        rows = (
            Article._base_manager.using(connection.alias)
            .filter(pk__in=article_ids)
            .annotate(
                score=SearchRank(F("search_vector"), search_query),
                matched=ExpressionWrapper(
                    Q(search_vector=search_query), output_field=BooleanField()
                ),
            )
            .order_by()
            .values_list("pk", "score", "matched")
        )
        return {pk: score for pk, score, matched in rows if matched}

    def in_step(self, connection: BaseDatabaseWrapper) -> bool:
        """Whether every article's stored vector is the one its text gives now."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM archive_article "
                f"WHERE search_vector IS DISTINCT FROM {_vector_sql('')} "
                f"OR search_pairs IS DISTINCT FROM {PAIRS_FUNCTION}(search_vector))"
            )
            return not cursor.fetchone()[0]

    def install(
        self, connection: BaseDatabaseWrapper, reindex: bool = True, pairs: bool = True
    ) -> None:
        """Create or repair the configurations, functions, trigger and indexes; with `reindex`,
        compute every article's vector again, else only the pairs of the stored vectors.
        Without `pairs` (or a column for them), the trigger keeps no word pairs."""
        with connection.cursor() as cursor:
            has_unaccent = self._create_unaccent(connection)
            for config, (copied, stemmer) in CONFIGURATIONS.items():
                cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [config])
                if cursor.fetchone() is None:
                    cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {copied})")
                if has_unaccent:
                    # Only these token types can carry accents (or Cyrillic); ASCII words go
                    # straight to the stemmer.
                    cursor.execute(
                        f"ALTER TEXT SEARCH CONFIGURATION {config} "
                        f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}"
                    )
            for function_sql in _FUNCTIONS_SQL:
                cursor.execute(function_sql)
            # Migrating up from before 0028_article_search_pairs, which installs the pairs: the
            # table has no column for them yet.
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = "
                "'archive_article' AND column_name = 'search_pairs' "
                "AND table_schema = current_schema())"
            )
            (has_pairs,) = cursor.fetchone()
            has_pairs = has_pairs and pairs
            pairs_sql = (
                f"NEW.search_pairs := {PAIRS_FUNCTION}(NEW.search_vector);" if has_pairs else ""
            )
            cursor.execute(
                f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
                BEGIN
                    NEW.search_vector := {_vector_sql("NEW.")};
                    {pairs_sql}
                    RETURN NEW;
                END
                $$ LANGUAGE plpgsql"""
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON archive_article")
            cursor.execute(
                f"""CREATE TRIGGER {TRIGGER}
                BEFORE INSERT OR UPDATE OF title, lede, body, language, search_vector
                ON archive_article
                FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"""
            )
            if reindex:
                # The trigger computes the vector (and its pairs) again from the text.
                cursor.execute(f"UPDATE archive_article SET search_vector = {_vector_sql('')}")
            elif has_pairs:
                cursor.execute(
                    f"UPDATE archive_article SET search_pairs = {PAIRS_FUNCTION}(search_vector)"
                )
            # After the update: an index built once from the rows, not kept through each write.
            indexes = {GIN_INDEX: "search_vector", PAIRS_GIN_INDEX: "search_pairs"}
            for index, column in indexes.items():
                # Looked up first: CREATE INDEX, even IF NOT EXISTS, refuses to run in a
                # transaction with pending trigger events (a repair after other writes).
                cursor.execute("SELECT to_regclass(%s) IS NULL", [index])
                if cursor.fetchone()[0] and (column != "search_pairs" or has_pairs):
                    cursor.execute(f"CREATE INDEX {index} ON archive_article USING gin ({column})")

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
            cursor.execute(f"DROP INDEX IF EXISTS {PAIRS_GIN_INDEX}")
            for config in CONFIGURATIONS:
                cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")
