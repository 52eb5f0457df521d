"""Form fields that Django's own leave a gap in."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from kotaku.lib.numbers import NumberError, group, parse_number
from kotaku.lib.widgets import FastSelect, NumberTextInput

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


class _IndonesianNumber:
    """Reads the typed text with kotaku.lib.numbers, as imports do ("25.000", "12,5")."""

    whole = True

    def largest(self) -> Decimal:
        """The largest magnitude the field accepts: from its max_value (set from the database
        column's range by the model field), else from its digits."""
        limits = [v.limit_value for v in self.validators if isinstance(v, MaxValueValidator)]
        limits += [abs(v.limit_value) for v in self.validators if isinstance(v, MinValueValidator)
                   and v.limit_value < 0]  # fmt: skip
        max_digits = getattr(self, "max_digits", None)
        if max_digits is not None:
            limits.append(Decimal(10) ** (max_digits - (self.decimal_places or 0)) - 1)
        # Without any bound, what a 64-bit column holds.
        return min(limits) if limits else Decimal(MAX_ID)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            value = group(value)  # a value set in code, not typed: written as people would
        try:
            number = parse_number(value, whole=self.whole, largest=self.largest())
        except NumberError as error:
            raise ValidationError(str(error), code=error.code) from None
        return number if isinstance(self, forms.DecimalField) else int(number)


class WholeNumberField(_IndonesianNumber, forms.IntegerField):
    """A whole number typed as "25.000" or "25000"; "too large" in words past the column's range."""

    widget = NumberTextInput


class AmountField(_IndonesianNumber, forms.DecimalField):
    """A decimal number typed as "12,5" or "1.250.000"; whole when decimal_places is 0."""

    def __init__(self, *, decimal_places=None, **kwargs):
        self.whole = not decimal_places
        kwargs.setdefault("widget", NumberTextInput(whole=self.whole))
        super().__init__(decimal_places=decimal_places, **kwargs)


class _ListedChoices(forms.models.ModelChoiceIterator):
    """The choices read in one plain query, as values where the model says how.

    Django's iterator reads them with `QuerySet.iterator()`, which on PostgreSQL opens a
    server-side cursor: three round trips (declare, fetch, close) for a list of 270 cities.
    A model with `CHOICE_LABEL_FIELDS` and `choice_label(*values)` (the label its __str__
    gives) is read as those values: no model instance per option.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        model = self.queryset.model
        fields = getattr(model, "CHOICE_LABEL_FIELDS", None)
        # Values only where they give what an instance would: the option's value is the pk
        # and its label is the model's own (no to_field_name, no label_from_instance of the
        # form's).
        plain = (
            self.field.to_field_name is None
            and "label_from_instance" not in vars(self.field)
            and type(self.field).label_from_instance is forms.ModelChoiceField.label_from_instance
        )
        if fields is None or not plain:
            for obj in self.queryset.all():
                yield self.choice(obj)
            return
        for pk, *values in self.queryset.values_list("pk", *fields):
            yield (pk, model.choice_label(*values))


class PlaceChoiceField(forms.ModelChoiceField):
    """A filter's province, city or kelurahan: up to a few hundred options, written by
    FastSelect and read in one query."""

    iterator = _ListedChoices
    widget = FastSelect
