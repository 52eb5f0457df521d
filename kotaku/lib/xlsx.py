"""Writing workbooks row by row, so that memory stays flat however many rows."""

import tempfile
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font


def safe_cell(sheet, value):
    """Text that starts like a formula stays text: people type '=' into free-text fields, and
    a spreadsheet must never run what a user typed (formula injection). Control characters,
    which a workbook cannot hold, are dropped rather than failing the whole file."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    # openpyxl stores any other string as text already; only a leading "=" becomes a formula.
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_workbook(sheets: Iterable[tuple[str, list[str], Iterable]]):
    """A write-only workbook of (title, header, rows) sheets in a temporary file, rewound.

    Each sheet's rows are consumed one at a time; openpyxl's write-only mode keeps them on
    disk, not in memory. Returned open: the FileResponse streaming it closes it.
    """
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        header = []
        for name in columns:
            cell = WriteOnlyCell(sheet, value=str(name))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([safe_cell(sheet, value) for value in row])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(out)
    out.seek(0)
    return out
