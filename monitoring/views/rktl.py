import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from kotaku import downloads, import_flow
from kotaku.access import cities_readable_by
from kotaku.filter_html import filters_key
from kotaku.history import audit_trail
from kotaku.kept import (
    KeptCountPaginator,
    kept_count,
    kept_rows,
    list_signature,
    request_version,
    request_versions,
)
from kotaku.replica import reads_from_replica
from monitoring import access, jobs
from monitoring import rktl_services as services
from monitoring.access import get_rktl_for_user
from monitoring.models import DeadlineRequest, RktlItem, RktlStatus
from monitoring.rktl_forms import (
    DeadlineDecisionForm,
    DeadlineRequestForm,
    ProgressForm,
    RktlFilterForm,
    VerifyForm,
)
from monitoring.templatetags.rktl_tags import rktl_row

PAGE_SIZE = 30
# What a row of the list shows (rktl_tags.rktl_row).
LIST_ROW_FIELDS = (
    "code", "action", "category", "concern", "pic_name", "pic_tier", "deadline",
    "original_deadline", "status", "city__kind", "city__name",
    "concern_ksm__name", "concern_outlet__name",
)  # fmt: skip


def _filtered(request):
    form = RktlFilterForm(request.GET or None, cities=cities_readable_by(request.user))
    return form, form.filter(RktlItem.objects.visible_to(request.user))


def _status_counts(request, items) -> tuple[dict, datetime.datetime | None]:
    """`items.status_counts()`, and when they were taken if they were kept (a large area's,
    kotaku.kept; None when live)."""
    what = list_signature(request, "rktl-status", ignore=("page", "sort", "status"))
    return kept_count(request.user, what, items.status_counts, version_of=request_versions(request))


@require_safe
@reads_from_replica
def rktl_list(request: HttpRequest) -> HttpResponse:
    request_version(request)  # before the filters' choices: what is kept is read after it
    form, items = _filtered(request)
    # Counted over every status, so that the tabs say what choosing another status would
    # show; the chosen one's count is the length of the list, so no second COUNT(*) runs.
    visible = RktlItem.objects.visible_to(request.user)
    counts, counted_at = _status_counts(request, form.filter(visible, ignore={"status"}))
    status_counts = [(value, label, counts[value]) for value, label in RktlStatus.choices]
    paginator = KeptCountPaginator(items, PAGE_SIZE)
    # As the list itself: the status applies when it is valid, even if another filter is not.
    status = getattr(form, "cleaned_data", {}).get("status")
    paginator.count = counts[status] if status else sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    # Read and written only when the user's cities changed since the page was last shown.
    rows = kept_rows(
        request, "rktl", page, lambda: "".join(map(rktl_row, _page_items(form, items, page)))
    )
    query = request.GET.copy()
    query.pop("page", None)
    without_status = query.copy()
    without_status.pop("status", None)
    context = {
        "filters": form,
        "filters_key": filters_key(request.user, form),
        "page": page,
        "rows": rows,
        "status_counts": status_counts,
        "total": sum(counts.values()),
        "counted_at": counted_at,
        "query": query.urlencode(),
        "status_query": without_status.urlencode(),
    }
    return render(request, "monitoring/rktl_list.html", context)


def _page_items(form, items, page) -> list[RktlItem]:
    """The items of the list's `page`: their ids first, then their rows. Sorting needs only
    indexed columns, so PostgreSQL sorts tens of thousands of index entries instead of
    fetching as many whole rows."""
    if getattr(form, "cleaned_data", {}).get("sort") == "city":
        ids = items.ids_in_city_order((page.number - 1) * PAGE_SIZE, PAGE_SIZE)
    else:
        ids = list(page.object_list.values_list("pk", flat=True))
    # Only what a row shows: the visit's and the KSM's long text would be read for nothing.
    rows = (
        RktlItem.objects.select_related("city", "concern_ksm", "concern_outlet")
        .only(*LIST_ROW_FIELDS)
        .in_bulk(ids)
    )
    return [rows[pk] for pk in ids]


# The RKTL list as a file, by format: (download kind, builder, response, job's title).
EXPORT_FORMATS = {
    "xlsx": (jobs.RKTL_EXPORT, jobs.build_rktl_export, import_flow.xlsx_response,
             gettext_lazy("RKTL list, %(place)s")),
    "csv": (jobs.RKTL_CSV, jobs.build_rktl_csv, import_flow.csv_response,
            gettext_lazy("RKTL list (CSV), %(place)s")),
}  # fmt: skip


