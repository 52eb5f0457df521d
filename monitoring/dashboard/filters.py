"""The area and period the whole dashboard is narrowed to, and the form that chooses them."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kotaku.access import cities_readable_by, scope_for
from kotaku.lib.fields import FilterDateField, as_id
from kotaku.lib.widgets import FastSelect
from kotaku.models import City, Province
from monitoring.forms import DATE_INPUT

# More cities than this are shown one row per province: 270 rows would be a 200 KB page and
# charts nobody can read. Choosing a province shows its cities.
AREA_ROWS_MAX = 40


@dataclass(frozen=True)
class Filters:
    """The area and period the whole dashboard is narrowed to (None: no narrowing)."""

    province: Province | None = None
    city: City | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def area(self, qs: QuerySet, city_field: str = "city") -> QuerySet:
        if self.city:
            qs = qs.filter(**{city_field: self.city})
        if self.province:
            qs = qs.filter(**{f"{city_field}__province": self.province})
        return qs

    def period(self, qs: QuerySet, date_field: str) -> QuerySet:
        if self.date_from:
            qs = qs.filter(**{f"{date_field}__gte": self.date_from})
        if self.date_to:
            qs = qs.filter(**{f"{date_field}__lte": self.date_to})
        return qs

    def area_params(self) -> dict:
        return {
            "province": self.province.pk if self.province else None,
            "city": self.city.pk if self.city else None,
        }

    def rktl_params(self) -> dict:
        # visit_from/visit_to: the period on the finding's visit start date (see module doc);
        # the RKTL list must filter `finding__visit__starts_on` on them for the links to match.
        return {**self.area_params(), "visit_from": self.date_from, "visit_to": self.date_to}

    def visit_params(self) -> dict:
        # The visit list reads date_from/date_to as "overlaps the period" (ends_on >= from,
        # starts_on <= to), so a visit that started before the period and ended in it is
        # listed but not counted here; visits last days, months rarely cut one.
        return {**self.area_params(), "date_from": self.date_from, "date_to": self.date_to}


class DashboardFilterForm(forms.Form):
    """Province, city and period. Choices come only from the user's readable cities.

    Kept here rather than in monitoring/forms.py: it only makes sense with these selectors.
    The area fields are left out when the user's scope has only one province or city.
    """

    province = forms.TypedChoiceField(
        label=_("Province"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    city = forms.TypedChoiceField(
        label=_("City"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    date_from = FilterDateField(label=_("Visits from"), widget=DATE_INPUT)
    date_to = FilterDateField(label=_("Visits to"), widget=DATE_INPUT)

    def __init__(self, *args, cities: list[City], **kwargs):
        super().__init__(*args, **kwargs)
        self.cities = {c.pk: c for c in cities}
        self.provinces = {c.province_id: c.province for c in cities}
        self._listed = cities
        if len(self.provinces) > 1:
            self.fields["province"].choices = [
                ("", _("All")),
                *((p.pk, p.name) for p in sorted(self.provinces.values(), key=lambda p: p.name)),
            ]
        else:
            del self.fields["province"]
        if len(self.cities) > 1:
            # Made when the form is shown or a city checked, not on every request: the page
            # keeps the form's HTML (kotaku.filter_html), and 270 cities' names take 3 ms.
            self.fields["city"].choices = lambda: [("", _("All")), *self._grouped.items()]
            if len(self.cities) > AREA_ROWS_MAX:
                self._offer_cities_of_one_province()
        else:
            del self.fields["city"]

    @cached_property
    def _grouped(self) -> dict[str, list[tuple[int, str]]]:
        """The cities' choices by province name."""
        grouped = defaultdict(list)
        for c in self._listed:
            grouped[c.province.name].append((c.pk, c.full_name))
        return grouped

    def _offer_cities_of_one_province(self) -> None:
        """Any city of the area is accepted, but only the chosen province's (or the chosen
        city) are listed: 270 options would weigh more than the national dashboard itself."""
        province = as_id(self.data.get("province", "")) if self.is_bound else None
        city = as_id(self.data.get("city", "")) if self.is_bound else None
        offered = []
        if province in self.provinces:
            name = self.provinces[province].name
            offered = [
                (name, [(c.pk, c.full_name) for c in self._listed if c.province_id == province])
            ]
        elif city in self.cities:
            chosen = self.cities[city]
            offered = [(chosen.pk, chosen.full_name)]
        self.fields["city"].widget.choices = [("", _("All")), *offered]
        if not offered:
            self.fields["city"].help_text = _("Choose a province to list its cities.")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        province, city = data.get("province"), data.get("city")
        if province and city and self.cities[city].province_id != province:
            self.add_error("city", _("This city is not in the chosen province."))
        return data

    def filters(self) -> Filters:
        """The valid filters; an invalid form narrows nothing (the whole scope is shown)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            province=self.provinces.get(data.get("province")),
            city=self.cities.get(data.get("city")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def cities_in_scope(user) -> list[City]:
    """The cities the user may read, with their provinces: one query (none without a scope).
    Without their times of change: 540 timestamps took half of the query's 10 ms for the
    country, and the page reads no one's."""
    scope = scope_for(user)
    if not scope.has_assignment:
        return []
    cities = cities_readable_by(user).defer("updated_at", "province__updated_at")
    return list(cities.order_by("province__name", "name"))


def read_again(user, filters: Filters) -> tuple[list[City], Filters]:
    """`cities_in_scope` and the filters' places, read again (one query): for what is kept under
    the cities' version (kotaku.kept), whose places must be read after that version, so that a
    place renamed between the page's first read and the version is kept by its new name."""
    cities = cities_in_scope(user)
    by_id = {c.pk: c for c in cities}
    provinces = {c.province_id: c.province for c in cities}
    return cities, replace(
        filters,
        city=filters.city and by_id.get(filters.city.pk, filters.city),
        province=filters.province and provinces.get(filters.province.pk, filters.province),
    )


def shown_cities(cities: list[City], filters: Filters) -> list[City]:
    """The cities of the scope that the filters keep."""
    if filters.city:
        return [filters.city]
    if filters.province:
        return [c for c in cities if c.province_id == filters.province.pk]
    return cities
