from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kotaku.replica import reads_from_replica
from monitoring.dashboard import DashboardFilterForm, build_dashboard, cities_in_scope


@require_safe
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    """RKTL follow-up, visits, attendance, BLM and KSM in the user's area, with filters.

    Every signed-in user may open it; it shows only the cities they may read, and a user
    without an assignment gets a message instead of numbers.
    """
    cities = cities_in_scope(request.user)
    form = DashboardFilterForm(request.GET or None, cities=cities)
    filters = form.filters()
    context = {
        "form": form,
        "filters": filters,
        "cities": cities,
        "dash": build_dashboard(request.user, cities, filters, timezone.localdate())
        if cities
        else None,
    }
    return render(request, "monitoring/dashboard.html", context)
