from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from bdc import reports
from bdc.access import get_bdc_for_user
from bdc.models import BdcPerson, GrantTranche, Outlet
from kotaku.history import audit_trail
from kotaku.pdf import pdf_response


@require_safe
def bdc_detail(request: HttpRequest, city_code: str) -> HttpResponse:
    bdc = get_bdc_for_user(request.user, city_code)
    people = list(bdc.people.all())
    context = {
        "bdc": bdc,
        "komite": [p for p in people if p.body == BdcPerson.Body.KOMITE],
        "pengelola": [p for p in people if p.body == BdcPerson.Body.PENGELOLA],
        "outlets": bdc.outlets.all(),
        "tranches": bdc.tranches.all(),
        "activities": bdc.plan_activities.all(),
        "history": audit_trail(
            bdc,
            {
                "Komite/Pengelola": (BdcPerson, "bdc_id"),
                "Outlet": (Outlet, "bdc_id"),
                "BLM": (GrantTranche, "bdc_id"),
            },
        ),
    }
    return render(request, "bdc/bdc_detail.html", context)


@require_safe
def bdc_profile_pdf(request: HttpRequest, city_code: str) -> HttpResponse:
    bdc = get_bdc_for_user(request.user, city_code)
    return pdf_response(reports.bdc_profile_pdf(bdc), f"profil-bdc-{slugify(bdc.city.name)}.pdf")
