import datetime
import io
import random
from decimal import Decimal

from openpyxl import load_workbook

from kotaku.lib.xlsx_stream import stream_xlsx


def workbook(sheets):
    return load_workbook(io.BytesIO(b"".join(stream_xlsx(sheets))))


def test_it_writes_each_sheet_with_a_bold_header_and_typed_values():
    rows = [
        ["KSM Tenun", 12, Decimal("15000"), True, datetime.date(2026, 9, 30), None, "akhir"],
        ['=HYPERLINK("http://x","y")', 0.5, 0, False, None, "", "bell\x07"],
    ]
    book = workbook([("RKTL", ["Nama", "n", "Rp", "ok", "tenggat", "kosong", "teks"], rows),
                     ("Kedua: [x]", ["a"], [["b"]])])  # fmt: skip
    assert book.sheetnames == ["RKTL", "Kedua   x "]
    sheet = book["RKTL"]
    header = next(sheet.iter_rows(max_row=1))
    assert [c.value for c in header][:2] == ["Nama", "n"] and header[0].font.b
    first, second = sheet.iter_rows(min_row=2, values_only=True)
    assert first == ("KSM Tenun", 12, 15000, True, datetime.datetime(2026, 9, 30), None, "akhir")
    # Text that looks like a formula stays text; characters XML cannot hold are dropped.
    assert second[0].startswith("=HYPERLINK") and sheet["A3"].data_type == "s"
    assert second[6] == "bell"
    assert list(book["Kedua   x "].iter_rows(values_only=True)) == [("a",), ("b",)]


def test_it_hands_out_bytes_while_the_rows_are_still_being_read():
    read = []

    def rows():
        for i in range(30_000):
            read.append(i)
            yield [f"baris {i}", i, f"{random.Random(i).getrandbits(512):x}"]

    stream = stream_xlsx([("Besar", ["a", "b", "c"], rows())])
    next(stream)  # the package parts before the sheet
    next(stream)
    assert 0 < len(read) < 30_000
