"""A list's filters are the page's filter form: the same fields, the same validation, the same
narrowing. The API names places by their codes where the pages post ids."""

from django import forms
from django.utils import translation
from rest_framework import exceptions, filters

from api.base import form_errors
from kotaku.access import cities_readable_by
from kotaku.lib.fields import FilterDateField
from kotaku.models import City

# Page-only fields that mean nothing to the API: the cursor sets the order.
IGNORED = {"sort"}
# Fields that take a place's code instead of the form's id.
CODED = ("province", "city")


def bound_form(view, request) -> forms.Form:
    form = view.filter_form(request.query_params, cities=cities_readable_by(request.user))
    for name in CODED:
        form.fields[name].to_field_name = "code"
    return form


class PageFilterBackend(filters.BaseFilterBackend):
    """Narrows a list with `view.filter_form` (a page's filter form, with a `filter(qs)`
    method); invalid values are a 400 with each field's errors in the user's language."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        form = bound_form(view, request)
        if not form.is_valid():
            raise exceptions.ValidationError(form_errors(form))
        return form.filter(queryset)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        if getattr(view, "action", None) != "list":
            return []
        form = view.filter_form(cities=City.objects.none())
        with translation.override("en"):  # the schema is in English
            return self._parameters(form)

    def _parameters(self, form: forms.Form) -> list[dict]:
        return [
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": str(field.label) + (" (code)" if name in CODED else ""),
                "schema": _schema(field),
            }
            for name, field in form.fields.items()
            if name not in IGNORED
        ]


def _schema(field: forms.Field) -> dict:
    if isinstance(field, FilterDateField | forms.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.ModelChoiceField):
        return {"type": "string"}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [value for value, _label in field.choices if value]}
    return {"type": "string"}
