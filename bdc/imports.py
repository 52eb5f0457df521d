"""Importing a BDC's Komite and Pengelola lists from a workbook or CSV file.

A person is found by name within their body (Komite or Pengelola) of this BDC, so importing
the same list twice changes nothing. People missing from the file are not removed: a person
who left is marked inactive, in the file or on the admin page.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bdc.models import Bdc, BdcPerson
from kotaku.lib import sheets
from kotaku.lib.importer import (
    Cells,
    Column,
    RowResult,
    SheetKind,
    labels,
    read_gender,
    required,
    save_row,
    snapshot,
)

PERSON_COLUMNS = [
    Column("body", gettext_lazy("Body (Komite or Pengelola)"), required=True),
    Column("name", gettext_lazy("Name"), required=True),
    Column("position", gettext_lazy("Position"), required=True),
    Column("unsur", gettext_lazy("Stakeholder group"), required=True),
    Column("gender", gettext_lazy("Gender"), required=True),
    Column("phone", gettext_lazy("Phone")),
    Column("is_active", gettext_lazy("Active")),
]
PERSON_FIELDS = ["body", "name", "position", "unsur", "gender", "phone", "is_active"]


class PeopleImport:
    def __init__(self, bdc: Bdc):
        self.bdc = bdc
        self.touched: dict[int, int] = {}  # person pk -> the row that touched it

    def apply(self, number: int, cells: dict) -> RowResult:
        result = RowResult(number)
        row = Cells(cells, result, PERSON_COLUMNS)
        body = required(row, "body", sheets.choice, BdcPerson.Body.choices)
        name = row.required_text("name", max_length=150, message=_("The name is missing."))
        result.label = name
        position = row.required_text(
            "position", max_length=100, message=_("The position is missing.")
        )
        unsur = required(row, "unsur", sheets.choice, BdcPerson.Unsur.choices)
        gender = read_gender(row)
        phone = row.read("phone", sheets.text, max_length=30)
        if result.errors:
            return result
        person = BdcPerson.objects.filter(bdc=self.bdc, body=body, name__iexact=name).first()
        person = person or BdcPerson(bdc=self.bdc)
        if person.pk in self.touched:
            result.fail(
                _("Duplicate: row %(row)s already has this record.")
                % {"row": self.touched[person.pk]}
            )
            return result
        before = snapshot(person, PERSON_FIELDS) if person.pk else None
        person.body, person.name, person.position = body, name, position
        person.unsur, person.gender = unsur, gender
        if row.has("phone"):
            person.phone = phone
        if row.has("is_active"):  # a file without the column leaves the flag as it is
            person.is_active = row.read("is_active", sheets.yes_no, default=True)
        if not result.errors and save_row(person, result, labels(PERSON_COLUMNS), before=before):
            self.touched[person.pk] = number
        return result

    def kinds(self) -> list[SheetKind]:
        return [
            SheetKind(
                "people",
                gettext_lazy("Komite and Pengelola"),
                PERSON_COLUMNS,
                self.apply,
                aliases=("Komite", "Pengelola", "Pengurus"),
                marker="unsur",
            )
        ]
