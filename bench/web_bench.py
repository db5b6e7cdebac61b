"""Server time of the public pages on a large archive, beside Datasette and the bare SQL.

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/scale_db.py --articles 20000
    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/web_bench.py [--repeat 15]
    ... bench/web_bench.py --http     # both served over HTTP: gunicorn and `datasette serve`

Each page is requested once to warm the caches (that first time is shown), then --repeat times;
the table shows the median and 95th percentile server time, the number of queries (always
counted in process, with warm caches), the median
of Datasette's nearest page on the same SQLite file (bench/datasette_side.py says which page
and how; the column is left out, with the reason, on PostgreSQL or without Datasette), and the
floor: the bare SQL statements that return what the page shows, timed the same way.

By default both applications run in process (Django's test client, DEBUG off, so no SQL log;
Datasette's own ASGI client). With --http the archive is served by gunicorn (one sync worker,
as `make run` starts it) and Datasette by its own server, and each request is timed from a
client on this machine: the same pages with a real server and socket in between.
Works on SQLite and PostgreSQL alike (DATABASE_URL).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "bench"))
import datasette_side  # noqa: E402  (bench/ is not a package)
from production_env import use_production_settings  # noqa: E402


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 95th percentile of `repeat` calls, after one that warms the caches."""
    return timed_with_first(call, repeat)[:2]


