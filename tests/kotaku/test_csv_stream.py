import csv
import datetime
import io

import pytest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from kotaku.lib.csv_stream import (
    BOM,
    CSV_PIECE,
    FORMULA_START,
    csv_bytes,
    csv_value,
    joined_line,
    stream_csv,
)


def read(pieces) -> list[list[str]]:
    text = "".join(pieces)
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline="")))


def test_it_writes_a_header_and_rows_with_dates_in_iso_and_empty_nones():
    rows = [["KSM Tenun", 12, datetime.date(2026, 9, 30), None, True, 'kata "kutip", koma']]
    assert read(stream_csv(["Nama", "n", "tenggat", "kosong", "ok", "teks"], rows)) == [
        ["Nama", "n", "tenggat", "kosong", "ok", "teks"],
        ["KSM Tenun", "12", "2026-09-30", "", "true", 'kata "kutip", koma'],
    ]


def test_a_text_excel_would_run_as_a_formula_gets_an_apostrophe_but_numbers_do_not():
    rows = [['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd", "\tx", "+6281234", "-12.5"]]
    [_header, row] = read(stream_csv(list("abcdefg"), rows))
    assert row == [
        '\'=HYPERLINK("http://x")',
        "'+SUM(A1)",
        "'-2+3",
        "'@cmd",
        "'\tx",
        "+6281234",
        "-12.5",
    ]


def test_a_lazy_translation_is_written_as_its_text_and_guarded_too():
    [_header, row] = read(stream_csv(["a"], [[gettext_lazy("=Yes")]]))
    assert row == ["'=Yes"]


def test_csv_bytes_is_the_same_text_in_utf8_handed_out_in_pieces():
    rows = ([f"baris {i} \u2013 ä", i] for i in range(20_000))
    pieces = list(csv_bytes(["teks", "n"], rows))
    assert len(pieces) > 3 and all(isinstance(p, bytes) for p in pieces)
    assert max(len(p) for p in pieces) < CSV_PIECE * 4
    text = b"".join(pieces).decode("utf-8")
    assert read([text])[-1] == ["baris 19999 \u2013 ä", "19999"]


def test_a_safe_string_is_guarded_as_plain_text():
    [_header, row] = read(stream_csv(["a"], [[mark_safe("=1+1")]]))
    assert row == ["'=1+1"]


CELLS = st.one_of(
    st.text(alphabet='=+-@\t\r\n,"; a1.\x1f', max_size=6),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.dates(),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
)


@pytest.mark.parametrize("start", FORMULA_START)
@pytest.mark.parametrize("quoted", ["", ",", '"'])
def test_a_risky_text_is_guarded_first_or_later_in_a_row_of_plain_values(start, quoted):
    risky = f"{start}cmd{quoted}"
    for row in ([risky, 1, None], [datetime.date(2026, 1, 2), "a", risky]):
        [_header, written] = read(stream_csv(["a", "b", "c"], [row]))
        assert f"'{risky}" in written


@settings(max_examples=1000)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=5), max_size=5))
def test_rows_written_whole_read_the_same_as_rows_written_cell_by_cell(rows):
    """The writer skips the call per cell when a row can need none, and joins a row whose
    cells need no quotes itself: never with a different result."""
    expected = []
    for row in rows:
        out = io.StringIO()
        csv.writer(out).writerow([csv_value(cell) for cell in row])
        expected.append(out.getvalue())
    assert "".join(stream_csv(["h"], rows)) == BOM + "h\r\n" + "".join(expected)


def test_a_row_whose_cells_need_no_quotes_is_joined_without_the_writer():
    day = datetime.date(2026, 1, 2)
    assert (
        joined_line(["Kota Metro", 12, None, day, 2.5, ""]) == "Kota Metro,12,,2026-01-02,2.5,\r\n"
    )
    # A comma, a quote or a line break in a cell, or the separator itself: left to the writer.
    for cell in ("a, b", 'say "ya"', "two\nlines", "x\x1fy"):
        assert joined_line(["a", cell, 1]) is None
    assert joined_line([""]) is None  # the writer quotes a lone empty cell
