"""The city page: what the program has in one city, with links to the lists behind it."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from bdc.models import Bdc
from kotaku.access import cities_readable_by
from kotaku.kept import kept_city_html
from ksm.models import Ksm
from monitoring.models import RktlItem, RktlStatus, Visit

LATEST = 10


@require_safe
def city_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    city = get_object_or_404(cities_readable_by(user).select_related("province"), code=code)
    today = timezone.localdate()
    # The same for everyone who may read the city: kept as HTML until one of its records
    # changes (kotaku.kept). Five queries and the templates, where kept it costs one lookup.
    sections = kept_city_html(
        city.pk,
        f"city-page|{city.pk}",
        "monitoring/includes/_city_sections.html",
        lambda: city_figures(user, city, today),
    )
    context = {"city": city, "sections": sections}
    return render(request, "monitoring/city_detail.html", context)


def city_figures(user, city, today) -> dict:
    """The city's BDC, its KSMs by stage and maturity, its RKTL items by status and overdue,
    and its latest visits."""
    ksms = Ksm.objects.visible_to(user).filter(city=city)
    # One grouped query for both breakdowns of the KSMs.
    cells = ksms.order_by().values_list("ppmk_stage", "maturity", "is_bdc_partner")
    by_stage: dict[int, int] = {}
    by_maturity: dict[str, int] = {}
    partners = 0
    for stage, maturity, partner, n in cells.annotate(n=Count("id")):
        by_stage[stage] = by_stage.get(stage, 0) + n
        by_maturity[maturity] = by_maturity.get(maturity, 0) + n
        partners += n if partner else 0
    items = RktlItem.objects.visible_to(user).filter(city=city)
    rktl = items.status_counts()
    return {
        "city": city,
        "bdc": Bdc.objects.visible_to(user).filter(city=city).first(),
        "ksm_total": sum(by_stage.values()),
        "ksm_partners": partners,
        "by_stage": [(v, label, by_stage.get(v, 0)) for v, label in Ksm.PpmkStage.choices],
        "by_maturity": [(v, label, by_maturity.get(v, 0)) for v, label in Ksm.Maturity.choices],
        "visits": Visit.objects.visible_to(user)
        .counted()
        .filter(city=city)
        .order_by("-starts_on")[:LATEST],
        "rktl_counts": [(v, label, rktl[v]) for v, label in RktlStatus.choices],
        "rktl_total": sum(rktl.values()),
        "rktl_overdue": items.overdue(today).count(),
    }
