"""The indexes that keep the archive fast at scale serve the queries they were made for.

Each test reads the database's own plan for the query the code runs. The test databases are
tiny, so a planner may prefer a scan there whatever the indexes; PostgreSQL is told not to
(no sequential scans, no sorts), which asks whether the index *can* serve the query. SQLite
plans by rule and names the index it would use.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from archive.kinds import KINDS
from archive.models import Article, Mention
from archive.services import maps, research
from archive.services.importer import ImportOptions, import_paths
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
    mention_everywhere,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_tables():
    """On PostgreSQL, each plan as on a new database, whichever tests ran before on it.

    Other tests leave their traces on the planner's inputs although their rows are rolled
    back: the pages their inserts filled stay in the table's file until a vacuum (the planner
    reads a table's size from it), a bulk import's ANALYZE writes row counts to pg_class in
    place, and a test that commits keeps its column statistics. Which index a plan on a few
    rows used then depended on the order the tests ran in. TRUNCATE (inside this test's
    transaction, so rolled back with it) gives every table a new, empty file and resets its
    counts; the statistics are deleted. (The app's tables; CASCADE adds those that refer to
    them.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            names = connection.introspection.table_names()
            tables = [name for name in names if name.startswith("archive_")]
            quoted = ", ".join(connection.ops.quote_name(name) for name in tables)
            cursor.execute(f"TRUNCATE {quoted} CASCADE")
            cursor.execute(
                "DELETE FROM pg_statistic WHERE starelid IN"
                " (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)"
            )


def plan(
    queryset, *, sorts: bool = False, index_scans: bool = True, nested_loops: bool = True
) -> str:
    """The plan of `queryset`; on PostgreSQL with sequential scans (and, unless `sorts`, sorts;
    unless `index_scans`, plain index scans; unless `nested_loops`, nested-loop joins) priced
    out, so that a tiny test table shows which index a large one can use."""
    sql, params = queryset.query.sql_with_params()
    return sql_plan(sql, params, sorts=sorts, index_scans=index_scans, nested_loops=nested_loops)


def sql_plan(
    sql: str,
    params: Any = (),
    *,
    sorts: bool = False,
    index_scans: bool = True,
    nested_loops: bool = True,
) -> str:
    """`plan` of a query written in SQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            if not sorts:
                cursor.execute("SET LOCAL enable_sort = off")
            if not nested_loops:
                cursor.execute("SET LOCAL enable_nestloop = off")
            if not index_scans:
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute("SET LOCAL enable_indexonlyscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


#: sqlite_stat1 of the article and mention tables of a 20,000-article archive (bench/scale_db.py,
#: after its ANALYZE): rows per index, then rows per distinct value of each leading column.
LARGE_ARCHIVE_STATISTICS = {
    ("archive_article", "archive_article_source_id_814a0cea"): "20000 500",
    ("archive_article", "archive_article_story_id_2e8efb48"): "20000 17",
    ("archive_article", "article_id_status_idx"): "20000 1 1 1",
    ("archive_article", "article_origin_idx"): "20000 1",
    ("archive_article", "article_recent_idx"): "20000 4 1",
    ("archive_article", "article_source_status_idx"): "20000 500 250",
    ("archive_article", "article_status_date_idx"): "20000 10000 4",
    ("archive_article", "article_story_copies_idx"): "20000 10000 3 2 1 1",
    ("archive_article", "article_title_idx"): "20000 1",
    ("archive_article", "article_url_idx"): "20000 20000",
    ("archive_article", "sqlite_autoindex_archive_article_1"): "20000 1",
    ("archive_article", "sqlite_autoindex_archive_article_2"): "20000 1",
    ("archive_mention", "archive_mention_article_id_72d2473f"): "560000 28",
    ("archive_mention", "mention_article_facets_idx"): "560000 28 7 7 3 2 2 1",
    ("archive_mention", "mention_article_pos_idx"): "560000 28 1 1",
    ("archive_mention", "mention_event_article_idx"): "560000 932 4",
    ("archive_mention", "mention_kind_review_idx"): "560000 140000 140000",
    ("archive_mention", "mention_org_article_idx"): "560000 188 4",
    ("archive_mention", "mention_person_article_idx"): "560000 115 4",
    ("archive_mention", "mention_place_article_idx"): "560000 467 4",
    ("archive_mention", "sqlite_autoindex_archive_mention_1"): "560000 28 7 1 1",
    ("archive_place", "archive_place_country_id_dd7f4bf5"): "1200 1200",
    ("archive_place", "archive_place_merged_into_id_c5f9eb89"): "1200 1200",
    ("archive_place", "place_articles_idx"): "1200 6 5 1 1",
    ("archive_place", "place_mentions_idx"): "1200 6 5 1 1",
    ("archive_place", "place_name_idx"): "1200 1 1",
    ("archive_place", "place_review_idx"): "1200 600 1",
    ("archive_place", "place_unique_canonical_name"): "1200 1",
    ("archive_place", "sqlite_autoindex_archive_place_1"): "1200 1",
}


def plan_with_large_archive_statistics(queryset) -> str:
    """The SQLite plan of `queryset` as the planner makes it for a large, analysed archive.

    Without statistics SQLite guesses; on a test database's few rows ANALYZE would tell it to
    scan. The statistics of a 20,000-article archive (those written by ANALYZE, which the
    importer runs after a bulk import) are put in their place.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for (table, index), stat in LARGE_ARCHIVE_STATISTICS.items():
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", [table, index])
            cursor.execute("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", [table, index, stat])
        cursor.execute("ANALYZE sqlite_schema")  # reload the statistics
    return plan(queryset)


def test_the_importers_duplicate_check_reads_the_origin_index():
    ArticleFactory(origin="inbox/a.txt")
    query = Article.objects.filter(origin="inbox/a.txt").order_by()
    assert "article_origin_idx" in plan(query)


def test_an_entitys_articles_come_from_its_entity_article_index():
    organization = OrganizationFactory(name="Harbour Board")
    article = ArticleFactory(body="Harbour Board met.")
    mention_everywhere(article, organization)
    assert "mention_org_article_idx" in plan(research.articles_mentioning(organization))


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL plans by cost: on a test database any index scan of the place mentions "
    "is as cheap, so its plan says nothing about an archive's",
)
def test_a_searchs_map_reads_the_place_mentions_of_its_articles_by_article():
    """A filtered list's map counts through the mentions' article-first index: its cost
    follows the matching articles, not the archive's place mentions."""
    source = SourceFactory(slug="weekly")
    article = ArticleFactory(source=source, body="Trams in Porto.")
    mention_everywhere(article, PlaceFactory(name="Porto", latitude=41.1, longitude=-8.6))
    matching = research.article_list_queryset().filter(source__slug="weekly")
    found = plan_with_large_archive_statistics(maps.places_query(matching.order_by().values("pk")))
    assert "COVERING INDEX mention_article_facets_idx (article_id=? AND kind=?)" in found


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL plans by cost: on a test database any index scan of the mentions is as "
    "cheap, so its plan says nothing about an archive's",
)
def test_a_lists_facets_read_the_mentions_of_its_articles_from_the_facets_index():
    """Each kind's facet groups the mentions of the list's newest articles by entity id, from
    the index alone (a mention's row carries its sentence), and only then looks up each
    group's entity by its key (rowid)."""
    from archive.services import facets

    article = ArticleFactory(body="Harbour Board met.")
    mention_everywhere(article, OrganizationFactory(name="Harbour Board"))
    plan_with_large_archive_statistics(Article.objects.all())  # the statistics, for sql_plan
    sql, params = facets.entity_facets_sql(
        research.ids_query([article.pk]), {}, facets.FacetLimits(10, "", 50)
    )
    found = sql_plan(sql, params)
    by_key = [line for line in found.splitlines() if "SEARCH e" in line and "rowid=?" in line]
    assert (
        found.count("COVERING INDEX mention_article_facets_idx (article_id=? AND kind=?)"),
        len(by_key),
    ) == (len(KINDS), len(KINDS))


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL takes a search's matches from its GIN index (the test below)",
)
@pytest.mark.parametrize("newest", [False, True])
def test_a_searchs_published_matches_are_read_from_the_narrow_article_index(newest):
    """FTS5 gives a search's matches as ids; whether each is published, and its date (to count
    the matches, to find the newest), comes from (id, status, published_on), not the row."""
    from archive.filters import NEWEST_ARTICLES
    from archive.search import search_articles

    ArticleFactory(body="Trams run all night.")
    found = search_articles(Article.objects.published(), "tram", automatic_prefix=False)
    found = found.order_by(*NEWEST_ARTICLES) if newest else found.order_by()
    found_plan = plan_with_large_archive_statistics(found.values("pk"))
    assert "COVERING INDEX article_id_status_idx (id=? AND status=?)" in found_plan


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite sorts NULLs last in a plain descending index; the extra index is PostgreSQL's",
)
def test_the_article_list_order_undated_last_reads_an_index_on_postgresql():
    ArticleFactory()
    newest_first = research.article_list_queryset().order_by(*Article._meta.ordering)[:20]
    assert "article_recent_nulls_last_idx" in plan(newest_first)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite reads the merged_into index for `IS NULL` and sorts the public records",
)
@pytest.mark.parametrize(
    ("ordering", "index"), [("mentions", "_mentions_idx"), ("mentioned", "_articles_idx")]
)
def test_entity_lists_ordered_by_count_read_the_stored_count_index(ordering, index):
    from django.http import QueryDict

    from archive.kinds import KINDS
    from archive.services.entity_pages import entity_list_queryset

    OrganizationFactory()
    for kind in KINDS:
        filterset = kind.filterset(
            QueryDict(f"ordering={ordering}"), queryset=entity_list_queryset(kind.value)
        )
        assert f"{kind.value}{index}" in plan(filterset.qs[:50])


