"""Filters every list shares. `updated_since` gives incremental sync: the rows whose
`updated_field` (declared by the view) is at or after the given time."""

from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters


class UpdatedSinceFilter(filters.BaseFilterBackend):
    param = "updated_since"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        field = getattr(view, "updated_field", None)
        if not raw or not field:
            return queryset
        try:
            when = parse_datetime(raw)
        except ValueError:
            when = None
        if when is None:
            raise exceptions.ValidationError(
                {self.param: [_("Give a date and time such as 2026-12-01T08:00:00+07:00.")]}
            )
        if is_naive(when):
            when = make_aware(when)
        return queryset.filter(**{f"{field}__gte": when})

    def get_schema_operation_parameters(self, view) -> list[dict]:
        if not getattr(view, "updated_field", None):
            return []
        return [
            {
                "name": self.param,
                "in": "query",
                "required": False,
                "description": "Only rows changed at or after this time (ISO 8601).",
                "schema": {"type": "string", "format": "date-time"},
            }
        ]
