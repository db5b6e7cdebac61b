"""Server time of the public pages on a large archive, beside the bare SQL each one needs.

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/scale_db.py --articles 20000
    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/web_bench.py [--repeat 15]

Each page is requested in process (Django's test client, DEBUG off, so no SQL log) once to warm
the caches, then --repeat times; the table shows the median and 95th percentile server time,
the number of queries, and for the list pages the floor: the one SQL statement that returns the
same rows, timed the same way. Works on SQLite and PostgreSQL alike (DATABASE_URL).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    call()  # warm
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--only", default="", help="Only the rows whose name contains this (e.g. 'search')."
    )
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_HTTPS", "0")  # in process: no redirect to https
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
    client = Client(SERVER_NAME="localhost")
    articles = Article.objects.filter(status="published").count()
    top = (
        Organization.objects.filter(mentions__isnull=False)
        .values("slug")
        .annotate(n=django.db.models.Count("mentions"))
        .order_by("-n")
        .first()
    )
    rare = (
        Organization.objects.filter(mentions__isnull=False)
        .values("slug")
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
    page_200 = api_page(client, "/api/v1/articles/", 200)
    pages = {
        "home": "/",
        "article list": "/articles/",
        "list, one entity filter": f"/articles/?organization={top['slug']}",
        "list, two entity filters": (
            f"/articles/?organization={top['slug']}&organization={rare['slug']}"
        ),
        "list, year filter": "/articles/?year=2018",
        "list, page 200": "/articles/?page=200",
        "list, one row per story": "/articles/?collapse=stories",
        "search, common word": f"/articles/?q={common_word}",
        "search, rare word": f"/articles/?q={rare_word}",
        "search, phrase": '/articles/?q="open+data"',
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
        "API list, back to page 199": api_previous(client, page_200),
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
    page_size = 20
    floors = {
        "article list": (
            "SELECT id, title, slug, published_on FROM archive_article WHERE status = 'published' "
            "ORDER BY published_on DESC, id DESC LIMIT 20"
        ),
        "list, page 200": (
            "SELECT id, title, slug, published_on FROM archive_article WHERE status = 'published' "
            f"ORDER BY published_on DESC, id DESC LIMIT 20 OFFSET {199 * page_size}"
        ),
    }
    print(f"{connection.vendor}, {articles} published articles, {args_repeat(arguments)} runs")
    print(f"{'page':<36}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'floor ms':>10}  status")
    for name, url in pages.items():
        if not url:
            continue  # an archive without stories
        if arguments.only not in name:
            continue
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
            query_count = len(connection.queries_log) - queries.initial_queries
        median, p95 = timed(lambda url=url: client.get(url), arguments.repeat)
        floor = ""
        if name in floors:
            sql = floors[name]

            def run_floor(sql: str = sql) -> None:
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                    cursor.fetchall()

            floor = f"{1000 * timed(run_floor, arguments.repeat)[0]:.1f}"
        print(
            f"{name:<36}{1000 * median:>10.1f}{1000 * p95:>9.1f}"
            f"{query_count:>9}{floor:>10}  {status}"
        )
    if arguments.only and arguments.only not in "CSV export":
        return
    started = time.perf_counter()
    response = client.get("/articles/?format=csv")
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
    seconds = time.perf_counter() - started
    print(f"CSV export: {rows} rows in {seconds:.1f} s ({rows / seconds:.0f} rows/s)")


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


def args_repeat(arguments: argparse.Namespace) -> int:
    return arguments.repeat


if __name__ == "__main__":
    main()
