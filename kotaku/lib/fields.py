"""Form fields that Django's own leave a gap in."""

from django import forms

# The largest id a bigint column holds: PostgreSQL and SQLite both store ids as 64-bit.
MAX_ID = 2**63 - 1


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids no database column can hold.

    Django compares the posted ids with `pk__in`, which has no overflow guard: on SQLite an
    id past 64 bits raises OverflowError (a 500) instead of the field's "not a valid choice".
    """

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super()._check_values(value)
