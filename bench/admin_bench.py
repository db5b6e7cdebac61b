"""Time the curators' admin pages on a large archive, in process, as a superuser.

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/admin_bench.py --repeat 5

Each page is requested once to warm up, then `--repeat` times; the table shows the median and
the slowest server time (Django's test client, DJANGO_DEBUG=0) and the page's query count. The
superuser `bench-admin` is created in the database if it is missing. Run it on a copy made by
bench/scale_db.py: the words searched for are of its vocabulary.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

#: (row name, admin path): the review queue's tabs, a record list, the article list's search box.
PAGES = [
    ("review queue, records", "/admin/archive/mention/review/"),
    ("review queue, records, people", "/admin/archive/mention/review/?kind=person"),
    ("review queue, records, page 20", "/admin/archive/mention/review/?page=20"),
    ("organizations", "/admin/archive/organization/"),
    ("organizations, most mentioned first", "/admin/archive/organization/?o=-6"),
    ("review queue, mention groups", "/admin/archive/mention/review/?tab=mentions"),
    ("mention groups, page 50", "/admin/archive/mention/review/?tab=mentions&page=50"),
    ("mention groups, people", "/admin/archive/mention/review/?tab=mentions&kind=person"),
    ("mention groups, search", "/admin/archive/mention/review/?tab=mentions&q=data"),
    ("articles", "/admin/archive/article/"),
    ("articles, search a rare word", "/admin/archive/article/?q=difuweva"),
    ("articles, search a common word", "/admin/archive/article/?q=sensors"),
    ("articles, search a slug", "/admin/archive/article/?q={slug}"),
    ("articles, search an origin", "/admin/archive/article/?q=generated/0001234.txt"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="Only the rows whose name contains this.")
    arguments = parser.parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    from bench.production_env import use_production_settings

    use_production_settings()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("collectstatic", interactive=False, verbosity=0)  # production static files
    # Each request would empty the query log that counts its queries.
    request_started.disconnect(reset_queries)
    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "", "bench-admin-pw")
    client = Client(SERVER_NAME="localhost")
    from archive.models import Article

    slug = Article.objects.order_by("id").values_list("slug", flat=True)[500]
    client.force_login(user)
    print(f"load average {os.getloadavg()[0]:.1f}, {connection.vendor}")
    print("| page | median ms | max ms | queries |")
    print("|---|---:|---:|---:|")
    for name, path in PAGES:
        if arguments.only not in name:
            continue
        timings = []
        for attempt in range(arguments.repeat + 1):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path.format(slug=slug))
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, response.status_code)
            if attempt:
                timings.append(elapsed)
        median = statistics.median(timings)
        print(f"| {name} | {median:,.0f} | {max(timings):,.0f} | {len(queries)} |", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
