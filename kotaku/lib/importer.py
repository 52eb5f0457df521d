"""The machinery every spreadsheet import shares: a dry run that reports each row, then an
all-or-nothing write.

An import is a list of sheet kinds (SheetKind), each with a function that applies one row and
says what it did. The dry run and the real run are the same code: both apply every row inside
one transaction, and the dry run rolls it back at the end. So the dry run's report is exactly
what confirming will do, including rows that depend on earlier rows of the same file (members
of a KSM the file also creates), and a real run with any rejected row writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotaku.lib import sheets
from kotaku.lib.choices import Gender
from kotaku.lib.quote import shown
from kotaku.lib.sheets import CellError, Table, normalise


@dataclass
class Column:
    key: str
    label: str  # lazy; the header as exported, and recognised in either language
    required: bool = False

    def names(self) -> set[str]:
        return sheets.in_both_languages(self.label)


@dataclass
class RowResult:
    CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"

    number: int
    label: str = ""
    action: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.errors.append(message)
        self.action = self.ERROR


@dataclass
class SheetReport:
    title: str
    source: str
    rows: list[RowResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        actions = (RowResult.CREATE, RowResult.UPDATE, RowResult.UNCHANGED, RowResult.ERROR)
        return {action: self.count(action) for action in actions}

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(row.action == RowResult.ERROR for row in self.rows)


@dataclass
class ImportReport:
    sheets: list[SheetReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(sheet.has_errors for sheet in self.sheets)

    @property
    def changes(self) -> int:
        return sum(s.count(RowResult.CREATE) + s.count(RowResult.UPDATE) for s in self.sheets)


@dataclass
class SheetKind:
    """One kind of sheet an import reads, e.g. the KSM sheet or the members sheet."""

    key: str
    title: str  # lazy; also a sheet name the kind is recognised by
    columns: list[Column]
    # apply(row number, {column key: cell}) -> RowResult
    apply: Callable[[int, dict], RowResult]
    # Other sheet names it goes by, and a column only this kind has (to recognise CSV files).
    aliases: tuple[str, ...] = ()
    marker: str = ""

    def column_names(self) -> dict[str, set[str]]:
        return {column.key: column.names() for column in self.columns}

    def recognises(self, table: Table) -> bool:
        names = sheets.in_both_languages(self.title) | {normalise(a) for a in self.aliases}
        if normalise(table.name) in names:
            return True
        return bool(self.marker) and self.marker in sheets.present_columns(
            table, self.column_names()
        )


def run_import(tables: list[Table], kinds: list[SheetKind], *, commit: bool) -> "ImportReport":
    """Apply every row of every recognised table; write only when `commit` and all rows pass."""
    report = ImportReport()
    matched = {id(t) for t in tables if any(k.recognises(t) for k in kinds)}
    for table in tables:
        if id(table) not in matched and normalise(table.name) not in IGNORED_SHEETS:
            report.errors.append(
                _("The sheet %(sheet)s was not read: its name and columns match no import.")
                % {"sheet": table.name}
            )
    with transaction.atomic():
        for kind in kinds:  # in order: rows may refer to records of an earlier kind
            for table in tables:
                if kind.recognises(table):
                    report.sheets.append(_apply_table(kind, table))
        if not report.sheets and not report.errors:
            report.errors.append(_("The file holds no sheet this import can read."))
        if not commit or report.has_errors:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report


# The information sheet that exports add; an import passes over it.
IGNORED_SHEETS = {"info", "informasi", "petunjuk", "instructions"}


def _apply_table(kind: SheetKind, table: Table) -> SheetReport:
    sheet = SheetReport(title=str(kind.title), source=table.name)
    names = kind.column_names()
    present = sheets.present_columns(table, names)
    known = set().union(*names.values()) | set(names)
    sheet.ignored_columns = shorten_headers([h for h in table.header if h and h not in known])
    missing = [str(c.label) for c in kind.columns if c.required and c.key not in present]
    if missing:
        sheet.errors.append(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
        return sheet
    for number, cells in sheets.rows_as_dicts(table, names):
        sheet.rows.append(kind.apply(number, cells))
    return sheet


# What the dry-run page echoes of columns it does not read: a header cell can hold 32,767
# characters and a sheet 64 of them (one such file made a page of 268 MB).
IGNORED_HEADERS_SHOWN = 10
IGNORED_HEADER_LENGTH = 40


def shorten_headers(headers: list[str]) -> list[str]:
    """The first few headers, each cut to a readable length, and how many more there are."""
    shown = [
        h if len(h) <= IGNORED_HEADER_LENGTH else h[: IGNORED_HEADER_LENGTH - 1] + "…"
        for h in headers[:IGNORED_HEADERS_SHOWN]
    ]
    if len(headers) > IGNORED_HEADERS_SHOWN:
        more = len(headers) - IGNORED_HEADERS_SHOWN
        shown.append(
            ngettext("and %(n)s more column", "and %(n)s more columns", more) % {"n": more}
        )
    return shown


class Cells:
    """Reads the cells of one row into values, collecting each problem on the row's result."""

    def __init__(self, cells: dict, result: RowResult, columns: list[Column]):
        self.cells = cells
        self.result = result
        self.labels = {c.key: str(c.label) for c in columns}

    def has(self, key: str) -> bool:
        return key in self.cells

    def raw(self, key: str):
        return self.cells.get(key)

    def read(self, key: str, reader, *args, **kwargs):
        try:
            return reader(self.cells.get(key), *args, **kwargs)
        except CellError as error:
            self.result.fail(f"{self.labels[key]}: {error}")
            return None

    def required_text(self, key: str, *, max_length: int, message: str) -> str:
        value = self.read(key, sheets.text, max_length=max_length)
        if value == "":
            self.result.fail(message)
        return value or ""