def timed_with_first(call: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median, 95th percentile, and the first call's time (cold caches: the counts a page
    keeps a while, see archive/services/public_cache.py, are counted then)."""
    started = time.perf_counter()
    call()
    first = time.perf_counter() - started
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
    return statistics.median(samples), p95, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--only", default="", help="Only the rows whose name contains this (e.g. 'search')."
    )
    parser.add_argument(
        "--http",
        action="store_true",
        help="Serve the archive with gunicorn (and Datasette with its server) and time over HTTP.",
    )
    arguments = parser.parse_args()
    use_production_settings()  # in process: no redirect to https
    os.environ.setdefault("API_ANON_RATE", "1000000/minute")  # the API's throttle: not measured
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from archive.models import Article, Organization

    call_command("collectstatic", interactive=False, verbosity=0)  # production static files
    # Each request would empty the query log that counts its queries.
    request_started.disconnect(reset_queries)
    # Loaded as the server loads it, so the garbage collector is set up as it is there
    # (config/wsgi.py freezes what is loaded at start-up).
    import config.wsgi  # noqa: F401

    client = Client(SERVER_NAME="localhost")
    articles = Article.objects.filter(status="published").count()
    top = (
        Organization.objects.filter(mentions__isnull=False)
        .values("id", "slug")
        .annotate(n=django.db.models.Count("mentions"))
        .order_by("-n")
        .first()
    )
    rare = (
        Organization.objects.filter(mentions__isnull=False)
        .values("id", "slug")
        .annotate(n=django.db.models.Count("mentions"))
        .order_by("n")
        .first()
    )
    article = Article.objects.filter(status="published").order_by("id").first()
    copy = Article.objects.filter(status="published", story__isnull=False).order_by("id").first()
    # Words of scale_db.py's vocabulary (seed 1): "sensors" is in every article, "difuweva" in
    # about 0.6% of them, and "open data" as a phrase in about 5%.
    common_word = "sensors"
    rare_word = "difuweva"
    # Found by following 199 `next` links: only when a row that needs it is run.
    api_rows = ("API list, page 200", "API list, back to page 199")
    wanted = any(arguments.only in name for name in api_rows)
    page_200 = api_page(client, "/api/v1/articles/", 200) if wanted else ""
    pages = {
        "home": "/",
        "article list": "/articles/",
        "list, one entity filter": f"/articles/?organization={top['slug']}",
        "list, two entity filters": (
            f"/articles/?organization={top['slug']}&organization={rare['slug']}"
        ),
        "list, year filter": f"/articles/?year={YEAR}",
        "list, page 200": "/articles/?page=200",
        "list, one row per story": "/articles/?collapse=stories",
        "search, common word": f"/articles/?q={common_word}",
        "search, rare word": f"/articles/?q={rare_word}",
        "search, phrase": f'/articles/?q="{PHRASE.replace(" ", "+")}"',
        # Past the newest matches a search reads once: counted further, read by offset.
        "search, common word, page 60": f"/articles/?q={common_word}&page=60",
        "article page": article.get_absolute_url(),
        "most-mentioned organization": f"/organizations/{top['slug']}/",
        "rare organization": f"/organizations/{rare['slug']}/",
        "organization list": "/organizations/",
        "organization list, by articles": "/organizations/?ordering=mentioned",
        "organizations, most mentions": "/organizations/?ordering=mentions",
        "people, most articles": "/people/?ordering=mentioned",
        # The JSON API (archive/api/): the same lists and records.
        "API article list": "/api/v1/articles/",
        "API list, one entity filter": f"/api/v1/articles/?organization={top['slug']}",
        "API list, page 200": page_200,
        "API list, back to page 199": api_previous(client, page_200) if wanted else "",
        "API list, one row per story": "/api/v1/articles/?collapse=stories",
        "API search, common word": f"/api/v1/articles/?q={common_word}",
        "API search, rare word": f"/api/v1/articles/?q={rare_word}",
        "API search, phrase": '/api/v1/articles/?q="open+data"',
        "API article": f"/api/v1/articles/{article.slug}/",
        "API article in a story": f"/api/v1/articles/{copy.slug}/" if copy else "",
        "API stories": "/api/v1/stories/",
        "API story": f"/api/v1/stories/{copy.story_id}/" if copy else "",
        "API organization list": "/api/v1/organizations/",
        "API organization list, by articles": "/api/v1/organizations/?ordering=mentioned",
        "API organization": f"/api/v1/organizations/{top['slug']}/",
        "API co-mentions": f"/api/v1/organizations/{top['slug']}/co-mentions/",
        "API mentions": "/api/v1/mentions/",
    }
    ids = {
        "top": top["id"],
        "rare": rare["id"],
        "article": article.pk,
        "year": YEAR,
        "common_word": common_word,
        "rare_word": rare_word,
        "phrase": PHRASE,
    }
    floors = floor_statements(connection.vendor, ids)
    datasette = None
    why_not = datasette_side.missing_reason(connection.vendor)
    if not why_not:
        datasette = datasette_side.DatasetteSide(
            str(connection.settings_dict["NAME"]), http=arguments.http
        )
        datasette_pages = datasette.pages(ids)
    server = DjangoServer() if arguments.http else None
    get = server.get if server else (lambda url: client.get(url).status_code)
    try:
        mode = "over HTTP (gunicorn; datasette serve)" if server else "in process"
        print(
            f"{connection.vendor}, {articles} published articles, {arguments.repeat} runs, {mode}"
        )
        if why_not:
            print(why_not)
        print(
            f"{'page':<36}{'first ms':>9}{'median ms':>10}{'p95 ms':>9}{'queries':>9}"
            f"{'Datasette':>10}{'floor ms':>10}  status"
        )
        for name, url in pages.items():
            if not url:
                continue  # an archive without stories
            if arguments.only not in name:
                continue
            median, p95, first = timed_with_first(lambda url=url: get(url), arguments.repeat)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
                query_count = len(connection.queries_log) - queries.initial_queries
            theirs = ""
            if datasette and name in datasette_pages:
                their_url = datasette_pages[name]
                their_status = datasette.get(their_url)
                theirs = (
                    f"{1000 * timed(lambda u=their_url: datasette.get(u), arguments.repeat)[0]:.1f}"
                )
                if their_status != 200:
                    theirs += f" ({their_status})"
            floor = ""
            if name in floors:

                def run_floor(statements: list[str] = floors[name]) -> None:
                    with connection.cursor() as cursor:
                        for sql in statements:
                            cursor.execute(sql)
                            cursor.fetchall()

                floor = f"{1000 * timed(run_floor, arguments.repeat)[0]:.1f}"
            print(
                f"{name:<36}{1000 * first:>9.0f}{1000 * median:>10.1f}{1000 * p95:>9.1f}"
                f"{query_count:>9}{theirs:>10}{floor:>10}  {status}"
            )
        if arguments.only and arguments.only not in "CSV export":
            return
        # The row: the first 10,000 rows of the list's CSV export, read as a client
        # reads a stream, then closed (whole exports are bench/export_bench.py's). Rows are
        # counted as lines: a cell holding a line break would count twice.
        wanted = 10_000
        started = time.perf_counter()
        response = client.get("/articles/?format=csv")
        rows = -1  # the header line
        for chunk in response.streaming_content:
            rows += chunk.count(b"\n")
            if rows >= wanted:
                break
        response.close()
        seconds = time.perf_counter() - started
        print(f"CSV export: {rows} rows in {seconds:.1f} s ({rows / seconds:.0f} rows/s)")
    finally:
        if datasette:
            datasette.close()
        if server:
            server.close()


#: The year-filter row's year and the phrase row's phrase (bench/scale_db.py's words).
YEAR = 2018
PHRASE = "open data"
#: The list's order, undated last, as the bare SQL writes it (both databases read it).
NEWEST_SQL = "ORDER BY published_on DESC NULLS LAST, id DESC"
LIST_COLUMNS = "SELECT id, title, slug, published_on FROM archive_article"
PAGE_SIZE = 20


def floor_statements(vendor: str, ids: dict) -> dict[str, list[str]]:
    """The bare SQL each row needs: the rows the page lists (and the record it shows); no
    facets, counts or names. The values are the benchmark's own, written into the SQL."""
    published = "status = 'published'"

    def mentioning(organization_id: int) -> str:
        return (
            f"id IN (SELECT article_id FROM archive_mention "
            f"WHERE organization_id = {organization_id})"
        )

    def newest(where: str, offset: int = 0) -> str:
        return f"{LIST_COLUMNS} WHERE {where} {NEWEST_SQL} LIMIT {PAGE_SIZE} OFFSET {offset}"

    def matching(words: str, phrase: bool = False) -> str:
        quoted = words.replace("'", "''")
        if vendor == "postgresql":
            parse = "phraseto_tsquery" if phrase else "plainto_tsquery"
            return f"search_vector @@ {parse}('english', '{quoted}')"
        match = f'"{quoted}"' if phrase else quoted
        fts = "archive_article_fts"
        return f"id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH '{match}')"

    organization = "SELECT * FROM archive_organization WHERE id = {}"
    year = ids["year"]
    return {
        "article list": [newest(published)],
        "list, one entity filter": [newest(f"{published} AND {mentioning(ids['top'])}")],
        "list, two entity filters": [
            newest(f"{published} AND {mentioning(ids['top'])} AND {mentioning(ids['rare'])}")
        ],
        "list, year filter": [
            newest(f"{published} AND published_on BETWEEN '{year}-01-01' AND '{year}-12-31'")
        ],
        "list, page 200": [newest(published, offset=199 * PAGE_SIZE)],
        "search, common word": [newest(f"{published} AND {matching(ids['common_word'])}")],
        "search, rare word": [newest(f"{published} AND {matching(ids['rare_word'])}")],
        "search, phrase": [newest(f"{published} AND {matching(ids['phrase'], phrase=True)}")],
        "article page": [
            f"SELECT * FROM archive_article WHERE id = {ids['article']}",
            f"SELECT * FROM archive_mention WHERE article_id = {ids['article']}",
        ],
        "most-mentioned organization": [
            organization.format(ids["top"]),
            newest(f"{published} AND {mentioning(ids['top'])}"),
        ],
        "rare organization": [
            organization.format(ids["rare"]),
            newest(f"{published} AND {mentioning(ids['rare'])}"),
        ],
        "organization list": [
            "SELECT id, name, slug FROM archive_organization WHERE merged_into_id IS NULL "
            "AND review_status <> 'rejected' ORDER BY lower(name), id LIMIT 50"
        ],
        "organization list, by articles": [
            "SELECT id, name, slug FROM archive_organization WHERE merged_into_id IS NULL "
            "AND review_status <> 'rejected' ORDER BY public_article_count DESC, id LIMIT 50"
        ],
    }


class DjangoServer:
    """The archive behind gunicorn (one sync worker, as `make run` serves it), on a free port,
    with this process's settings (the environment is passed on)."""

    def __init__(self) -> None:
        port = datasette_side.free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        self.process = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        datasette_side.wait_for(self.base + "/robots.txt")

    def get(self, url: str) -> int:
        try:
            with urllib.request.urlopen(self.base + url) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


def api_page(client, url: str, number: int) -> str:
    """The address of page `number` of an API list: its cursor is found by following `next`."""
    for _ in range(number - 1):
        following = client.get(url).json()["next"]
        if following is None:
            break
        url = following
    return url


def api_previous(client, url: str) -> str:
    """The address of the page before the API page at `url` (its `previous` link)."""
    return client.get(url).json()["previous"] or url


if __name__ == "__main__":
    main()
