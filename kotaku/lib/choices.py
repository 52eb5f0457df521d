"""Choices shared by several apps."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


def labels_now(choices) -> dict:
    """A choice list's labels in the active language, translated once: for files written row
    by row, where a lazy label would be translated again for every row."""
    return {value: str(label) for value, label in choices}


def choice_labels(field: models.Field) -> dict:
    """A field's choices as {value: label}, built once per field. The labels stay lazy, so each
    is translated when it is shown, into the reader's language."""
    labels = field.__dict__.get("_choice_labels")
    if labels is None:
        # As Django's get_FOO_display() builds it (make_hashable: a value may be a list).
        labels = field._choice_labels = dict(make_hashable(field.flatchoices))
    return labels


class ChoiceLabels:
    """Mixin for models whose fields have choices: `get_FOO_display()` looks the label up in a
    dict built once per field (`choice_labels`).

    Django's own builds that dict again on every call, hashing each lazy label on the way,
    which translates it: 40 to 110 µs a call, and a list shows two or three labels on each of
    its 30 rows (3 to 8 ms of a list page). The same result otherwise. Django binds
    get_FOO_display to the model's `_get_FIELD_display` when the field is added, so this
    mixin comes before models.Model in the bases; tests/kotaku/test_choice_labels.py checks that
    every model with choices has it."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)


class Gender(models.TextChoices):
    # Attendance and membership are reported by gender (seed 001: "14 men, 15 women").
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")
