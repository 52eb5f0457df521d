from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from kotaku.access import can_see_personal_data, cities_readable_by
from kotaku.filter_html import filters_key
from kotaku.history import audit_trail
from kotaku.kept import (
    KeptCountPaginator,
    kept_city_parts,
    kept_list_count,
    kept_rows,
    request_version,
)
from kotaku.offline import offline_enabled
from kotaku.replica import reads_from_replica
from monitoring import places, selectors
from monitoring.access import (
    can_cancel_visit,
    can_edit_visit,
    can_plan_visits,
    can_reopen_visit,
    get_visit_for_user,
    review_tier_for,
    visits_waiting_for,
)
from monitoring.attendance import organisations, totals_of
from monitoring.forms import VisitFilterForm
from monitoring.models import Answer, Attendee, DocumentCheck, Finding, Review, Visit
from monitoring.review_forms import CancelForm, ReopenForm, ReviewForm
from monitoring.sections import findings_with_rktl
from monitoring.templatetags.visit_tags import visit_row

VISIT_HISTORY_CHILDREN = [
    (Answer, "visit_id"),
    (DocumentCheck, "visit_id"),
    (Attendee, "visit_id"),
    (Finding, "visit_id"),
]


@require_safe
@reads_from_replica
def visit_list(request: HttpRequest) -> HttpResponse:
    request_version(request)  # before the filters' choices: what is kept is read after it
    user = request.user
    visible = Visit.objects.visible_to(user)
    cities = cities_readable_by(user)
    filters = VisitFilterForm(request.GET or None, cities=cities)
    # Cancelled visits are kept, out of the list unless asked for by their status.
    if request.GET.get("status") != Visit.Status.CANCELLED:
        visible = visible.counted()
    visits = (
        filters.filter(visible).select_related("city", "created_by").order_by("-starts_on", "-id")
    )
    waiting = visits_waiting_for(user)
    showing_waiting = request.GET.get("waiting") == "1"
    if showing_waiting:
        visits = waiting.select_related("city", "created_by").order_by("-starts_on", "-id")
    paginator = KeptCountPaginator(visits, 25)
    pages_counted_at = None
    if not showing_waiting:  # (those waiting are the user's own: few, and not shared)
        paginator.count, pages_counted_at = kept_list_count(request, "visits", visits)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    offline = offline_enabled(user)
    context = {
        "page": page,
        # Read and written only when the user's cities changed since the page was last shown.
        "rows": kept_rows(
            request,
            "visits",
            page,
            lambda: "".join(visit_row(visit, offline) for visit in page.object_list),
            offline,
            # Those waiting for the user's review are theirs alone.
            user.pk if showing_waiting else None,
        ),
        "filters": filters,
        "filters_key": filters_key(user, filters),
        # Listing the visits waiting, the page's own count is that number: not counted twice.
        "waiting_count": page.paginator.count if showing_waiting else waiting.count(),
        "can_plan": can_plan_visits(user),
        "query": query.urlencode(),
        "pages_counted_at": pages_counted_at,
    }
    return render(request, "monitoring/visit_list.html", context)


@require_safe
def visit_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render_visit_detail(request, get_visit_for_user(request.user, code))


def render_visit_detail(
    request, visit: Visit, review_form=None, reopen_form=None, cancel_form=None, status=200
) -> HttpResponse:
    """The readable report of a visit, with the review form when the user may review it, and
    the reopen or cancel form when the user may reopen or cancel it."""
    user = request.user
    review_tier = review_tier_for(user, visit)
    personal = can_see_personal_data(user, visit.city_id)
    context = {
        "visit": visit,
        "parts": visit_parts(visit, personal=personal),
        "can_edit": can_edit_visit(user, visit),
        "review_tier": review_tier,
        # The tier as people call it ("Korkot"), not its stored code.
        "review_tier_label": Review.Tier(review_tier).label if review_tier else "",
        "review_form": review_form or (ReviewForm() if review_tier else None),
        "reopen_form": reopen_form or (ReopenForm() if can_reopen_visit(user, visit) else None),
        "cancel_form": cancel_form or (CancelForm() if can_cancel_visit(user, visit) else None),
    }
    return render(request, "monitoring/visit_detail.html", context, status=status)


def visit_parts(visit: Visit, *, personal: bool) -> dict[str, SafeString]:
    """The visit's header (dates, place, targets, team), timeline, records (checklist and
    answers, document checks, attendance, findings with their RKTL, photos) and change
    history, as HTML by name. Kept until a record of the visit's city changes (kotaku.kept:
    the visit, its team, targets, reviews, records and their history, the checklists'
    wording and people's names all raise the city's version), with names or without, per
    language: everyone who may open the page reads the same. Some 20 queries and 15 ms of
    templates, where kept they cost one lookup; the page's forms are made for each reader."""

    def make() -> dict[str, str]:
        # Read again after the city's version, as everything kept under it.
        visit_now = (
            Visit.objects.select_related("city__province", "created_by").filter(pk=visit.pk).first()
            or visit  # deleted since the page read it: shown as read
        )
        children = [c for c in VISIT_HISTORY_CHILDREN if personal or c[0] is not Attendee]
        return {
            "header": render_to_string(
                "monitoring/includes/_visit_header.html",
                {
                    "visit": visit_now,
                    "target_ksms": visit_now.target_ksms.all(),
                    "target_outlets": visit_now.target_outlets.all(),
                    "team": visit_now.team.all(),
                },
            ),
            "timeline": render_to_string(
                "monitoring/includes/_visit_timeline.html",
                {"timeline": selectors.visit_timeline(visit_now)},
            ),
            "records": render_to_string(
                "monitoring/includes/_visit_records.html", records_context(visit_now, personal)
            ),
            "history": render_to_string(
                "includes/_audit_trail.html", {"history": audit_trail(visit_now, children)}
            ),
        }

    return kept_city_parts(visit.city_id, f"visit|{visit.pk}|{personal}", make)


def records_context(visit: Visit, personal: bool) -> dict:
    # Read once: listed (or grouped by organisation) and counted from the same rows.
    attendees = list(visit.attendees.all())
    return {
        "visit": visit,
        "checklist": selectors.checklist_with_answers(visit),
        "documents": visit.document_checks.all(),
        # Names and disability for those who work with the people; organisations for the
        # rest.
        "attendees": attendees if personal else None,
        "organisations": None if personal else organisations(attendees),
        "totals": totals_of(attendees),
        "findings": findings_with_rktl(visit),
        # Each photo with its place flags, for the reviewers (computed from these rows).
        "attachments": places.flag_photos(visit, visit.attachments.all()),
    }
