"""Monitoring's files that a job may prepare (kotaku/downloads.py): the RKTL workbook, its CSV
variant and the RKTL report of a large area. The direct download and the job build them with
the same functions, from the RKTL list's filters as the user chose them (`query_params`), in
the user's scope as it is when the file is built."""

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotaku.access import cities_readable_by, scope_for
from monitoring import exports, reports
from monitoring.models import RktlItem
from monitoring.rktl_forms import RktlFilterForm

RKTL_EXPORT = "monitoring.rktl_export"
RKTL_CSV = "monitoring.rktl_csv"
RKTL_REPORT = "monitoring.rktl_report"


class InvalidFilters(ValueError):
    """The filters a job was given no longer hold (a city left the user's area)."""


def query_params(query: QueryDict) -> dict[str, list[str]]:
    """A request's query string as JSON-ready data, for a download's `params`."""
    return {key: query.getlist(key) for key in query}


def rktl_filter_form(user, params: dict[str, list[str]]) -> RktlFilterForm:
    """The RKTL list's filter form over `params`, among the cities the user reads."""
    data = QueryDict(mutable=True)
    for key, values in params.items():
        data.setlist(key, values)
    return RktlFilterForm(data or None, cities=cities_readable_by(user))


def area_cities(form: RktlFilterForm, user) -> QuerySet:
    """The cities the filters cover among those the user reads (a valid or unbound form)."""
    cities = cities_readable_by(user)
    data = form.cleaned_data if form.is_bound else {}
    if city := data.get("city"):
        return cities.filter(pk=city.pk)
    if province := data.get("province"):
        return cities.filter(province=province)
    return cities


def is_large(cities: QuerySet) -> bool:
    """Whether a file of these cities is prepared by a job rather than in the request."""
    return cities.count() > settings.DOWNLOAD_JOB_CITIES


def _valid_form(user, params: dict) -> RktlFilterForm:
    form = rktl_filter_form(user, params)
    if form.is_bound and not form.is_valid():
        raise InvalidFilters(form.errors.as_json())
    return form


# ---- RKTL workbook and CSV ------------------------------------------------------------------


def _export_parts(user, params: dict) -> tuple:
    form = _valid_form(user, params)
    items = form.filter(RktlItem.objects.visible_to(user))
    return items, timezone.localtime().strftime("%Y%m%d-%H%M")


def build_rktl_export(user, params: dict) -> tuple:
    """The RKTL workbook of the filters (a stream of bytes) and its name."""
    items, stamp = _export_parts(user, params)
    return exports.rktl_xlsx_stream(items), f"rktl-{stamp}.xlsx"


def build_rktl_csv(user, params: dict) -> tuple:
    """The RKTL list of the filters as CSV (a stream of bytes) and its name."""
    items, stamp = _export_parts(user, params)
    return exports.rktl_csv_stream(items), f"rktl-{stamp}.csv"


# ---- RKTL report ----------------------------------------------------------------------------


def rktl_report_parts(user, form: RktlFilterForm) -> tuple[QuerySet, QuerySet, str, str]:
    """(items, cities, place, slug) of the report of a valid or unbound filter form: the
    items in the user's scope, the area's cities, how the header names the area and its slug
    for the file name."""
    items = form.filter(RktlItem.objects.visible_to(user))
    cities = area_cities(form, user)
    data = form.cleaned_data if form.is_bound else {}
    if city := data.get("city"):
        return items, cities, f"{city}, {city.province}", city.name
    if province := data.get("province"):
        place = _("Province of %(name)s") % {"name": province.name}
        return items, cities, place, province.name
    return items, cities, _area_name(scope_for(user), cities), "wilayah"


def rktl_report_file(form: RktlFilterForm, items, cities, place: str, slug: str) -> tuple:
    """The report's PDF bytes and file name."""
    pdf = reports.rktl_report_pdf(items, cities, place=place, filters=applied_filters(form))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return pdf, f"rktl-{slugify(slug)}-{stamp}.pdf"


def build_rktl_report(user, params: dict) -> tuple:
    """The RKTL report of the filters, for a job: PDF bytes and file name."""
    form = _valid_form(user, params)
    return rktl_report_file(form, *rktl_report_parts(user, form))


def applied_filters(form: RktlFilterForm) -> list[tuple[str, str]]:
    """(label, value) of each filter that narrows the report besides its area, for its
    header: a printed page must say what it leaves out."""
    if not form.is_bound:
        return []
    shown = []
    for name, value in form.cleaned_data.items():
        if name in {"city", "province", "sort"} or value in (None, "", False):
            continue
        field = form[name]
        if value is True:
            text = _("yes")
        elif isinstance(value, datetime.date):
            text = date_format(value, "j M Y")
        else:
            text = str(dict(form.fields[name].choices).get(value, value))
        shown.append((str(field.label), text))
    return shown


def _area_name(scope, cities) -> str:
    """How the header names a user's whole area: one city, or the provinces it lies in."""
    if scope.national:
        return _("All cities")
    rows = list(cities.select_related("province"))
    if len(rows) == 1:
        return f"{rows[0]}, {rows[0].province}"
    if not rows:
        return _("No area assigned")
    return ", ".join(sorted({c.province.name for c in rows}))
