"""Positions on the earth (WGS 84, as phones and maps give them), stored as two decimals.

Six decimal places are about 11 cm: more than a phone's GPS can tell. Every model with a
position uses these fields and constraints, so the ranges are checked in the database alike.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def latitude_field() -> models.DecimalField:
    return models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)


def longitude_field() -> models.DecimalField:
    return models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )


def position_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Range checks for `latitude` and `longitude`, and both-or-neither, named `prefix_...`."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_range",
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_position_complete",
        ),
    ]


# ---- In forms: typed by hand, pasted from a map, or filled in by the "use my position" button.

PLACES = Decimal("0.000001")


class CoordinateField(forms.DecimalField):
    """A latitude or longitude in decimal degrees, "-5.1134" or "-5,1134" alike.

    More decimals than stored (a phone gives 15) are rounded to the column's six rather than
    refused: nobody can tell 11 cm apart on the ground.
    """

    def __init__(self, *, limit: int, **kwargs):
        kwargs.update(max_digits=9, decimal_places=6, min_value=-limit, max_value=limit)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            # Decimal degrees have no thousands: a comma can only be the decimal separator.
            value = value.strip().replace(",", ".")
        number = super().to_python(value)
        # Left as they are for the validators to refuse: not a number, or far out of range
        # (quantizing 1E+30 to six places would overflow the decimal context).
        if number is None or not number.is_finite() or abs(number) > 1000:
            return number
        return number.quantize(PLACES, rounding=ROUND_HALF_UP)


class PositionFormMixin:
    """For a ModelForm with `latitude` and `longitude`: both or neither, in their ranges.

    The database refuses a half position too (position_constraints); this says so next to
    the field that is missing, in the user's language, and keeps what was typed.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["latitude"] = CoordinateField(
            limit=90, label=_("Latitude"), help_text=_("Decimal degrees, e.g. -5.1134")
        )
        self.fields["longitude"] = CoordinateField(
            limit=180, label=_("Longitude"), help_text=_("Decimal degrees, e.g. 105.3067")
        )

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return data
        message = _("Give both latitude and longitude, or neither.")
        if lat is None and lon is not None:
            self.add_error("latitude", message)
        elif lon is None and lat is not None:
            self.add_error("longitude", message)
        return data
