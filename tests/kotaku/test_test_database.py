"""The test database is one the live server cannot share across threads."""

from django.db import connections


def test_the_live_server_threads_get_connections_of_their_own(live_server):
    """pytest-django hands an in-memory SQLite connection to every live server thread, and two
    threads on one sqlite3 connection deadlock when one runs a Python SQL function (Django
    registers several) while the other reads rows: the browser tests then hang for good.
    tests/settings.py puts the SQLite test database in a file, so nothing is shared."""
    shared = [c.alias for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()]
    assert shared == []
    assert live_server.url.startswith("http://")
