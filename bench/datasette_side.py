"""Datasette serving the same SQLite file, for web_bench.py's comparison column.

Datasette (the `bench` extra: `pip install -e '.[dev,bench]'`) is run in process through its
own ASGI client (`Datasette(...).client`), the way web_bench.py runs the archive through
Django's test client: both timings are server time without a network or a server process in
between, so a row compares the two applications, not two HTTP stacks. With `--http`,
web_bench.py serves both over HTTP instead (gunicorn for the archive, `datasette serve` for
Datasette) and times each request from a client.

The file is opened read-only and not changed: the full-text index is the archive's own FTS5
table, named in Datasette's metadata (`fts_table`, `fts_pk`), so `_search` matches the same
index our search reads. Datasette's time limits are lifted (by default it gives up on a query
after 1 s and on a facet after 200 ms, and shows the page without it): here it has to do the
work, as the archive does.

Datasette facets the columns of the table it lists. The article list's facets here are its
source and its date (`_facet=source_id`, `_facet_date=published_on`), the two of our six
facets that are columns; the four by mentioned entity go through the mention table, which a
table page cannot facet by. The Datasette column of a list row is therefore a lower bound on
what the same six facets would cost it.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

#: No time limit in practice: Datasette must run every query and facet, as the archive does.
SETTINGS = {
    "sql_time_limit_ms": 600_000,
    "facet_time_limit_ms": 600_000,
    # Suggesting facets runs a trial facet on every column: the archive suggests none.
    "suggest_facets": False,
}
FACETS = "_facet=source_id&_facet_date=published_on"
NEWEST = "status=published&_sort_desc=published_on&_size=20"


def missing_reason(vendor: str) -> str:
    """Why there is no Datasette column, or "" when there is one."""
    if vendor != "sqlite":
        return "Datasette serves SQLite files only: no Datasette column on " + vendor
    try:
        import datasette  # noqa: F401
    except ImportError:
        return (
            "Datasette is not installed (the `bench` extra, which `make bench` installs): "
            "no Datasette column"
        )
    return ""


def metadata(database: str) -> dict[str, Any]:
    from archive.search_backends.sqlite import FTS_TABLE

    return {
        "databases": {
            database: {"tables": {"archive_article": {"fts_table": FTS_TABLE, "fts_pk": "id"}}}
        }
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url) as response:
                response.read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class DatasetteSide:
    """Datasette on `path`: `get(url)` returns the status of its page at `url`."""

    def __init__(self, path: str, *, http: bool = False) -> None:
        self.database = Path(path).stem
        self.http = http
        self.process: subprocess.Popen | None = None
        if http:
            port = free_port()
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
                json.dump(metadata(self.database), file)
            self.metadata_path = Path(file.name)
            command = [sys.executable, "-m", "datasette", "serve", path, "--port", str(port)]
            command += ["--metadata", str(self.metadata_path)]
            for name, value in SETTINGS.items():
                command += ["--setting", name, str(value)]
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            self.base = f"http://127.0.0.1:{port}"
            wait_for(self.base + "/-/versions.json")
        else:
            from datasette.app import Datasette

            self.app = Datasette([path], metadata=metadata(self.database), settings=SETTINGS)
            self.loop = asyncio.new_event_loop()
            self.loop.run_until_complete(self.app.invoke_startup())

    def get(self, url: str) -> int:
        if self.http:
            try:
                with urllib.request.urlopen(self.base + url) as response:
                    response.read()
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code
        response = self.loop.run_until_complete(self.app.client.get(url))
        return response.status_code

    def get_json(self, url: str) -> dict[str, Any]:
        if self.http:
            with urllib.request.urlopen(self.base + url) as response:
                return json.loads(response.read())
        return self.loop.run_until_complete(self.app.client.get(url)).json()

    def close(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()
            self.metadata_path.unlink()

    def table(self, name: str, query: str) -> str:
        return f"/{self.database}/{name}?{query}"

    def page_after(self, query: str, pages: int) -> str:
        """The address of page `pages + 1` of a table page, by following its `next` token
        (Datasette pages by keyset, as our API does)."""
        url = self.table("archive_article.json", f"{query}&_nofacet=1&_nocount=1")
        token = ""
        for _ in range(pages):
            following = f"&_next={urllib.parse.quote(token)}" if token else ""
            token = self.get_json(url + following)["next"]
            if token is None:
                break
        return self.table("archive_article", f"{query}&{FACETS}&_next={urllib.parse.quote(token)}")

    def pages(self, ids: dict[str, Any]) -> dict[str, str]:
        """Datasette's nearest page for each row of web_bench.py's table (by row name).

        `ids` holds what the rows are about: top and rare organization ids, an article id,
        a year, the search words and a person table's name."""

        def mentioning(organization_id: int) -> str:
            where = (
                "id in (select article_id from archive_mention "
                f"where organization_id = {organization_id})"
            )
            return urllib.parse.urlencode({"_where": where})

        def search(words: str) -> str:
            return urllib.parse.urlencode({"_search": words})

        phrase = search(f'"{ids["phrase"]}"')  # quoted: FTS5's phrase, in raw mode
        articles = f"{NEWEST}&{FACETS}"
        year = ids["year"]
        by_year = f"published_on__gte={year}-01-01&published_on__lte={year}-12-31"
        return {
            "home": f"/{self.database}",
            "article list": self.table("archive_article", articles),
            "list, one entity filter": self.table(
                "archive_article", f"{articles}&{mentioning(ids['top'])}"
            ),
            "list, two entity filters": self.table(
                "archive_article",
                f"{articles}&{mentioning(ids['top'])}&{mentioning(ids['rare'])}",
            ),
            "list, year filter": self.table("archive_article", f"{articles}&{by_year}"),
            "list, page 200": self.page_after(NEWEST, 199),
            "search, common word": self.table(
                "archive_article", f"{FACETS}&status=published&{search(ids['common_word'])}"
            ),
            "search, rare word": self.table(
                "archive_article", f"{FACETS}&status=published&{search(ids['rare_word'])}"
            ),
            "search, phrase": self.table(
                "archive_article",
                f"{FACETS}&status=published&_searchmode=raw&{phrase}",
            ),
            "article page": f"/{self.database}/archive_article/{ids['article']}",
            "most-mentioned organization": f"/{self.database}/archive_organization/{ids['top']}",
            "rare organization": f"/{self.database}/archive_organization/{ids['rare']}",
            "organization list": self.table("archive_organization", "_sort=name&_size=50"),
            "organization list, by articles": self.table(
                "archive_organization", "_sort_desc=public_article_count&_size=50"
            ),
            "organizations, most mentions": self.table(
                "archive_organization", "_sort_desc=public_mention_count&_size=50"
            ),
            "people, most articles": self.table(
                "archive_person", "_sort_desc=public_article_count&_size=50"
            ),
            "API article list": self.table("archive_article.json", NEWEST),
            "API list, one entity filter": self.table(
                "archive_article.json", f"{NEWEST}&{mentioning(ids['top'])}"
            ),
            "API search, common word": self.table(
                "archive_article.json", f"status=published&{search(ids['common_word'])}"
            ),
            "API search, rare word": self.table(
                "archive_article.json", f"status=published&{search(ids['rare_word'])}"
            ),
            "API article": f"/{self.database}/archive_article/{ids['article']}.json",
            "API organization list": self.table("archive_organization.json", "_sort=name"),
            "API organization list, by articles": self.table(
                "archive_organization.json", "_sort_desc=public_article_count"
            ),
            "API organization": f"/{self.database}/archive_organization/{ids['top']}.json",
            "API mentions": self.table("archive_mention.json", "_size=100"),
        }
