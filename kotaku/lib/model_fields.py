"""Model fields for numbers people type: in every ModelForm and in the admin, they are read
the Indonesian way ("25.000", "12,5"; kotaku.lib.numbers), in a text box rather than an
<input type="number"> (which reads "25.000" as twenty-five).

The columns are Django's own: only the form field differs, so `deconstruct()` names Django's
class and migrations see no change.
"""

from django import forms
from django.core.validators import MaxValueValidator
from django.db import models

from kotaku.lib import fields


def largest_value(field: models.Field) -> int:
    """The largest whole value a numeric model field's column holds: its max_digits for a
    DecimalField, else the database's range for its kind of integer (read from the field's
    validators, which Django builds from the connection)."""
    if isinstance(field, models.DecimalField):
        return 10 ** (field.max_digits - field.decimal_places) - 1
    limits = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    return min(limits) if limits else 2**63 - 1


class _TypedNumber:
    form_class: type
    django_path: str

    def formfield(self, **kwargs):
        widget = kwargs.get("widget")
        if widget is not None and (
            isinstance(widget, forms.NumberInput)
            or (isinstance(widget, type) and issubclass(widget, forms.NumberInput))
        ):
            del kwargs["widget"]  # the admin's number box; ours is a text box
        # The largest value the column holds, so that the form says "too large" in words.
        if not isinstance(self, models.DecimalField):  # a DecimalField's digits already say
            kwargs.setdefault("max_value", largest_value(self))
        return super().formfield(**{**kwargs, "form_class": self.form_class})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.django_path, args, kwargs


class AmountField(_TypedNumber, models.DecimalField):
    """A DecimalField (e.g. an amount in rupiah) typed as "1.250.000" or "12,5"."""

    form_class = fields.AmountField
    django_path = "django.db.models.DecimalField"


class QuantityField(_TypedNumber, models.PositiveIntegerField):
    """A PositiveIntegerField typed as "25.000"."""

    form_class = fields.WholeNumberField
    django_path = "django.db.models.PositiveIntegerField"


class SmallQuantityField(_TypedNumber, models.PositiveSmallIntegerField):
    """A PositiveSmallIntegerField (a percentage, a count) typed as people write numbers."""

    form_class = fields.WholeNumberField
    django_path = "django.db.models.PositiveSmallIntegerField"
