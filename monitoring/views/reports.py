"""PDF downloads. The records are fetched through the scoped access helpers (outsiders get
404); the services in monitoring/reports.py and bdc/reports.py build the bytes."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kotaku import downloads
from kotaku.access import can_see_personal_data
from kotaku.pdf import pdf_response
from monitoring import jobs, reports
from monitoring.access import get_visit_for_user


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

    A city or province outside the user's area is 404; another filter in error goes back to
    the list with the filters kept and a message. A selection of more than
    reports.REPORT_DIRECT_ITEMS actions is prepared by a job and waits on "My downloads".
    """
    form = jobs.rktl_filter_form(request.user, jobs.query_params(request.GET))
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
    items, cities, place, slug = jobs.rktl_report_parts(request.user, form)
    if items.count() > reports.REPORT_DIRECT_ITEMS:
        download = downloads.request_download(
            user=request.user,
            kind=jobs.RKTL_REPORT,
            title=_("RKTL report, %(place)s") % {"place": place},
            params=jobs.query_params(request.GET),
            cities=list(cities.values_list("pk", flat=True)),
        )
        return downloads.prepared_response(request, download)
    pdf, filename = jobs.rktl_report_file(form, items, cities, place, slug)
    return pdf_response(pdf, filename)
