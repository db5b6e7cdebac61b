"""Counts over the whole archive are cached for a while, and an import makes them stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.kinds import KINDS
from archive.services.importer import ImportOptions, import_paths
from archive.services.public_cache import cached_count, public_counts_changed
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_count_is_computed_once_while_it_is_fresh(settings):
    settings.PUBLIC_COUNTS_CACHE_SECONDS = 60
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert [cached_count("n", compute), cached_count("n", compute)] == [1, 1]
    public_counts_changed()
    assert cached_count("n", compute) == 2


def test_zero_seconds_counts_every_time(settings):
    settings.PUBLIC_COUNTS_CACHE_SECONDS = 0
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert [cached_count("n", compute), cached_count("n", compute)] == [1, 2]


def test_the_home_page_counts_once_then_an_import_shows_at_once(
    client, settings, tmp_path, django_assert_max_num_queries
):
    settings.PUBLIC_COUNTS_CACHE_SECONDS = 60
    ArticleFactory()
    first = client.get(reverse("archive:home"))
    with django_assert_max_num_queries(6):  # the counts are not read again
        assert client.get(reverse("archive:home")).content == first.content
    (tmp_path / "new.txt").write_text(
        "Harbour opens a data portal\n\nThe harbour board opened a data portal on Monday.\n",
        encoding="utf-8",
    )

    import_paths([tmp_path], ImportOptions(workers=1))

    assert client.get(reverse("archive:home")).context["counts"] != first.context["counts"]


def queries_of(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_the_unfiltered_list_caches_its_facets_and_a_filtered_one_does_not(client, settings):
    settings.PUBLIC_COUNTS_CACHE_SECONDS = 60
    ArticleFactory(title="Harbour data", body="The harbour board met.")
    url = reverse("archive:article-list")
    facet_queries = len(KINDS) + 2  # one per kind, the sources and the years
    map_queries = 1  # the places on its map

    first = queries_of(client, url)
    assert queries_of(client, url) == first - facet_queries - map_queries
    assert queries_of(client, url, {"q": "harbour"}) >= first
    assert queries_of(client, url, {"q": "harbour"}) >= first


def test_the_whole_archive_one_row_per_story_is_kept_until_the_archive_changes(client, settings):
    """`?collapse=stories` and nothing else: its facets, map and row count are the same for
    every visitor, kept while fresh; a change to the archive shows on the next view."""
    settings.PUBLIC_COUNTS_CACHE_SECONDS = 60
    ArticleFactory(title="Harbour data", body="The harbour board met.")
    url = reverse("archive:article-list")
    collapsed = {"collapse": "stories"}
    first = queries_of(client, url, collapsed)
    again = queries_of(client, url, collapsed)
    # First: the rows' count, the newest ids, the entity facets, the sources, the years, the
    # map and the page's rows; then the page's rows alone.
    assert (first, again) == (7, 1)
    ArticleFactory(title="Tram data", body="The tram board met.")
    assert client.get(url, collapsed).context["paginator"].count == 1  # kept
    public_counts_changed()
    fresh = client.get(url, collapsed)
    assert fresh.context["paginator"].count == 2
    sources = next(g for g in fresh.context["facet_groups"] if g["name"] == "year")
    assert sum(value["count"] for value in sources["values"]) == 2
    # Narrowed by anything else, nothing is kept.
    assert queries_of(client, url, {**collapsed, "q": "data"}) == queries_of(
        client, url, {**collapsed, "q": "data"}
    )


def test_every_service_that_recounts_records_makes_the_kept_counts_stale(
    client, settings, django_capture_on_commit_callbacks
):
    """`entity_counts.recount_entities`, which every curating service calls (and commands such
    as dbcheck --fix), makes the kept counts stale: a change shows on the next view whether it
    came through the admin, an import, a command or a service."""
    from archive.services.entity_counts import recount_entities

    settings.PUBLIC_COUNTS_CACHE_SECONDS = 60
    ArticleFactory()
    url = reverse("archive:home")
    first = queries_of(client, url)
    kept = queries_of(client, url)
    recount_entities({})
    assert (first > kept, queries_of(client, url)) == (True, first)
    # Again once the change commits: a view between the recount and the commit kept the rows
    # as they were.
    queries_of(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        recount_entities({})
        assert queries_of(client, url) == first  # counted in the transaction, and kept
    assert queries_of(client, url) == first  # the commit made it stale again


def test_a_broad_search_counts_its_facets_among_the_newest_matches_and_says_so(client, settings):
    import datetime

    from tests.factories import OrganizationFactory, mention_everywhere

    settings.SEARCH_FACET_SAMPLE_SIZE = 2
    board = OrganizationFactory(name="Harbour Board", slug="harbour-board")
    for year in (2019, 2020, 2021):
        article = ArticleFactory(
            title=f"Harbour news {year}",
            body="Harbour Board met.",
            published_on=datetime.date(year, 5, 1),
        )
        mention_everywhere(article, board)

    response = client.get(reverse("archive:article-list"), {"q": "harbour"})

    years = next(g for g in response.context["facet_groups"] if g["name"] == "year")
    assert [(v["label"], v["count"]) for v in years["values"]] == [("2021", 1), ("2020", 1)]
    assert "Counts among the newest 2 of 3 matching articles." in response.content.decode()


def test_a_curators_change_in_the_admin_shows_on_the_next_public_view(staff_client, settings):
    from archive.models import ArticleStatus

    settings.PUBLIC_COUNTS_CACHE_SECONDS = 60
    ArticleFactory()
    draft = ArticleFactory(status=ArticleStatus.DRAFT)
    before = staff_client.get(reverse("archive:home")).context["counts"]

    staff_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": "0"},
    )

    assert staff_client.get(reverse("archive:home")).context["counts"] != before


def test_an_entity_pages_counts_are_kept_until_the_archive_changes(client, settings):
    """The timeline, co-mentions and map of an entity page are counted once while fresh; a
    change to the archive (an import, a curator's edit) shows on the next view."""
    from tests.factories import OrganizationFactory, mention_everywhere

    settings.PUBLIC_COUNTS_CACHE_SECONDS = 60
    harbour = OrganizationFactory(name="Harbour Board", slug="harbour-board")
    lab = OrganizationFactory(name="Porto Lab", slug="porto-lab")
    mention_everywhere(ArticleFactory(body="Harbour Board met."), harbour)
    url = harbour.get_absolute_url()
    first = queries_of(client, url)
    # Written around the services (no recount), so that nothing tells the cache.
    both = ArticleFactory(body="Harbour Board met Porto Lab.")
    mention_everywhere(both, harbour, counted=False)
    mention_everywhere(both, lab, counted=False)
    again = queries_of(client, url)
    kept = client.get(url).context["co_mentioned"]
    public_counts_changed()
    fresh = client.get(url).context["co_mentioned"]

    # The entity's latest articles, its months, its co-mentions and its places: not read again.
    assert (kept, first - again) == ([], 4)
    assert [entity.name for entity in fresh] == ["Porto Lab"]
