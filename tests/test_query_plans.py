"""The indexes that keep the archive fast at scale serve the queries they were made for.

Each test reads the database's own plan for the query the code runs. The test databases are
tiny, so a planner may prefer a scan there whatever the indexes; PostgreSQL is told not to
(no sequential scans, no sorts), which asks whether the index *can* serve the query. SQLite
plans by rule and names the index it would use.
"""

from __future__ import annotations

import pytest
from django.db import connection

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


def plan(queryset, *, sorts: bool = False, index_scans: bool = True) -> str:
    """The plan of `queryset`; on PostgreSQL with sequential scans (and, unless `sorts`, sorts;
    unless `index_scans`, plain index scans) priced out, so that a tiny test table shows which
    index a large one can use."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            if not sorts:
                cursor.execute("SET LOCAL enable_sort = off")
            if not index_scans:
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute("SET LOCAL enable_indexonlyscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


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
    found = plan(maps.places_query(matching.order_by().values("pk")))
    assert "SEARCH archive_mention USING INDEX" in found and "(article_id=? AND kind=?)" in found


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
    found = plan(filterset.qs.order_by().values("pk"), sorts=True)
    if connection.vendor == "sqlite":
        assert "USING COVERING INDEX mention_org_article_idx" in found
    else:
        # Whether PostgreSQL skips the table also depends on its visibility map (VACUUM), so
        # a fresh test table says only that the index is read.
        assert "mention_org_article_idx" in found