def save_row(instance, result: RowResult, labels: dict[str, str], *, before: dict | None):
    """Validate and save one record, noting what changed; a rejected record is not saved.

    `before` holds the field values of an existing record (None for a new one); `labels` the
    field names as the user knows them (the column headers).
    """
    try:
        instance.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            prefix = "" if name == NON_FIELD_ERRORS else f"{labels.get(name, name)}: "
            for message in messages:
                result.fail(f"{prefix}{message}")
        return False
    if before is not None:
        changed = {name: old for name, old in before.items() if getattr(instance, name) != old}
        if not changed:
            result.action = RowResult.UNCHANGED
            return True
        result.changes += [
            f"{labels.get(name, name)}: {_show(old)} → {_show(getattr(instance, name))}"
            for name, old in changed.items()
        ]
    try:
        with transaction.atomic():  # a savepoint: a refused row leaves no trace
            instance.save()
    except IntegrityError:
        result.fail(_("This row conflicts with a record that already exists."))
        return False
    result.action = RowResult.UPDATE if before is not None else RowResult.CREATE
    return True


def _show(value) -> str:
    if value in (None, ""):
        return "-"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return str(value)


def snapshot(instance, fields: list[str]) -> dict:
    return {name: getattr(instance, name) for name in fields}


GENDER_ALIASES = {
    "l": "L", "lk": "L", "laki": "L", "pria": "L", "m": "L",
    "p": "P", "pr": "P", "wanita": "P", "f": "P",
}  # fmt: skip


def labels(columns: list[Column], **extra) -> dict[str, str]:
    """Field name -> the column header the user knows it by, for messages."""
    result = {c.key: str(c.label) for c in columns}
    result.update({k: str(v) for k, v in extra.items()})
    return result


def required(row: Cells, key: str, reader, *args):
    """A cell that must be filled in: read, or say it is missing."""
    errors = len(row.result.errors)
    value = row.read(key, reader, *args)
    if value is None and len(row.result.errors) == errors:
        row.result.fail(_("%(column)s is missing.") % {"column": row.labels[key]})
    return value


def read_gender(row: Cells) -> str | None:
    try:
        value = sheets.choice(row.raw("gender"), Gender.choices, aliases=GENDER_ALIASES)
    except CellError:
        value = None
        row.result.fail(
            _("Bad gender value: %(value)s. Write L (male) or P (female).")
            % {"value": shown(row.raw("gender"))}
        )
    else:
        if value is None:
            row.result.fail(_("The gender is missing. Write L (male) or P (female)."))
    return value