@require_safe
def rktl_export(request: HttpRequest, fmt: str = "xlsx") -> HttpResponse:
    """The RKTL list's filters as a workbook or a CSV file (`fmt`, set by the address): sent
    at once for a few cities, prepared by a job for "My downloads" for more than
    DOWNLOAD_JOB_CITIES."""
    kind, build, respond, title = EXPORT_FORMATS[fmt]
    form = _filtered(request)[0]
    if form.is_bound and not form.is_valid():
        # Never export more than the user asked for because one filter was mistyped.
        messages.error(request, _("Correct the filters before downloading."))
        return redirect(f"{reverse('monitoring:rktl_list')}?{request.GET.urlencode()}")
    params = jobs.query_params(request.GET)
    cities = jobs.area_cities(form, request.user)
    if jobs.is_large(cities):
        # A province's or the country's items take minutes: a job prepares the file.
        _items, _cities, place, _slug = jobs.rktl_report_parts(request.user, form)
        download = downloads.request_download(
            user=request.user,
            kind=kind,
            title=title % {"place": place},
            params=params,
            cities=list(cities.values_list("pk", flat=True)),
        )
        return downloads.prepared_response(request, download)
    # Streamed as it is written: the file never waits in memory or on disk.
    stream, filename = build(request.user, params)
    return respond(stream, filename)


def _detail(request, item, *, progress=None, verify=None, deadline=None, decide=None, status=200):
    user = request.user
    requests = list(item.deadline_requests.select_related("requested_by", "decided_by"))
    pending = next((r for r in requests if r.is_pending), None)
    if pending:
        pending.item = item
    may_decide = pending is not None and access.can_decide_deadline(user, pending)
    context = {
        "item": item,
        "updates": item.updates.select_related("author").prefetch_related("evidence"),
        "history": audit_trail(item, [(DeadlineRequest, "item_id")]),
        "today": timezone.localdate(),
        "progress_form": progress
        or (ProgressForm(item=item) if access.can_report_progress(user, item) else None),
        "verify_form": verify or (VerifyForm() if access.can_verify(user, item) else None),
        "deadline_requests": requests,
        "pending_request": pending,
        "deadline_form": deadline
        or (DeadlineRequestForm() if access.can_request_deadline(user, item, pending) else None),
        "decision_form": (decide or DeadlineDecisionForm()) if may_decide else None,
    }
    return render(request, "monitoring/rktl_detail.html", context, status=status)


@require_safe
def rktl_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, get_rktl_for_user(request.user, code))


@require_POST
def rktl_progress(request: HttpRequest, code: str) -> HttpResponse:
    item = get_rktl_for_user(request.user, code)
    if not access.can_report_progress(request.user, item):
        raise PermissionDenied
    form = ProgressForm(request.POST, request.FILES, item=item)
    if not form.is_valid():
        return _detail(request, item, progress=form, status=422)
    try:
        services.rktl_report_progress(
            item=item,
            user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            reason=form.cleaned_data["reason"],
            files=form.cleaned_data["evidence"],
        )
    except services.RktlError as error:
        # 409, not a redirect: a report sent from a phone's outbox must learn it was refused.
        messages.error(request, str(error))
        return _detail(request, item, progress=form, status=409)
    messages.success(request, item.get_status_display())
    return redirect("monitoring:rktl_detail", item.code)


@require_POST
def rktl_verify(request: HttpRequest, code: str) -> HttpResponse:
    item = get_rktl_for_user(request.user, code)
    if not access.can_verify(request.user, item):
        raise PermissionDenied
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, verify=form, status=422)
    try:
        services.rktl_verify(
            item=item,
            user=request.user,
            approve=form.cleaned_data["decision"] == "verify",
            note=form.cleaned_data["note"],
        )
    except services.RktlError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, item.get_status_display())
    return redirect("monitoring:rktl_detail", item.code)


@require_POST
def rktl_deadline(request: HttpRequest, code: str) -> HttpResponse:
    """A facilitator asks for a new deadline; the item keeps its own until it is approved."""
    item = get_rktl_for_user(request.user, code)
    if not access.can_request_deadline(request.user, item, access.pending_deadline_request(item)):
        raise PermissionDenied
    form = DeadlineRequestForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, deadline=form, status=422)
    try:
        services.rktl_deadline_request(
            item=item,
            user=request.user,
            deadline=form.cleaned_data["deadline"],
            reason=form.cleaned_data["reason"],
        )
    except services.RktlError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("New deadline asked for. The current one stands until it is approved.")
        )
    return redirect("monitoring:rktl_detail", item.code)


@require_POST
def rktl_deadline_decide(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The Korkot or KMW approves or refuses a pending request for a new deadline."""
    item = get_rktl_for_user(request.user, code)
    deadline_request = get_object_or_404(item.deadline_requests, pk=pk)
    deadline_request.item = item
    if not access.can_decide_deadline(request.user, deadline_request):
        raise PermissionDenied
    form = DeadlineDecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, decide=form, status=422)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.rktl_deadline_decide(
            request=deadline_request,
            user=request.user,
            approve=approve,
            note=form.cleaned_data["note"],
        )
    except services.RktlError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("New deadline approved.") if approve else _("New deadline refused.")
        )
    return redirect("monitoring:rktl_detail", item.code)
