"""Reading a whole query's rows as they come: what every streamed export reads.

`stream_rows` gives a queryset's rows without holding them all (on PostgreSQL through a
server-side cursor inside a transaction of its own). On PostgreSQL, when the caller is not
inside a transaction, they are read on a connection and thread of their own, a few chunks
ahead of the export: the database computes the next chunk (an export's query gathers every
article's mentions: about half of an export's processor time) while Python writes out the
last one, so an export takes about the longer of the two times instead of their sum.

Only on PostgreSQL, whose server works in a process of its own. SQLite works in this
process, and a thread reading it ahead made its exports slower, not faster: building its rows
needs Python's lock, which the export's own work holds (docs/benchmarks.md, 2026-12-05).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import QuerySet

#: Chunks the reading thread may hold ready beyond the one being written out.
READ_AHEAD_CHUNKS = 2
#: How long the reading thread waits, at most, for the export to take a chunk before it
#: checks whether the export was abandoned (a client gone).
_PUT_WAIT_SECONDS = 0.5


def stream_rows(rows: QuerySet, chunk_size: int) -> Iterator[Any]:
    """`rows.iterator(chunk_size)`, read as the database produces them.

    On PostgreSQL the iterator is a server-side cursor, and one opened outside a transaction
    is WITH HOLD: the database computes every row (with its subqueries) before the first one
    is read, and keeps them all. Inside a transaction it computes them chunk by chunk: the
    first rows go out at once and the database's memory stays flat too. (SQLite reads rows
    as they come either way, and a transaction there could hold writers back.)

    PostgreSQL's JIT compiler is turned off for that transaction: an export's query is priced
    above its threshold (a subquery per article), and compiling it took 0.3 s of the server's
    processor time per export at 100,000 articles (half of it for the first 10,000 rows),
    which the simple per-row expressions never earned back (docs/benchmarks.md, issue 11).

    On PostgreSQL outside a transaction (a request, a command) with EXPORT_READ_AHEAD set, the
    rows are read by `read_ahead`. Inside one (a test, a caller's atomic block) they are read on
    the caller's connection, which alone sees what that transaction wrote.
    """
    connection = connections[rows.db]
    if (
        connection.vendor == "postgresql"
        and settings.EXPORT_READ_AHEAD
        and not connection.in_atomic_block
    ):
        yield from read_ahead(rows, chunk_size)
    else:
        yield from _read(rows, chunk_size)


def _read(rows: QuerySet, chunk_size: int) -> Iterator[Any]:
    if connections[rows.db].vendor != "postgresql":
        yield from rows.iterator(chunk_size=chunk_size)
        return
    with transaction.atomic(using=rows.db):
        with connections[rows.db].cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield from rows.iterator(chunk_size=chunk_size)


class _Failed:
    """The reading thread's exception, handed to the export to raise."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


_DONE = object()


def read_ahead(rows: QuerySet, chunk_size: int) -> Iterator[Any]:
    """The rows of `rows`, read by a thread of their own on a connection of its own, up to
    READ_AHEAD_CHUNKS chunks ahead of the caller.

    The thread's connection sees what is committed, as the caller's would outside a
    transaction. Its errors are raised here, in the caller. When the caller stops early (a
    client that goes away closes the response's generator), the thread stops at its next
    chunk and closes its connection."""
    chunks: queue.Queue = queue.Queue(maxsize=READ_AHEAD_CHUNKS)
    abandoned = threading.Event()

    def hand_over(item: object) -> bool:
        while not abandoned.is_set():
            try:
                chunks.put(item, timeout=_PUT_WAIT_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        stream = _read(rows, chunk_size)
        try:
            chunk: list[Any] = []
            for row in stream:
                chunk.append(row)
                if len(chunk) == chunk_size:
                    if not hand_over(chunk):
                        return
                    chunk = []
            if chunk and not hand_over(chunk):
                return
            hand_over(_DONE)
        except BaseException as error:  # raised again in the caller's thread
            hand_over(_Failed(error))
        finally:
            stream.close()  # ends the transaction (rolled back when abandoned: it wrote nothing)
            connections[rows.db].close()  # this thread's own connection

    reader = threading.Thread(target=read, name="export-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield from item
    finally:
        abandoned.set()
        reader.join()
