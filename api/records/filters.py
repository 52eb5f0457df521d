"""The KSM list's filters: the registry page's own form (ksm.forms.KsmFilterForm), so that a
filter selects the same KSMs on the page and in the API, and is refused with the same message."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters

from api.base import form_errors
from kotaku.models import City
from ksm.forms import KsmFilterForm

# A Kemendagri/BPS city code: four digits (kotaku.models.City.code).
CITY_CODE = re.compile(r"[0-9]{1,4}")


class CityCodeField(forms.ModelChoiceField):
    """A city by its code. What cannot be a code is refused before the database sees it (a
    NUL character would be an error of PostgreSQL's, not a wrong choice)."""

    def to_python(self, value):
        if value not in self.empty_values and not CITY_CODE.fullmatch(str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ApiKsmFilterForm(KsmFilterForm):
    """The registry's filters, with the city given by its code (the API names cities so)."""

    city = CityCodeField(
        label=_("City"), queryset=City.objects.none(), required=False, to_field_name="code"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].to_field_name = "code"  # a province by its code, as a city

    def offer_kelurahans(self, kelurahans, *, small_area: bool) -> None:
        pass  # no drop-down to fill: the API only validates


# The parameters as the documentation describes them (in English, whatever the language).
DESCRIPTIONS = {
    "q": "Part of the KSM's name or of its chair's name.",
    "province": "Province code, e.g. 18.",
    "stage_from": "Only KSMs at this PPMK stage or a later one.",
    "formed_by": "Only KSMs formed on or before this date (YYYY-MM-DD).",
    "city": "City code, e.g. 1872.",
    "kelurahan": "Kelurahan id.",
    "type": "KSM type.",
    "ppmk_stage": "PPMK stage.",
    "maturity": "Maturity stage.",
    "bdc_partner": "Whether the KSM is a BDC partner.",
    "category": "Only KSMs with a product of this category.",
}


class KsmFilter(filters.BaseFilterBackend):
    """Applies the registry's filters to the list; a filter in error is a 400 that names it."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        form = ApiKsmFilterForm.for_user(request.query_params, request.user)
        if not form.is_valid():
            raise exceptions.ValidationError(form_errors(form))
        return form.filter(queryset)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        params = []
        for name, field in ApiKsmFilterForm.base_fields.items():
            numeric = name == "kelurahan" or isinstance(field, forms.TypedChoiceField)
            schema = {"type": "integer" if numeric else "string"}
            if isinstance(field, forms.DateField):
                schema["format"] = "date"
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                schema["enum"] = [value for value, _label in field.choices if value != ""]
            params.append(
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": DESCRIPTIONS[name],
                    "schema": schema,
                }
            )
        return params
