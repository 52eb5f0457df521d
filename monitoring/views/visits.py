from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kotaku.access import cities_readable_by
from kotaku.history import audit_trail
from monitoring import selectors
from monitoring.access import (
    can_edit_visit,
    can_plan_visits,
    get_visit_for_user,
    review_tier_for,
    visits_waiting_for,
)
from monitoring.attendance import attendance_totals
from monitoring.forms import VisitFilterForm
from monitoring.models import Answer, Attendee, DocumentCheck, Finding, Review, Visit
from monitoring.review_forms import ReviewForm
from monitoring.sections import findings_with_rktl

VISIT_HISTORY_CHILDREN = [
    (Answer, "visit_id"),
    (DocumentCheck, "visit_id"),
    (Attendee, "visit_id"),
    (Finding, "visit_id"),
]


@require_safe
def visit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = Visit.objects.visible_to(user)
    cities = cities_readable_by(user)
    filters = VisitFilterForm(request.GET or None, cities=cities)
    visits = (
        filters.filter(visible).select_related("city", "created_by").order_by("-starts_on", "-id")
    )
    waiting = visits_waiting_for(user)
    if request.GET.get("waiting") == "1":
        visits = waiting.select_related("city", "created_by").order_by("-starts_on", "-id")
    page = Paginator(visits, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "waiting_count": waiting.count(),
        "can_plan": can_plan_visits(user),
        "query": query.urlencode(),
    }
    return render(request, "monitoring/visit_list.html", context)


@require_safe
def visit_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render_visit_detail(request, get_visit_for_user(request.user, code))


def render_visit_detail(request, visit: Visit, review_form=None, status=200) -> HttpResponse:
    """The readable report of a visit, with the review form when the user may review it."""
    review_tier = review_tier_for(request.user, visit)
    context = {
        "visit": visit,
        "checklist": selectors.checklist_with_answers(visit),
        "documents": visit.document_checks.all(),
        "attendees": visit.attendees.all(),
        "totals": attendance_totals(visit),
        "findings": findings_with_rktl(visit),
        "target_ksms": visit.target_ksms.all(),
        "target_outlets": visit.target_outlets.all(),
        "team": visit.team.all(),
        "timeline": selectors.visit_timeline(visit),
        "can_edit": can_edit_visit(request.user, visit),
        "review_tier": review_tier,
        # The tier as people call it ("Korkot"), not its stored code.
        "review_tier_label": Review.Tier(review_tier).label if review_tier else "",
        "review_form": review_form or (ReviewForm() if review_tier else None),
        "attachments": visit.attachments.all(),
        "history": audit_trail(visit, VISIT_HISTORY_CHILDREN),
    }
    return render(request, "monitoring/visit_detail.html", context, status=status)
