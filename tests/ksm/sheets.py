"""Building and reading the spreadsheets that tests upload and download."""

import csv
import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


def xlsx(sheets: dict[str, list[list]], name: str = "ksm.xlsx") -> SimpleUploadedFile:
    """An upload of a workbook with the given sheets (first row: the header)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows: list[list], name: str = "anggota.csv", delimiter: str = ";"):
    text = "\n".join(delimiter.join(str(c) for c in row) for row in rows)
    return SimpleUploadedFile(name, text.encode("utf-8-sig"))


def cells(content: bytes) -> dict[str, list[list]]:
    """Every sheet of a downloaded workbook as lists of cell values."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_cells(content: bytes) -> list[list[str]]:
    """A downloaded CSV file's rows; it must start with the byte order mark."""
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def as_csv_text(rows: list[list]) -> list[list[str]]:
    """A sheet's cell values as a CSV file writes them: dates in ISO 8601 (a workbook's date
    reads back as midnight of that day), nothing as an empty text, numbers as digits."""

    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            assert value.time() == datetime.time(0)
            return value.date().isoformat()
        return str(value)

    return [[text(value) for value in row] for row in rows]


# Workbooks built to exhaust a server: their first sheet's XML streamed in, never held whole.

HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nama KSM</t></is></c></row>'


def workbook_with_sheet(sheet_xml_chunks, *, chunks: int = 1) -> bytes:
    """A real workbook whose first sheet's XML is replaced by `sheet_xml_chunks`, streamed in
    `chunks` repetitions of its middle part (so a bomb is built without holding it whole)."""
    head, middle, tail = sheet_xml_chunks
    source = xlsx({"KSM": [["Nama KSM"], ["KSM X"]]}).read()
    target = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for item in original.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with archive.open(item.filename, "w", force_zip64=True) as entry:
                    entry.write(head)
                    for _ in range(chunks):
                        entry.write(middle)
                    entry.write(tail)
            else:
                archive.writestr(item, original.read(item))
    return target.getvalue()


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + HEADER_ROW
)
SHEET_TAIL = b"</sheetData></worksheet>"
