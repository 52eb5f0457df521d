"""Every row of a large query read in chunks, planned for all of them (kotaku.lib.whole_reads)."""

import pytest
from django.db import connection

from kotaku.lib.whole_reads import read_whole
from kotaku.models import Province


def fraction() -> str:
    # Straight through the driver: not seen by execute wrappers, and not a Django query.
    return connection.connection.execute("SHOW cursor_tuple_fraction").fetchone()[0]


@pytest.fixture
def provinces(transactional_db):
    """A query of some rows, in autocommit as a streamed export reads it (no test
    transaction around it)."""
    Province.objects.bulk_create(
        Province(code=f"X{i}", name=f"Provinsi uji {i}") for i in range(10)
    )
    return Province.objects.order_by("-code").values_list("code", flat=True)


def test_every_row_is_read_in_order_and_no_transaction_is_held_meanwhile(provinces):
    expected = list(provinces)
    rows = read_whole(provinces, chunk_size=3)
    first = next(rows)
    # A download may be written for minutes: no snapshot is held while it is.
    assert not connection.in_atomic_block
    assert [first, *rows] == expected
    assert len(expected) >= 10

    stopped = read_whole(provinces, chunk_size=3)
    next(stopped)
    stopped.close()  # a client that goes away
    assert not connection.in_atomic_block
    assert list(read_whole(provinces.none(), chunk_size=3)) == []


def test_the_query_is_planned_for_all_its_rows_and_the_setting_put_back(provinces):
    planned_with = []

    def note_setting(execute, sql, params, many, context):
        if connection.vendor == "postgresql" and sql.lstrip().upper().startswith("SELECT"):
            planned_with.append(fraction())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_setting):
        rows = list(read_whole(provinces, chunk_size=3))

    assert len(rows) >= 10
    if connection.vendor == "postgresql":
        # The query's own statement ran with it; the connection's later queries do not.
        assert planned_with == ["1"]
        assert fraction() == "0.1"
