from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kotaku.history import audit_trail
from monitoring.access import get_rktl_for_user


@require_safe
def rktl_detail(request: HttpRequest, code: str) -> HttpResponse:
    item = get_rktl_for_user(request.user, code)
    context = {
        "item": item,
        "updates": item.updates.select_related("author").prefetch_related("evidence"),
        "history": audit_trail(item),
    }
    return render(request, "monitoring/rktl_detail.html", context)
