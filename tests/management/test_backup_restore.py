"""The documented backup and restore path (README, "Backup and restore"): `dumpdata` to a
file, `loaddata` into an empty database, and the archive comes back identical by full export."""

import re

import pytest

from tests.management.test_import_crash import Database, export, run, write_corpus


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path)
    yield database
    database.drop()


BACKUP = (
    "dumpdata",
    "--natural-foreign",
    "--natural-primary",
    "--exclude",
    "contenttypes",
    "--exclude",
    "auth.permission",
    "--exclude",
    "sessions",
    "--exclude",
    "axes",
    "--indent",
    "0",
)


def at_dump_precision(dump: str) -> str:
    """Django's serializer writes times to the millisecond, so a time whose microseconds are
    under 1,000 is dumped as `.000Z` and, once loaded back, as `Z`: the same instant."""
    return re.sub(r"\.000(Z|[+-]\d\d:\d\d)\"", r'\1"', dump)


def test_restore_gives_back_an_identical_export(tmp_path, database):
    folder = tmp_path / "inbox"
    write_corpus(folder, 12)
    run(database, "migrate", "--no-input", "-v", "0")
    output = run(database, "import_articles", str(folder), "--workers", "1", "--status", "draft")
    # With the project's LOGGING: one structured line per file, not two.
    assert output.count('"event": "import_file"') == 12
    before = export(database)
    backup = tmp_path / "backup.json"
    run(database, *BACKUP, "--output", str(backup))

    run(database, "flush", "--no-input", "-v", "0")
    assert export(database) == []
    run(database, "loaddata", str(backup), "-v", "0")

    assert export(database) == before
    assert len(before) == 12
    restored = tmp_path / "restored.json"
    run(database, *BACKUP, "--output", str(restored))
    assert at_dump_precision(restored.read_text()) == at_dump_precision(backup.read_text())
    run(database, "dbcheck")  # the restored archive keeps every invariant
