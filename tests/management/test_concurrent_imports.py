"""Two `import_articles` processes importing the same folder at once, on a real database file
(SQLite) or a database of its own on the same PostgreSQL server: one article per file."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

CITIES = ["Lisbon", "Helsinki", "Nairobi", "Seoul", "Bogota", "Oslo", "Accra", "Lima"]


def article_text(number: int, city: str) -> str:
    return (
        f"{city} joins the Open Cities Network in week {number}\n"
        f"The city of {city} joined the Open Cities Network on Monday, said Maria Santos, "
        "director of the Open Cities Network. The World Bank will fund the first projects.\n"
        f'"{city} brings real experience with open data," Maria Santos said in Geneva.\n'
    )


class Database:
    """A throwaway database of the kind the tests run on, reachable from other processes."""

    def __init__(self, tmp_path: Path) -> None:
        self.default = settings.DATABASES["default"]
        self.is_postgres = "postgresql" in self.default["ENGINE"]
        if self.is_postgres:
            self.name = f"h3_concurrency_{os.getpid()}"
            user = self.default.get("USER") or "postgres"
            password = self.default.get("PASSWORD") or ""
            host = self.default.get("HOST") or "127.0.0.1"
            port = self.default.get("PORT") or 5432
            credentials = f"{user}:{password}@" if password else f"{user}@"
            self.url = f"postgres://{credentials}{host}:{port}/{self.name}"
            self._admin("DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {self.name}")
        else:
            self.path = tmp_path / "concurrent.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, *statements: str) -> None:
        import psycopg

        connection = psycopg.connect(
            dbname="postgres",
            user=self.default.get("USER") or "postgres",
            password=self.default.get("PASSWORD") or None,
            host=self.default.get("HOST") or "127.0.0.1",
            port=self.default.get("PORT") or 5432,
            autocommit=True,
        )
        with connection:
            for statement in statements:
                connection.execute(statement.format(name=self.name))

    def query(self, sql: str) -> list[tuple]:
        if self.is_postgres:
            import psycopg

            with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as connection:
                return connection.execute(sql).fetchall()
        with sqlite3.connect(self.path) as connection:
            return connection.execute(sql).fetchall()

    def drop(self) -> None:
        if self.is_postgres:
            self._admin("DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path)
    yield database
    database.drop()


def manage(database: Database, *args: str) -> subprocess.Popen:
    # Unbuffered, so a test reading its output line by line sees each file as it is done.
    environment = {**os.environ, "DATABASE_URL": database.url, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_imports_of_one_folder_at_once_make_one_article_per_file(tmp_path, database):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number, city in enumerate(CITIES):
        (folder / f"{number}-{city.lower()}.txt").write_text(article_text(number, city))
    migrate = manage(database, "migrate", "--no-input", "-v", "0")
    assert migrate.wait(timeout=120) == 0, migrate.stdout.read()

    importers = [manage(database, "import_articles", str(folder), "--workers", "1") for _ in "ab"]
    outputs = [importer.communicate(timeout=240)[0] for importer in importers]

    assert [importer.returncode for importer in importers] == [0, 0], outputs
    origins = database.query("SELECT origin FROM archive_article ORDER BY origin")
    assert len(origins) == len(CITIES)
    assert len({origin for (origin,) in origins}) == len(CITIES)
    created, unchanged = database.query(
        "SELECT SUM(created_count), SUM(unchanged_count) FROM archive_importrun"
    )[0]
    assert (created, unchanged) == (len(CITIES), len(CITIES))
    # Entities named in every file were created once, whichever process got there first.
    for table in ("organization", "person", "event", "place"):
        twins = database.query(
            f"SELECT LOWER(name) FROM archive_{table} GROUP BY LOWER(name) HAVING COUNT(*) > 1"
        )
        assert (table, twins) == (table, [])


@pytest.mark.parametrize("importers", [2, 4])
def test_concurrent_imports_of_overlapping_folders_duplicate_nothing(tmp_path, database, importers):
    # Folder n holds articles n..n+5 of a shared pool: every pair of folders overlaps.
    pool = {number: article_text(number, CITIES[number % len(CITIES)]) for number in range(12)}
    folders = []
    for folder_number in range(importers):
        folder = tmp_path / f"inbox-{folder_number}"
        folder.mkdir()
        for number in range(folder_number * 2, folder_number * 2 + 6):
            # The same article under the same name in each folder that holds it.
            (folder / f"{number:02d}.txt").write_text(pool[number])
        folders.append(folder)
    migrate = manage(database, "migrate", "--no-input", "-v", "0")
    assert migrate.wait(timeout=120) == 0, migrate.stdout.read()

    processes = [
        manage(database, "import_articles", str(folder), "--workers", "1") for folder in folders
    ]
    outputs = [process.communicate(timeout=300)[0] for process in processes]

    assert [process.returncode for process in processes] == [0] * importers, outputs
    assert [o for o in outputs if "locked" in o or "Error" in o] == []
    hashes = database.query("SELECT content_hash FROM archive_article")
    assert len(hashes) == len({h for (h,) in hashes}) == min(12, importers * 2 + 4)
    for table in ("organization", "person", "event", "place"):
        rows = database.query(
            f"SELECT id, name, aliases FROM archive_{table} "
            "WHERE merged_into_id IS NULL AND review_status <> 'rejected'"
        )
        owners: dict[str, set[int]] = {}
        for pk, name, aliases in rows:
            names = [name, *(json.loads(aliases) if isinstance(aliases, str) else aliases)]
            for each in names:
                owners.setdefault(each.casefold(), set()).add(pk)
        shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
        assert (table, shared) == (table, {})
