"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def labels_now(choices) -> dict:
    """A choice list's labels in the active language, translated once: for files written row
    by row, where a lazy label would be translated again for every row."""
    return {value: str(label) for value, label in choices}


class Gender(models.TextChoices):
    # Attendance and membership are reported by gender (seed 001: "14 men, 15 women").
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")
