"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    # Attendance and membership are reported by gender (seed 001: "14 men, 15 women").
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")