def table_analyzed(table: str) -> bool:
    """Whether the planner has statistics on `table` (which only ANALYZE writes)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
            return cursor.fetchone()[0] > 0
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0] > 0


@pytest.mark.parametrize(("threshold", "analyzed"), [(1, True), (5, False)])
def test_an_import_that_writes_enough_articles_refreshes_planner_statistics(
    tmp_path, settings, threshold, analyzed
):
    settings.IMPORT_ANALYZE_AFTER = threshold
    (tmp_path / "a.txt").write_text(
        "Harbour opens a data portal\n\nThe harbour board opened a data portal on Monday.\n",
        encoding="utf-8",
    )
    assert not table_analyzed("archive_article")

    import_paths([tmp_path], ImportOptions(workers=1))

    assert table_analyzed("archive_article") is analyzed


@pytest.mark.parametrize("text", ["tram", "трамваи -автобусы"])
def test_a_search_in_either_language_reads_the_full_text_index(text):
    from archive.search import search_articles

    ArticleFactory(body="Trams run all night.")
    ArticleFactory(body="Трамваи ходят всю ночь.", language="ru")
    index = "archive_article_search_gin" if connection.vendor == "postgresql" else "VIRTUAL TABLE"
    found = search_articles(Article.objects.all(), text, automatic_prefix=False).order_by()
    # On a table of two rows PostgreSQL would walk the primary key and test each vector: with
    # plain index scans priced out, what is left shows that the query can use the GIN index.
    assert index in plan(found, sorts=True, index_scans=False)


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL plans by cost: on a tiny test table it may walk any mention index",
)
def test_the_article_lists_entity_filter_reads_the_entitys_mentions_from_its_index_alone():
    """`?organization=<slug>`: the mentions' (entity, article, review status) index answers
    the filter without reading the mention table (the status is checked in the index)."""
    from django.http import QueryDict

    from archive.filters import ArticleFilter

    organization = OrganizationFactory(name="Harbour Board", slug="harbour-board")
    mention_everywhere(ArticleFactory(body="Harbour Board met."), organization)
    filterset = ArticleFilter(
        QueryDict("organization=harbour-board"), queryset=research.article_list_queryset()
    )
    # Without nested loops: on a tiny table PostgreSQL would as soon walk the facets' index
    # (article first) once per article, which a large archive never would.
    found = plan(filterset.qs.order_by().values("pk"), sorts=True, nested_loops=False)
    if connection.vendor == "sqlite":
        assert "USING COVERING INDEX mention_org_article_idx" in found
    else:
        # Whether PostgreSQL skips the table also depends on its visibility map (VACUUM), so
        # a fresh test table says only that the index is read.
        assert "mention_org_article_idx" in found


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL turns both forms into the same merge join; SQLite plans them apart.",
)
def test_the_api_mention_list_walks_the_mentions_in_order_and_checks_each_article_by_key():
    from archive.api import queries

    found = plan_with_large_archive_statistics(queries.mentions()[:21])

    assert (
        "mention_article_pos_idx" in found,
        "LIST SUBQUERY" in found,
        "TEMP B-TREE" in found,
    ) == (
        True,
        False,
        False,
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's list runs on its plain date index; the undated-last index is PostgreSQL's",
)
def test_an_api_page_before_a_cursor_starts_its_index_range_at_the_cursors_date():
    import datetime

    from archive.api.pagination import rows_after, sort_keys

    ArticleFactory()
    keys, ordered = sort_keys(research.article_list_queryset().order_by(*Article._meta.ordering))
    backwards = [key.reversed() for key in keys]
    before = ordered.reverse().filter(rows_after(backwards, [datetime.date(2024, 5, 1), 7]))[:21]

    found = plan(before)

    assert ("article_recent_nulls_last_idx" in found, "Index Cond: (published_on" in found) == (
        True,
        True,
    )


def test_the_importers_entity_lookup_reads_the_name_key_index():
    """The resolver's lookup of an article's names (name_keys.ids_by_kind_named): the stored
    keys of records' names and aliases of every kind at once, an index search of the key table;
    the records are then read by primary key."""
    from archive.models import Organization
    from archive.services.entity_resolver import candidates
    from archive.services.name_keys import ids_by_kind_named, key_rows

    record = OrganizationFactory(name="Harbour Board", aliases=["Совет гавани"])
    OrganizationFactory.create_batch(3)
    PersonFactory(name="Harbour Board")
    keys = {"organization": {"harbour board", "совет гавани"}, "place": {"harbour board"}}
    assert ids_by_kind_named(keys) == {"organization": {record.pk}, "place": set()}
    assert list(candidates(Organization, {record.pk})) == [record]
    # PostgreSQL, with plain index scans priced out as well: on a table of a few rows it would
    # walk any index of the key table and filter (at 100,000 articles it searches this one).
    rows = key_rows(keys, {"harbour board", "совет гавани"}).values_list("kind", "key", "entity_id")
    text = plan(rows, sorts=True, index_scans=False)
    if connection.vendor == "sqlite":
        assert "USING COVERING INDEX entity_name_key_lookup_idx (kind=? AND key=?)" in text
    else:
        assert "Bitmap Index Scan on entity_name_key_lookup_idx" in text
        assert "Seq Scan" not in text


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL turns either form into a join it plans by cost (checked at 100,000)",
)
def test_a_widely_named_entitys_list_walks_the_date_index_and_probes_its_mentions(monkeypatch):
    """A widely named entity (by its stored count) is filtered by a correlated EXISTS: the
    newest articles are walked from the date index and each is looked up in the entity's
    (entity, article, review status) index, which stops after a page (under 1 ms for the most
    named organization at 100,000 articles, where gathering its 61,533 articles took 155 ms).
    A rare one is gathered from that index once."""
    from archive.filters import NEWEST_ARTICLES

    organization = OrganizationFactory(name="Harbour Board")
    mention_everywhere(ArticleFactory(body="Harbour Board met."), organization)
    organization.public_article_count = research.WIDELY_NAMED_ARTICLES
    newest = research.articles_mentioning(organization).order_by(*NEWEST_ARTICLES)
    found = plan_with_large_archive_statistics(newest.values("pk")[:20])
    assert "USE TEMP B-TREE FOR ORDER BY" not in found
    assert "article_status_date_idx" in found or "article_recent_idx" in found
    assert "CORRELATED SCALAR SUBQUERY" in found
    assert "COVERING INDEX mention_org_article_idx (organization_id=? AND article_id=?" in found
    organization.public_article_count = research.WIDELY_NAMED_ARTICLES - 1
    rare = research.articles_mentioning(organization).order_by(*NEWEST_ARTICLES)
    found = plan_with_large_archive_statistics(rare.values("pk")[:20])
    assert "LIST SUBQUERY" in found
    assert "COVERING INDEX mention_org_article_idx (organization_id=?)" in found


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="On a tiny table PostgreSQL may read any index led by the status; at 100,000 "
    "articles it reads this one alone (Index Only Scan, docs/benchmarks.md)",
)
def test_the_whole_archives_source_facet_counts_from_the_source_status_index():
    """Published articles per source, from the (source, status) index alone."""
    from archive.models import Source

    ArticleFactory(source=SourceFactory(name="Daily"))
    published_here = (
        Article.objects.filter(status="published", source=Source.objects.first())
        .order_by()
        .values("source")
    )
    found = plan_with_large_archive_statistics(published_here)
    assert "COVERING INDEX article_source_status_idx (source_id=? AND status=?)" in found


def test_one_row_per_story_reads_each_storys_first_copy_from_the_story_copies_index():
    """`?collapse=stories`: each published article's story, and each story's first copy by
    date, length and id, come from the (status, story, date, length, id) index alone."""
    from archive.services.stories import collapse_stories

    ArticleFactory()
    collapsed = collapse_stories(Article.objects.published()).order_by().values("pk")
    if connection.vendor == "sqlite":
        found = plan_with_large_archive_statistics(collapsed)
        assert "COVERING INDEX article_story_copies_idx (status=? AND story_id=?)" in found
    else:
        assert "article_story_copies_idx" in plan(collapsed, sorts=True)


def test_a_search_scores_its_newest_matches_by_id_without_searching_again_per_id():
    """search.best_matches_first scores a page's candidates in one statement. SQLite: one
    FTS5 pass over the word's hits within the ids' range (`M` match, `><` range), not one
    search per id (`=`, what a plain `rowid IN` beside the MATCH does: 5.8 s for 1,000 ids
    at 100,000 articles). PostgreSQL: the rows by id, not every match from the GIN
    index ANDed with the ids."""
    from django.test.utils import CaptureQueriesContext

    from archive.search import best_matches_first

    ids = [ArticleFactory(body=f"Trams run {n} times a night.").pk for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        best_matches_first(ids, "tram", automatic_prefix=False)
    # The first asks whether the query is a record's name (archive.search_names).
    _names, scoring = [query["sql"] for query in queries.captured_queries]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {scoring}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {scoring}")
        found = "\n".join(str(row) for row in cursor.fetchall())
    if connection.vendor == "postgresql":
        assert "Index Cond: (id = ANY" in found  # the primary key's or (id, status, date)
        assert "archive_article_search_gin" not in found
    else:
        assert "VIRTUAL TABLE INDEX 0:M" in found
        assert "><" in found
        assert "=" not in found.split("VIRTUAL TABLE INDEX", 1)[1]


def test_a_new_slugs_check_reads_the_slug_index_for_each_base():
    from archive.services.slugs import slugs_like

    query_plan = plan(
        slugs_like(Article, ["smart-city-news", "metro-opens"]).values("slug"), index_scans=False
    )

    if connection.vendor == "postgresql":
        ranges = [f"~>=~ '{base}-'" in query_plan for base in ("smart-city-news", "metro-opens")]
        assert ("archive_article_slug" in query_plan, ranges) == (True, [True, True])
    else:
        assert query_plan.count("(slug>? AND slug<?)") == 2


def test_the_mention_lists_extractor_choices_seek_the_extractor_index_once_per_value():
    from archive.services.distinct_values import loose_index_scan_sql

    query_plan = sql_plan(loose_index_scan_sql(Mention, "extractor"), sorts=True)

    if connection.vendor == "postgresql":
        assert "Index Only Scan using mention_extractor_idx" in query_plan
    else:
        assert query_plan.count("COVERING INDEX mention_extractor_idx") == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's FTS5 index has the words' positions"
)
def test_a_phrase_is_found_through_the_word_pairs_index_planned_as_a_constant():
    """search_backends.postgres.PhraseMatch: the phrase's pairs and whether it is one pair are
    folded into constants when the query is planned, so the pairs' GIN index finds a two-word
    phrase and no vector is read to test it."""
    from archive.search import SearchTerm
    from archive.search_backends.postgres import PhraseMatch

    ArticleFactory(body="The open data portal.", status="published")
    # The condition alone: beside the status, a tiny table is read through the status index.
    matches = Article._base_manager.filter(PhraseMatch(SearchTerm(("open", "data"))))

    found = plan(matches.values("pk"), sorts=True, index_scans=False, nested_loops=False)

    assert (
        "archive_article_search_pairs_gin" in found,
        "(search_pairs @@ '''open data'''::tsquery)" in found,
        "search_vector" in found,
    ) == (True, True, False)


def test_the_collapsed_lists_story_count_reads_the_story_copies_index_alone():
    """`stories.story_count` over the published archive: the articles in no story, and the
    distinct stories of the others, each from the (status, story, ...) index without a row."""
    from archive.services.stories import story_count

    ArticleFactory()
    published = Article.objects.published()
    alone = published.filter(story__isnull=True).order_by().values("pk")
    told = published.filter(story__isnull=False).order_by().values("story").distinct()
    assert story_count(published) == 1
    if connection.vendor == "sqlite":
        plans = [plan_with_large_archive_statistics(alone), plan(told)]
        assert [
            "COVERING INDEX article_story_copies_idx (status=? AND story_id=?)" in plans[0],
            "COVERING INDEX article_story_copies_idx (status=? AND story_id>?)" in plans[1],
            "TEMP B-TREE" in plans[1],
        ] == [True, True, False]
    else:
        # On a tiny table PostgreSQL may count the articles in no story through any index led
        # by the status; at 67,000 articles it read this one alone (docs/benchmarks.md).
        plans = [plan(alone), plan(told)]
        assert [
            "Seq Scan" in plans[0],
            "Index Only Scan using article_story_copies_idx" in plans[1],
        ] == [False, True]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite reads each kind from the index (above)"
)
def test_a_lists_facets_read_the_mentions_of_its_articles_once_on_postgresql():
    """PostgreSQL reads the newest articles' mentions once, from the facets index alone, and
    groups each kind from them (four reads probed the index four times per article)."""
    from archive.services import facets

    article = ArticleFactory(body="Harbour Board met.")
    mention_everywhere(article, OrganizationFactory(name="Harbour Board"))
    sql, params = facets.entity_facets_sql(
        research.ids_query([article.pk]), {}, facets.FacetLimits(10, "", 50)
    )
    found = sql_plan(sql, params, sorts=True)
    # On a test table of a few rows (an empty visibility map, no statistics) any index led by
    # the article is as cheap, with reads of the rows or not: mention_article_pos_idx or the
    # plain key's index as well as the facets index, which alone answers at 100,000 articles
    # (docs/benchmarks.md, "Filtered lists at 100,000 articles"). What holds at any size: the
    # mentions are read once.
    assert len([line for line in found.splitlines() if " on archive_mention " in line]) == 1
    led_by_the_article = (
        "mention_article_facets_idx",
        "mention_article_pos_idx",
        "archive_mention_article_id",
    )
    assert any(index in found for index in led_by_the_article), found


def test_the_exports_read_each_articles_mentions_from_the_position_index_alone():
    """The article exports' per-article subquery (public_exports.mentioned_entities: the
    entity of each public mention, in text order) reads (article, start, id, review_status,
    entity columns) from mention_article_pos_idx and never the mention's row, which carries
    its sentence: at 100,000 articles those rows were the subquery's reads, scattered over the
    file in the list's date order. The index's order is the text order: no sort per article."""
    from archive.filters import ArticleFilter
    from archive.services import export, public_exports

    article = ArticleFactory(body="Harbour Board met.")
    mention_everywhere(article, OrganizationFactory(name="Harbour Board"))
    listed = ArticleFilter(data={}, queryset=research.article_list_queryset()).qs
    for values in (public_exports.article_values(listed), export.record_values("all")):
        if connection.vendor == "sqlite":
            lines = plan_with_large_archive_statistics(values).splitlines()
            start = next(n for n, line in enumerate(lines) if "SCALAR SUBQUERY" in line)
            # The mentions' subquery: its lines up to the next one of the outer query.
            end = next(n for n in range(start + 1, len(lines)) if ", 0, 0, " in lines[n])
            subquery = "\n".join(lines[start:end])
            assert (
                "COVERING INDEX mention_article_pos_idx (article_id=?)" in subquery,
                "TEMP B-TREE" in subquery,
            ) == (True, False)
        else:
            # Index only or not depends on the visibility map (VACUUM), which a fresh test
            # table lacks: this says that the index serves the subquery without a sort (with
            # sorts priced out: a sort of a test table's one row costs as little as none).
            found = plan(values.order_by("id"))
            mentions = found.split("archive_mention", 1)[0].rsplit("SubPlan", 1)[-1]
            assert "mention_article_pos_idx" in found
            assert "Sort" not in mentions


def test_a_search_asks_the_name_key_index_whether_it_is_a_records_name():
    """archive.search_names: every search first looks its text up among the stored keys of
    the records' names, an index search (the kind and key leading it)."""
    from archive.search_names import keys_found

    record = OrganizationFactory(name="Harbour Board", aliases=["Совет гавани"])
    OrganizationFactory.create_batch(3)
    found = keys_found({"harbour board", "trams"}, "default")
    assert list(found) == [("organization", record.pk)]
    text = plan(found, sorts=True, index_scans=False)
    if connection.vendor == "sqlite":
        assert "USING COVERING INDEX entity_name_key_lookup_idx (kind=? AND key=?)" in text
    else:
        assert "Bitmap Index Scan on entity_name_key_lookup_idx" in text
        assert "Seq Scan" not in text


