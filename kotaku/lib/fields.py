"""Form fields that Django's own leave a gap in."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

# The largest id a bigint column holds: PostgreSQL and SQLite both store ids as 64-bit.
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def as_id(text: str) -> int | None:
    """`text` as a record id, or None when it is not one a database column could hold."""
    text = text.strip()
    # isascii(): "²" is a digit to str.isdigit() but not to int(); and int() refuses more
    # than 4,300 digits, so the length is checked before it is called.
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_ID_DIGITS:
        return None
    value = int(text)
    return value if value <= MAX_ID else None


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids no database column can hold.

    Django compares the posted ids with `pk__in`, which has no overflow guard: on SQLite an
    id past 64 bits raises OverflowError (a 500) instead of the field's "not a valid choice".
    """

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip().removeprefix("-")
            if text.isdigit() and as_id(text) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super()._check_values(value)


class FilterDateField(forms.DateField):
    """A date that narrows a list or a dashboard, from a date picker or a typed query string.

    Bounded to the program's plausible years: a period of 9999-12-31 overflows the date
    arithmetic of the month tables, and one from the year 1 would list 24,000 months.
    """

    FIRST = datetime.date(2000, 1, 1)
    LAST = datetime.date(2099, 12, 31)

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.validators += [MinValueValidator(self.FIRST), MaxValueValidator(self.LAST)]
