"""Positions on the earth (WGS 84, as phones and maps give them), stored as two decimals.

Six decimal places are about 11 cm: more than a phone's GPS can tell. Every model with a
position uses these fields and constraints, so the ranges are checked in the database alike.
"""

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