def test_an_inflected_cyrillic_name_reads_the_keys_by_their_beginnings_from_an_index():
    """archive.search_names.keys_beginning: the keys beginning with each of a stem's
    nominative prefixes, each read as a range of an index on both databases (PostgreSQL: the
    key's pattern index; a plain B-tree cannot serve LIKE outside the C collation)."""
    from archive.search_names import keys_beginning

    PlaceFactory(name="Beryozovo", aliases=["Берёзово"])
    OrganizationFactory.create_batch(3)
    found = keys_beginning(["березов", "берёзов"], "default")
    assert [key for _, _, key in found] == ["берёзово"]
    text = plan(found, sorts=True, index_scans=False)
    if connection.vendor == "sqlite":
        ranges = "INDEX entity_name_key_lookup_idx (kind=? AND key>? AND key<?)"
        assert text.count(ranges) == 2, text
    else:
        assert text.count("Bitmap Index Scan on entity_name_key_pattern_idx") == 2, text
        assert "Seq Scan" not in text


@pytest.mark.parametrize(
    ("kind", "index"), [("", "mention_group_order_idx"), ("person", "mention_group_kind_order_idx")]
)
def test_the_review_queues_mention_groups_page_walks_the_stored_groups_in_order(kind, index):
    from archive.services.entity_queries import suggested_mention_groups

    mention_everywhere(
        ArticleFactory(body="Harbour Lab met."), OrganizationFactory(name="Harbour Lab")
    )
    query_plan = plan(suggested_mention_groups(kind or None)[40:60])

    assert index in query_plan
    assert "TEMP B-TREE" not in query_plan and "Sort" not in query_plan


