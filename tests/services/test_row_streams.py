"""stream_rows: a query's rows as they come; on PostgreSQL read a few chunks ahead by a thread
(read_ahead, which works on either database and is tested on both)."""

import threading
import time

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from archive.models import Source
from archive.services.row_streams import read_ahead, stream_rows
from tests.factories import SourceFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backend process ids are PostgreSQL's"
)


def _sources(count: int) -> list[tuple[int, str]]:
    SourceFactory.create_batch(count)
    return list(Source.objects.order_by("id").values_list("id", "name"))


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "export-read-ahead"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("setting", "reader"), [(True, stream_rows), (False, stream_rows), (True, read_ahead)]
)
def test_every_row_comes_once_in_order_in_chunks_or_not(settings, setting, reader):
    settings.EXPORT_READ_AHEAD = setting
    expected = _sources(23)

    rows = reader(Source.objects.order_by("id").values_list("id", "name"), 5)

    assert list(rows) == expected
    assert _readers() == []


@pytest.mark.django_db(transaction=True)
def test_only_postgresql_reads_ahead(settings):
    # SQLite works in this process: a thread reading it ahead made exports slower.
    settings.EXPORT_READ_AHEAD = True
    expected = _sources(10)
    rows = stream_rows(Source.objects.order_by("id").values_list("id", "name"), 2)

    first = next(rows)
    reading_ahead = _readers() != []
    rest = list(rows)

    assert [first, *rest] == expected
    assert reading_ahead == (connection.vendor == "postgresql")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_rows_are_read_on_another_connection_outside_a_transaction(settings):
    settings.EXPORT_READ_AHEAD = True
    _sources(3)
    backend = RawSQL("pg_backend_pid()", [], output_field=IntegerField())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own,) = cursor.fetchone()

    pids = {pid for (pid,) in stream_rows(Source.objects.values_list(backend), 2)}

    assert len(pids) == 1
    assert own not in pids
    assert _readers() == []


@pytest.mark.django_db
def test_inside_a_transaction_the_rows_are_what_it_wrote(settings):
    # A test's transaction (or a caller's atomic block): another connection would not see
    # these rows, so they are read on the caller's own.
    settings.EXPORT_READ_AHEAD = True
    expected = _sources(4)

    with transaction.atomic():
        rows = list(stream_rows(Source.objects.order_by("id").values_list("id", "name"), 3))

    assert rows == expected
    assert _readers() == []


def _failing_on_the_fourth_row() -> RawSQL:
    """An expression whose value is 1, 2, 3 for the first rows by id, then an error."""
    if connection.vendor == "postgresql":
        return RawSQL(
            "row_number() OVER (ORDER BY id) "
            "/ (CASE WHEN row_number() OVER (ORDER BY id) < 4 THEN 1 ELSE 0 END)",
            [],
        )
    # SQLite raises "integer overflow" for the absolute value of the smallest integer.
    return RawSQL(
        "CASE WHEN row_number() OVER (ORDER BY id) < 4 THEN row_number() OVER (ORDER BY id) "
        "ELSE abs(-9223372036854775807 - 1) END",
        [],
    )


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_reading_thread_is_raised_to_the_reader(settings):
    settings.EXPORT_READ_AHEAD = True
    _sources(6)
    # Fails on the fourth row, after a first chunk was handed over.
    failing = _failing_on_the_fourth_row()
    rows = read_ahead(Source.objects.annotate(x=failing).order_by("id").values_list("id", "x"), 2)

    first = [next(rows), next(rows)]
    with pytest.raises(DatabaseError):
        list(rows)

    assert [value for _, value in first] == [1, 2]
    assert _readers() == []


@pytest.mark.django_db(transaction=True)
def test_a_reader_that_stops_early_ends_the_thread_and_its_connection(settings):
    settings.EXPORT_READ_AHEAD = True
    expected = _sources(40)
    rows = read_ahead(Source.objects.order_by("id").values_list("id", "name"), 2)

    taken = [next(rows) for _ in range(3)]
    assert _readers() != []  # reading ahead
    rows.close()  # what a client that goes away does to a streamed response

    assert taken == expected[:3]
    assert _readers() == []
    if connection.vendor == "postgresql":
        assert _other_backends_after_they_exit() == 0


def _other_backends_after_they_exit(wait: float = 5.0) -> int:
    """How many other client connections this test's database has, once those that were
    closed have gone: a server process exits a moment after its client closes the
    connection, so pg_stat_activity may still list it right after (seen once in CI)."""
    deadline = time.monotonic() + wait
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
            (count,) = cursor.fetchone()
        if count == 0 or time.monotonic() > deadline:
            return count
        time.sleep(0.05)
