"""Every row of a large query read in chunks, planned for all of them (kotaku.lib.whole_reads)."""

from django.db import connection

from kotaku.lib.whole_reads import read_whole
from kotaku.models import Province


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_every_row_is_read_in_order_in_chunks_planned_for_all_of_them(db):
    Province.objects.bulk_create(
        Province(code=f"X{i}", name=f"Provinsi uji {i}") for i in range(10)
    )
    queryset = Province.objects.order_by("-code").values_list("code", flat=True)
    expected = list(queryset)
    before = connection.in_atomic_block
    rows = read_whole(queryset, chunk_size=7)

    first = next(rows)
    if connection.vendor == "postgresql":
        # Planned for every row, not for the first tenth as a cursor's query is.
        assert setting("cursor_tuple_fraction") == "1"
    else:
        assert connection.in_atomic_block == before
    assert [first, *rows] == expected
    assert len(expected) >= 10
    assert connection.in_atomic_block == before
