"""Reading every row of a large query (an export), planned for all of its rows.

`QuerySet.iterator()` reads through a server-side cursor on PostgreSQL, and PostgreSQL plans a
cursor's query for its first tenth of rows (`cursor_tuple_fraction`): index scans and nested
loops that start at once but read a national RKTL export's 490,000 rows about 30% slower than
the hash joins and one sort of a plan for them all (4.5 s against 3.5 s on the bench data).
An export reads every row, so it says so, for its own transaction only.

Outside a transaction Django declares such a cursor WITH HOLD, which PostgreSQL fills in full
when the statement's implicit transaction commits; inside one, rows are made as they are
fetched, in one snapshot either way.
"""

from collections.abc import Iterator

from django.db import connections, transaction
from django.db.models import QuerySet


def read_whole(queryset: QuerySet, chunk_size: int) -> Iterator:
    """The rows of `queryset` in chunks of `chunk_size`, never all in memory, planned to be
    read to the end. The transaction it opens ends when the rows do, or when the reader stops
    (a client that goes away closes the generator)."""
    alias = queryset.db
    if connections[alias].vendor != "postgresql":
        yield from queryset.iterator(chunk_size=chunk_size)
        return
    with transaction.atomic(using=alias):
        with connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        yield from queryset.iterator(chunk_size=chunk_size)
