"""KSM records as files: the Quick Status export and the KSM import."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kotaku import downloads, import_flow
from kotaku.access import cities_readable_by, refusal, scope_for
from ksm import quick_status
from ksm.access import can_register_ksms
from ksm.forms import QuickStatusForm
from ksm.imports import KsmImport


@require_safe
def quick_status_export(request: HttpRequest) -> HttpResponse:
    """GET without a year: the choice of year and area. With a year: the workbook, or its
    first sheet as CSV (format=csv)."""
    user = request.user
    cities = list(cities_readable_by(user).select_related("province"))
    form = QuickStatusForm(
        request.GET if "year" in request.GET else None,
        cities=cities,
        national=scope_for(user).national,
    )
    if not form.is_bound or not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "ksm/quick_status.html", {"form": form}, status=status)
    area = _area(form)
    year = form.cleaned_data["year"]
    fmt = form.cleaned_data["format"] or "xlsx"
    params = quick_status.download_params(year=year, area=area, fmt=fmt)
    area_cities = [
        c.pk
        for c in cities
        if (area.city_id is None or c.pk == area.city_id)
        and (area.province_id is None or c.province_id == area.province_id)
    ]
    if len(area_cities) > settings.DOWNLOAD_JOB_CITIES:
        # A national or province file takes many seconds: a job prepares it for "My downloads".
        names = {"year": year, "area": area.label}
        title = (
            _("Quick Status of KSM %(year)s, %(area)s (CSV)") % names
            if fmt == "csv"
            else _("Quick Status of KSM %(year)s, %(area)s") % names
        )
        download = downloads.request_download(
            user=user,
            kind=quick_status.DOWNLOAD_KIND,
            title=title,
            params=params,
            cities=area_cities,
        )
        return downloads.prepared_response(request, download)
    content, filename = quick_status.build_download(user, params)
    respond = import_flow.csv_response if fmt == "csv" else import_flow.xlsx_response
    return respond(content, filename)


def _area(form: QuickStatusForm) -> quick_status.Area:
    data = form.cleaned_data
    if data["city"]:
        city = form.cities[data["city"]]
        return quick_status.Area(str(city), slugify(str(city)), city_id=city.pk)
    if data["province"]:
        province = form.provinces[data["province"]]
        return quick_status.Area(province.name, slugify(province.name), province_id=province.pk)
    if form.national:
        return quick_status.Area(_("National"), "nasional")
    return quick_status.Area(_("My whole area"), "wilayah")


@require_http_methods(["GET", "POST"])
def ksm_import(request: HttpRequest) -> HttpResponse:
    if not can_register_ksms(request.user):
        raise refusal(request.user)  # like registering a KSM: facilitators and Pusat only
    return import_flow.import_page(
        request,
        key="ksm",
        title=_("Import KSM"),
        subtitle=_(
            "KSMs with their members and products, from an Excel workbook (sheets KSM, "
            "Members, Products) or CSV files, one kind per file. A Quick Status file "
            "imports as it is."
        ),
        kinds=lambda: KsmImport(request.user).kinds(),
        template_url=reverse("ksm:ksm_import_template"),
        done_url=reverse("ksm:ksm_list"),
    )


@require_safe
def ksm_import_template(request: HttpRequest) -> HttpResponse:
    if not can_register_ksms(request.user):
        raise refusal(request.user)  # like registering a KSM: facilitators and Pusat only
    notes = [
        [_("Type"), _("Economic (livelihood), Environmental (infrastructure) or Social")],
        [_("PPMK stage"), "I, II, III"],
        [_("Maturity"), "Tunas, Tumbuh, Kembang"],
        [_("Gender"), _("L (male) or P (female)")],
        [_("Yes / No"), _("Ya or Tidak")],
        [_("Dates"), _("31/12/2024 or 2024-12-31")],
        [_("Numbers"), _("12500 or 12.500, without decimals")],
        [_("KSM code"), _("Leave empty for a new KSM; members and products may name the KSM.")],
    ]
    return import_flow.xlsx_response(
        import_flow.template_workbook(KsmImport(request.user).kinds(), notes),
        "template-impor-ksm.xlsx",
    )
