"""Reads of the dashboards, lists and exports from a read replica, when one is configured.

With `DATABASE_REPLICA_URL` set, the settings add a "replica" database, and the code that only
reads in bulk (the dashboard, the lists, the exports) runs inside `replica_reads()`: there, the
router sends every read to the replica. Everything else, and every write anywhere, goes to the
primary ("default"). Without a replica, nothing changes.

Why not every read: a replica lags the primary by a moment, so a page right after a change (the
visit just saved, the form refused) must read the primary to show that change; the bulk pages
read many rows, are where a national roll-out adds load, and say how fresh they are.
"""

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

REPLICA = "replica"

_reading = contextvars.ContextVar("kotaku_replica_reads", default=False)


def replica_configured() -> bool:
    return settings.DATABASE_REPLICA_READS and REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the reads made inside this block to the replica (when one is configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable) -> Callable:
    """A view decorator: the view's reads go to the replica. A streamed response's rows are
    read after the view returns; such views wrap their row generator in `replica_reads()`."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads inside `replica_reads()` go to the replica, unless the primary is inside a
    transaction (a read there must see the transaction's own writes); all writes go to the
    primary. Relations between the two are allowed: they hold the same rows."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reading.get() and replica_configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True
