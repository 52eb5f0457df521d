"""Reading spreadsheet files (XLSX and CSV) the way people in the program fill them in.

Spreadsheets here are typed by hand in Indonesian and in English, saved from Excel with ';' or
',' separators, with numbers as "12.500" or "Rp 12.500", dates as 31/12/2024 and yes/no as
"Ya"/"Tidak". This module turns such cells into Python values, or raises CellError with a
message for the person who typed them.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from kotaku.lib.numbers import NumberError, parse_number
from kotaku.lib.quote import shown

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 64  # the widest import has 14 columns; the Quick Status sheet 22
# A workbook is a zip archive: a few hundred kilobytes can expand to gigabytes of XML. A full
# 5 MB workbook of real data expands to about 40 MB; its sheets compress about 10 to 1, and a
# sheet of repeated rows up to about 50 to 1. Past these, the file is refused before parsing.
MAX_EXPANDED_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Entries below this size are not judged by their ratio: a small part cannot be a bomb.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""


class FileError(ValueError):
    """A file that cannot be read as a spreadsheet; the message is for the user."""


def normalise(text) -> str:
    """Header and choice text compared without case, accents or repeated spaces."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().casefold()


def in_both_languages(label) -> set[str]:
    """The normalised forms of a lazy label in Indonesian and in English."""
    forms = set()
    for language in ("id", "en"):
        with translation.override(language):
            forms.add(normalise(str(label)))
    return forms


@dataclass
class Table:
    """One sheet: its name, header cells and data rows (numbered as the user sees them)."""

    name: str
    header: list[str]
    rows: list[tuple[int, list]]


def read_tables(name: str, data: bytes) -> list[Table]:
    """All non-empty sheets of an uploaded XLSX or CSV file."""
    if len(data) > MAX_FILE_BYTES:
        raise FileError(_("The file is larger than 5 MB. Split it into smaller files."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if lower.endswith(".csv"):
        return [_read_csv(name, data)]
    raise FileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))


