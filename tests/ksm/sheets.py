"""Building and reading the spreadsheets that tests upload and download."""

import io

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