def test_the_review_queues_records_page_walks_a_kinds_queue_index_in_order():
    from archive.services.entity_queries import suggested_entities

    mention_everywhere(
        ArticleFactory(body="Harbour Lab met."), OrganizationFactory(name="Harbour Lab")
    )
    query_plan = plan(suggested_entities("person")[40:60])

    assert "person_queue_idx" in query_plan
    assert "TEMP B-TREE" not in query_plan and "Sort" not in query_plan
    assert "archive_mention" not in query_plan  # the stored count, no count per record


def test_the_review_queues_records_page_of_all_kinds_reads_the_stored_counts():
    """SQLite merges the kinds' index orders; PostgreSQL sorts the suggested records (a few
    thousand rows of one table each, not their millions of mentions)."""
    from archive.services.entity_queries import suggested_entities

    mention_everywhere(
        ArticleFactory(body="Harbour Lab met."), OrganizationFactory(name="Harbour Lab")
    )
    query_plan = plan(suggested_entities()[40:60], sorts=True)

    assert "archive_mention" not in query_plan
    if connection.vendor == "sqlite":
        assert all(f"{kind.value}_queue_idx" in query_plan for kind in KINDS)
        assert "TEMP B-TREE" not in query_plan


def test_the_admins_article_search_reads_an_index_for_each_of_its_alternatives():
    from django.contrib import admin

    ArticleFactory()
    article_admin = admin.site._registry[Article]
    found, _ = article_admin.get_search_results(None, Article.objects.all(), "canal-locks")
    query_plan = plan(found.values("pk"))

    for index in ("article_url_idx", "article_origin_idx"):
        assert index in query_plan
    if connection.vendor == "sqlite":
        assert "MULTI-INDEX OR" in query_plan
        assert "slug>? AND slug<?" in query_plan
        assert "SCAN archive_article" not in query_plan