def check_archive(data: bytes) -> None:
    """Refuse a workbook whose archive would expand too far, reading only its directory.

    The sizes are those the archive declares; zipfile never inflates an entry past its declared
    size (it stops there and the CRC check fails), so they bound what parsing could read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise FileError(_("This file is not a readable Excel workbook.")) from error
    too_big = _(
        "The workbook expands to more than %(max)s MB when opened. "
        "Split it into smaller files or remove empty rows."
    )
    if sum(entry.file_size for entry in entries) > MAX_EXPANDED_BYTES:
        raise FileError(too_big % {"max": MAX_EXPANDED_BYTES // (1024 * 1024)})
    for entry in entries:
        if (
            entry.file_size >= RATIO_CHECKED_FROM_BYTES
            and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            raise FileError(
                _(
                    "The workbook is compressed suspiciously far (%(ratio)s to 1) and was not "
                    "opened. Save it again from Excel, without empty rows."
                )
                % {"ratio": entry.file_size // max(entry.compress_size, 1)}
            )


def _read_xlsx(data: bytes) -> list[Table]:
    check_archive(data)
    # openpyxl parses each sheet lazily, while its rows are read, and a damaged file can fail
    # there in many ways (bad XML, a number cell holding text, a missing part): whatever the
    # failure, the answer to the user is the same, so every error of the reading is caught.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            tables = []
            for sheet in workbook.worksheets:
                rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
                table = _table(sheet.title, rows)
                if table:
                    tables.append(table)
            return tables
        finally:
            workbook.close()
    except FileError:
        raise
    except Exception as error:
        raise FileError(_("This file is not a readable Excel workbook.")) from error


def _read_csv(name: str, data: bytes) -> Table:
    # UTF-8 (with or without Excel's BOM), else Windows' Western encoding; latin-1 decodes any
    # byte, so a file is never refused for its encoding alone.
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise FileError(_("This file is not a readable CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        # newline="" lets the csv module handle \r\n, \n and old Macs' \r alike.
        table = _table(name, csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise FileError(_("This file is not a readable CSV file.")) from error
    if table is None:
        raise FileError(_("The file has no rows."))
    return table


def _table(name: str, rows) -> Table | None:
    """The first non-empty row is the header; empty rows are skipped but keep their number.

    Empty rows count toward MAX_ROWS (with the header): a workbook can declare a million of
    them in a few kilobytes, and reading them is as slow as reading full ones.
    """
    header = None
    body = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise FileError(
                _("The sheet %(sheet)s has more than %(max)s rows. Split it into smaller files.")
                % {"sheet": name, "max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        # A stray value far to the right would otherwise pad every row to 16,384 cells.
        cells = [_clean(value) for value in row[:MAX_COLUMNS]]
        if not any(cell not in ("", None) for cell in cells):
            continue
        if header is None:
            header = [normalise(cell) for cell in cells]
            continue
        body.append((number, cells))
    if header is None:
        return None
    return Table(name=name, header=header, rows=body)


def _clean(value):
    if isinstance(value, str):
        return value.strip()
    return value


def rows_as_dicts(table: Table, columns: dict[str, set[str]]) -> Iterator[tuple[int, dict]]:
    """Each data row as {column key: cell}, for the columns whose header the sheet has.

    `columns` maps a key to the header texts it is known by (normalised).
    """
    positions = {}
    for key, names in columns.items():
        for index, header in enumerate(table.header):
            if header in names or header == key:
                positions[key] = index
                break
    for number, cells in table.rows:
        yield (
            number,
            {key: cells[index] if index < len(cells) else None for key, index in positions.items()},
        )


def present_columns(table: Table, columns: dict[str, set[str]]) -> set[str]:
    return {key for key, names in columns.items() if set(table.header) & (names | {key})}


# Cell readers -------------------------------------------------------------------------------


def text(value, *, max_length: int) -> str:
    """A text cell, trimmed. Inner spaces are kept as typed, so that a name matches itself on
    the next import; invisible control characters (which no spreadsheet can store) are
    dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number Excel turned into a number
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    result = _CONTROL.sub("", str(value)).strip()
    if len(result) > max_length:
        message = _("At most %(max)s characters (this has %(n)s).")
        raise CellError(message % {"max": max_length, "n": len(result)})
    return result


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def whole_number(value, largest: int = 10**18 - 1) -> int | None:
    """A whole number: 12500, "12500", "12.500" or "Rp 12.500", read by kotaku.lib.numbers as
    the forms read it; at most `largest` (by default what a bigint column holds)."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(_("Not a number: %(value)s.") % {"value": value})
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("A whole number is expected, not %(value)s.") % {"value": value})
        value = int(value)
    if isinstance(value, int):
        value = str(value)  # a number cell: checked against `largest` like typed text
    try:
        return int(parse_number(value, whole=True, largest=largest))
    except NumberError as error:
        raise CellError(str(error)) from None


_YES = {"ya", "y", "yes", "true", "1", "x", "benar", "aktif", "active"}
_NO = {"tidak", "t", "no", "n", "false", "0", "bukan", "tidak aktif", "inactive"}


def yes_no(value, *, default: bool) -> bool:
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = normalise(value)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(_("Write Ya or Tidak, not %(value)s.") % {"value": shown(value)})


def date(value) -> datetime.date | None:
    """A date cell, or text as 2024-12-31 or 31/12/2024 (day first, as written in Indonesia)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        # A date cell that lost its date format shows Excel's day number (45000 = 2023-03-15).
        return from_excel(value).date()
    raw = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("Not a date: %(value)s. Write it as 31/12/2024 or 2024-12-31.") % {"value": shown(raw)}
    )


def choice(value, choices, *, aliases: dict[str, str] | None = None) -> str | int | None:
    """The value of a Django choice, given its value or its label in either language."""
    if value in (None, ""):
        return None
    word = normalise(value)
    known = dict(aliases or {})
    for stored, label in choices:
        known[normalise(stored)] = stored
        for form in in_both_languages(label):
            known[form] = stored
            # "Tunas (budding)" is also known as "tunas".
            known.setdefault(form.split(" (")[0], stored)
    if word in known:
        return known[word]
    raise CellError(_("Unknown value: %(value)s.") % {"value": shown(value)})
