"""Spreadsheet files built to exhaust the server are refused at once, before parsing."""

from unittest import mock

import pytest
from django.utils import translation

from kotaku.lib import sheets
from kotaku.lib.importer import IGNORED_HEADER_LENGTH, IGNORED_HEADERS_SHOWN, shorten_headers
from kotaku.lib.sheets import FileError, read_tables
from tests.ksm.sheets import SHEET_HEAD, SHEET_TAIL, workbook_with_sheet, xlsx


def refusal(data: bytes) -> str:
    """The message read_tables refuses `data` with, asserting openpyxl never opened it."""
    with (
        translation.override("en"),
        mock.patch.object(sheets, "load_workbook", side_effect=AssertionError("parsed")),
        pytest.raises(FileError) as refused,
    ):
        read_tables("bom.xlsx", data)
    return str(refused.value)


def test_a_workbook_that_expands_past_the_limit_is_refused_before_parsing():
    # 128 KB of distinct-enough text per chunk keeps the ratio plausible; the total is too big.
    chunk = b"".join(b'<row r="2"><c r="A2" t="inlineStr"><is><t>%08d</t></is></c></row>' % n
                     for n in range(2000))  # fmt: skip
    chunks = sheets.MAX_EXPANDED_BYTES // len(chunk) + 1
    data = workbook_with_sheet((SHEET_HEAD, chunk, SHEET_TAIL), chunks=chunks)
    assert len(data) <= sheets.MAX_FILE_BYTES  # it passes the upload's own size limit
    assert refusal(data) == (
        "The workbook expands to more than 64 MB when opened. "
        "Split it into smaller files or remove empty rows."
    )


def test_a_256_kb_bomb_of_256_mb_is_refused_before_parsing():
    chunk = b"<row/>" * 1_000_000  # 6 MB that compress to a few kilobytes
    data = workbook_with_sheet((SHEET_HEAD, chunk, SHEET_TAIL), chunks=43)
    assert len(data) < 512 * 1024
    assert "expands to more than 64 MB" in refusal(data)


def test_an_entry_compressed_too_far_is_refused_before_parsing():
    chunk = b"<row/>" * 400_000  # 2.4 MB, far under the total limit, compressed ~1000 to 1
    data = workbook_with_sheet((SHEET_HEAD, chunk, SHEET_TAIL))
    message = refusal(data)
    assert message.startswith("The workbook is compressed suspiciously far (")
    assert message.endswith(
        "to 1) and was not opened. Save it again from Excel, without empty rows."
    )


def test_a_small_part_with_a_high_ratio_is_not_judged_by_it():
    # A few kilobytes of repeated rows compress far, but cannot hurt: the file is read.
    data = workbook_with_sheet((SHEET_HEAD, b"<row/>" * 1000, SHEET_TAIL))
    [table] = read_tables("ok.xlsx", data)
    assert table.header[0] == "nama ksm"


def test_an_archive_that_is_not_a_zip_is_refused_as_unreadable():
    with translation.override("en"), pytest.raises(FileError, match="not a readable Excel"):
        read_tables("x.xlsx", b"PK\x03\x04 but nothing else")


def test_empty_rows_count_toward_the_row_limit(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 100)
    # One row far down: openpyxl yields every empty row before it.
    far = b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row>'
    data = workbook_with_sheet((SHEET_HEAD, far, SHEET_TAIL))
    rows_read = []
    real_table = sheets._table

    def counting(name, rows):
        def counted():
            for row in rows:
                rows_read.append(1)
                yield row

        return real_table(name, counted())

    monkeypatch.setattr(sheets, "_table", counting)
    with translation.override("en"), pytest.raises(FileError) as refused:
        read_tables("empty.xlsx", data)
    assert str(refused.value) == (
        "The sheet KSM has more than 100 rows. Split it into smaller files."
    )
    assert len(rows_read) == 102  # stopped at the limit, not after 900,000 rows


def test_a_sheet_at_the_row_limit_is_read(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    rows = [["Nama KSM"], *[[f"KSM {n}"] for n in range(5)]]
    [table] = read_tables("ok.xlsx", xlsx({"KSM": rows}).read())
    assert len(table.rows) == 5
    rows.append(["KSM 6"])
    with pytest.raises(FileError):
        read_tables("ok.xlsx", xlsx({"KSM": rows}).read())


def test_unknown_headers_are_echoed_short_and_few():
    headers = [f"kolom {n} " + "x" * 30_000 for n in range(60)]
    with translation.override("en"):
        shown = shorten_headers(headers)
    assert len(shown) == IGNORED_HEADERS_SHOWN + 1
    assert all(len(h) <= IGNORED_HEADER_LENGTH for h in shown[:-1])
    assert shown[0].startswith("kolom 0 xxx") and shown[0].endswith("…")
    assert shown[-1] == "and 50 more columns"
    assert shorten_headers(["short", "also short"]) == ["short", "also short"]


@pytest.mark.parametrize(
    ("reader", "args"),
    [
        (sheets.choice, ([("a", "A")],)),
        (sheets.date, ()),
        (sheets.whole_number, ()),
        (lambda value: sheets.yes_no(value, default=False), ()),
    ],
    ids=["choice", "date", "number", "yes-no"],
)
def test_an_error_quotes_a_long_cell_cut_short(reader, args):
    # One shared string can fill every cell of a workbook: each error must not copy it whole.
    with translation.override("en"), pytest.raises(sheets.CellError) as refused:
        reader("y" * 32_767, *args)
    assert len(str(refused.value)) < 200
    assert "y" * 39 + "…" in str(refused.value)
