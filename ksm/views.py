from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kotaku.history import audit_trail
from kotaku.lib.people import gender_totals
from ksm.access import get_ksm_for_user
from ksm.models import Member, Product


@require_safe
def ksm_detail(request: HttpRequest, code: str) -> HttpResponse:
    ksm = get_ksm_for_user(request.user, code)
    members = ksm.members.all()
    context = {
        "ksm": ksm,
        "members": members,
        "member_totals": gender_totals(members),
        "products": ksm.products.all(),
        "assessments": ksm.assessments.select_related("assessed_by"),
        "history": audit_trail(ksm, {"Member": (Member, "ksm_id"), "Product": (Product, "ksm_id")}),
    }
    return render(request, "ksm/ksm_detail.html", context)
