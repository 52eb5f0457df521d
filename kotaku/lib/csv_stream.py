"""A CSV file written as it is sent: UTF-8 with a byte order mark, guarded against formulas.

`stream_csv(header, rows)` yields the text in pieces of about CSV_PIECE characters as the
rows are read (for a StreamingHttpResponse, which encodes it); `csv_bytes(...)` yields the
same as UTF-8 bytes (for a file a job stores). Memory stays flat however many rows.
"""

import csv
import datetime
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise

CONTENT_TYPE = "text/csv; charset=utf-8"
# Excel opening a CSV file reads it as UTF-8 (accented names and dashes intact) only when it
# starts with the byte order mark. Power BI reads it either way (Python: "utf-8-sig").
BOM = "\ufeff"
# CSV text is gathered into pieces of about this many characters before it is handed on.
CSV_PIECE = 64 * 1024
# A text cell starting with one of these would be run as a formula by Excel opening the CSV
# file itself (CSV injection); such a cell gets a leading apostrophe. Plain numbers such as
# phone numbers ("+62812...") run nothing and are left as they are. An XLSX file writes every
# text as text, never as a formula, and needs no such care.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# The types csv.writer writes as csv_value does (None empty, a date in ISO 8601, numbers as
# digits): a row of only these needs no conversion, unless a text in it could run.
PLAIN_TYPES = frozenset({str, int, float, Decimal, datetime.date, type(None)})
# A cell that starts (perhaps inside quotes) with a FORMULA_START character, first in a line
# or after a comma. A comma inside a quoted text may match too: that row is then merely
# written cell by cell. Two patterns, because one starting with `(?:^|,)` searched ten times
# slower than one starting with the comma.
RISKY_FIRST = re.compile('"?[=+@\t\r-]')
RISKY_LATER = re.compile(',"?[=+@\t\r-]')
# A cell with one of these is quoted by the writer; a row with none in any cell is its cells
# joined by commas. (Cells are first joined by SEPARATOR, which no text holds; a row where one
# does is left to the writer.)
QUOTED_IF = re.compile('[",\r\n]')
SEPARATOR = "\x1f"


def csv_value(value) -> str | int | float:
    """A value as a CSV cell: text guarded against formulas, dates in ISO 8601, booleans as
    true/false, None as empty."""
    if type(value) is str:  # the most common value: checked first, without isinstance
        if value.startswith(FORMULA_START) and not _is_number(value):
            return "'" + value
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str | Promise):  # a SafeString, a lazy translation: as plain text
        return csv_value(str.__str__(str(value)))
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def joined_line(row: list) -> str | None:
    """A row of plain values (PLAIN_TYPES) as csv.writer writes it, when no cell needs quotes;
    None when one may. The writer takes some 10 µs for a row of 17 cells, as it copies each
    character on its own; a join, a search and a replace take 2 to 3."""
    cells = [cell if type(cell) is str else "" if cell is None else str(cell) for cell in row]
    joined = SEPARATOR.join(cells)
    if len(cells) < 2 or QUOTED_IF.search(joined) or joined.count(SEPARATOR) != len(cells) - 1:
        return None  # (a lone cell: the writer quotes it when empty)
    return joined.replace(SEPARATOR, ",") + "\r\n"


class _Line:
    """A file-like object whose write() hands back what was written (for csv.writer)."""

    def write(self, text: str) -> str:
        return text


def stream_csv(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV file, UTF-8 with a byte order mark, comma-separated, CRLF line ends, in
    pieces of about CSV_PIECE characters as the rows are read."""
    writer = csv.writer(_Line())
    writerow, value = writer.writerow, csv_value
    plain, first, later = PLAIN_TYPES.issuperset, RISKY_FIRST.match, RISKY_LATER.search
    yield BOM + writerow([value(name) for name in header])
    piece: list[str] = []
    size = 0
    for row in rows:
        # Most rows hold only values the writer itself writes as csv_value would, and no
        # text that could run: written as they are, without a call per cell (a national
        # export has millions of cells). The others, cell by cell.
        if plain(map(type, row)):
            line = joined_line(row) or writerow(row)
            if first(line) or later(line):
                line = writerow([value(cell) for cell in row])
        else:
            line = writerow([value(cell) for cell in row])
        piece.append(line)
        size += len(line)
        if size >= CSV_PIECE:
            yield "".join(piece)
            piece, size = [], 0
    if piece:
        yield "".join(piece)


def csv_bytes(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """`stream_csv` encoded as UTF-8: what a download's job stores as it is."""
    for piece in stream_csv(header, rows):
        yield piece.encode()
