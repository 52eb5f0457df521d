"""PDF downloads. The records are fetched through the scoped access helpers (outsiders get
404); the services in monitoring/reports.py and bdc/reports.py build the bytes."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kotaku.access import cities_readable_by, scope_for
from kotaku.models import Province
from kotaku.pdf import pdf_response
from monitoring import reports
from monitoring.access import get_visit_for_user
from monitoring.models import RktlItem


@require_safe
def visit_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_user(request.user, code)
    pdf = reports.visit_report_pdf(visit)
    return pdf_response(pdf, f"laporan-kunjungan-{slugify(visit.city.name)}-{visit.code}.pdf")


@require_safe
def rktl_report_pdf(request: HttpRequest) -> HttpResponse:
    """The RKTL of one city (?city=<pk>), one province (?province=<pk>), or, without either,
    of the user's whole area. A city or province outside the user's area is 404."""
    scope = scope_for(request.user)
    cities = cities_readable_by(request.user)
    items = RktlItem.objects.visible_to(request.user)
    if city_id := request.GET.get("city"):
        city = _get_or_404(cities.select_related("province"), city_id)
        cities = cities.filter(pk=city.pk)
        items = items.filter(city=city)
        place, slug = f"{city}, {city.province}", city.name
    elif province_id := request.GET.get("province"):
        province = _get_or_404(Province.objects.filter(cities__in=cities).distinct(), province_id)
        cities = cities.filter(province=province)
        items = items.filter(city__in=cities)
        place, slug = _("Province of %(name)s") % {"name": province.name}, province.name
    else:
        place, slug = _area_name(scope, cities), "wilayah"
    pdf = reports.rktl_report_pdf(items, cities, place=place)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return pdf_response(pdf, f"rktl-{slugify(slug)}-{stamp}.pdf")


def _get_or_404(queryset, pk: str):
    if not pk.isdigit():
        raise Http404
    try:
        return queryset.get(pk=int(pk))
    except queryset.model.DoesNotExist:
        raise Http404 from None


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
