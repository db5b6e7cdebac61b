"""The indexes that keep the archive fast at scale serve the queries they were made for.

Each test reads the database's own plan for the query the code runs. The test databases are
tiny, so a planner may prefer a scan there whatever the indexes; PostgreSQL is told not to
(no sequential scans, no sorts), which asks whether the index *can* serve the query. SQLite
plans by rule and names the index it would use.
"""

from __future__ import annotations

import pytest
from django.db import connection

from archive.kinds import KINDS
from archive.models import Article
from archive.services import maps, research
from archive.services.importer import ImportOptions, import_paths
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PlaceFactory,
    SourceFactory,
    mention_everywhere,
)

pytestmark = pytest.mark.django_db


def plan(
    queryset, *, sorts: bool = False, index_scans: bool = True, nested_loops: bool = True
) -> str:
    """The plan of `queryset`; on PostgreSQL with sequential scans (and, unless `sorts`, sorts;
    unless `index_scans`, plain index scans; unless `nested_loops`, nested-loop joins) priced
    out, so that a tiny test table shows which index a large one can use."""
    sql, params = queryset.query.sql_with_params()
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
    ("archive_article", "article_status_date_idx"): "20000 10000 4",
    ("archive_article", "article_title_idx"): "20000 1",
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
    """Each facet groups the mentions of the list's newest articles by entity, from the
    index alone (a mention's row carries its sentence)."""
    from archive.services import facets

    article = ArticleFactory(body="Harbour Board met.")
    mention_everywhere(article, OrganizationFactory(name="Harbour Board"))
    for kind in KINDS:
        counted = facets.entity_facet_query(kind.value, [article.pk], selected="")
        found = plan_with_large_archive_statistics(counted)
        assert "COVERING INDEX mention_article_facets_idx (article_id=? AND kind=?)" in found


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
    (scoring,) = [query["sql"] for query in queries.captured_queries]
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
