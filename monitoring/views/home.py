from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kotaku.access import scope_for
from monitoring.access import can_plan_visits
from monitoring.selectors import needs_attention


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    assignments = request.user.assignments.select_related("city", "province")
    context = {
        "scope": scope,
        "assignments": assignments,
        "needs": needs_attention(request.user) if scope.has_assignment else {},
        "can_plan": can_plan_visits(request.user),
    }
    return render(request, "monitoring/home.html", context)
