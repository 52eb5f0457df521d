"""PDF downloads. The records are fetched through the scoped access helpers (outsiders get
404); the services in monitoring/reports.py and bdc/reports.py build the bytes."""

import datetime

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kotaku.access import can_see_personal_data, cities_readable_by, scope_for
from kotaku.pdf import pdf_response
from monitoring import reports
from monitoring.access import get_visit_for_user
from monitoring.models import RktlItem
from monitoring.rktl_forms import RktlFilterForm


@require_safe
def visit_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_user(request.user, code)
    pdf = reports.visit_report_pdf(
        visit, personal_data=can_see_personal_data(request.user, visit.city_id)
    )
    return pdf_response(pdf, f"laporan-kunjungan-{slugify(visit.city.name)}-{visit.code}.pdf")


@require_safe
def rktl_report_pdf(request: HttpRequest) -> HttpResponse:
    """The RKTL list's filters, printed: one city (?city=<pk>), one province (?province=<pk>)
    or, without either, the user's whole area, narrowed by any other filter of the list.

    A city or province outside the user's area is 404. Another filter in error, or a selection
    past reports.REPORT_MAX_ITEMS, goes back to the list with the filters kept and a message.
    """
    cities = cities_readable_by(request.user)
    form = RktlFilterForm(request.GET or None, cities=cities)
    back = reverse("monitoring:rktl_list")
    if request.GET:
        back += f"?{request.GET.urlencode()}"
    if form.is_bound and not form.is_valid():
        # Not one of the user's cities or provinces (or not an id at all): as if it did not
        # exist. Any other error, a mistyped date or a city outside the chosen province, is
        # the user's to correct on the list.
        if form.has_error("city", "invalid_choice") or form.has_error("province", "invalid_choice"):
            raise Http404
        messages.error(request, _("Correct the filters before printing."))
        return redirect(back)
    items = form.filter(RktlItem.objects.visible_to(request.user))
    data = form.cleaned_data if form.is_bound else {}
    if city := data.get("city"):
        cities = cities.filter(pk=city.pk)
        place, slug = f"{city}, {city.province}", city.name
    elif province := data.get("province"):
        cities = cities.filter(province=province)
        place, slug = _("Province of %(name)s") % {"name": province.name}, province.name
    else:
        place, slug = _area_name(scope_for(request.user), cities), "wilayah"
    count = items.count()
    if count > reports.REPORT_MAX_ITEMS:
        messages.error(
            request,
            _(
                "The report would list %(count)s follow-up actions; it holds at most %(max)s. "
                "Narrow it by period, status or category, or download the Excel file, which "
                "holds them all."
            )
            % {"count": intcomma(count), "max": reports.REPORT_MAX_ITEMS},
        )
        return redirect(back)
    pdf = reports.rktl_report_pdf(items, cities, place=place, filters=applied_filters(form))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return pdf_response(pdf, f"rktl-{slugify(slug)}-{stamp}.pdf")


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
