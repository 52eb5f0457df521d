from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kotaku.access import scope_for
from kotaku.filter_html import filters_key
from kotaku.replica import reads_from_replica
from monitoring.dashboard import DashboardFilterForm, cities_in_scope
from monitoring.dashboard.fragments import rendered_dashboard
from monitoring.dashboard.targets import chosen_quarter, rendered_targets


@require_safe
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    """RKTL follow-up, visits, attendance, BLM and KSM in the user's area, with filters, and
    the indicators against their targets for a quarter (`?quarter=2026-Q3`, today's by default).

    Every signed-in user may open it; it shows only the cities they may read, and a user
    without an assignment gets a message instead of numbers.
    """
    cities = cities_in_scope(request.user)
    form = DashboardFilterForm(request.GET or None, cities=cities)
    filters = form.filters()
    today = timezone.localdate()
    quarter = chosen_quarter(request.GET.get("quarter", ""), today)
    may_set_targets = scope_for(request.user).national
    context = {
        "form": form,
        # The form's HTML is kept (kotaku.filter_html): its 270 cities' <select> and crispy's
        # templates took a tenth of the national dashboard's time.
        "filters_key": filters_key(request.user, form),
        "filters": filters,
        "cities": cities,
        "dash": rendered_dashboard(request, cities, filters, today) if cities else None,
        "targets": (
            rendered_targets(request, cities, filters, quarter, today, may_set_targets)
            if cities
            else None
        ),
        "quarter": quarter,
    }
    return render(request, "monitoring/dashboard.html", context)
