"""State changes of a visit outside its review: reopening after approval, cancelling a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring import services
from monitoring.access import can_cancel_visit, can_reopen_visit, get_visit_for_user
from monitoring.review_forms import CancelForm, ReopenForm
from monitoring.views.visits import render_visit_detail


@require_POST
def visit_reopen(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_user(request.user, code)
    if not can_reopen_visit(request.user, visit):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return render_visit_detail(request, visit, reopen_form=form, status=422)
    try:
        services.visit_reopen(visit=visit, user=request.user, reason=form.cleaned_data["reason"])
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Visit reopened and sent back to the facilitator."))
    return redirect("monitoring:visit_detail", visit.code)


@require_POST
def visit_cancel(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_user(request.user, code)
    if not can_cancel_visit(request.user, visit):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if not form.is_valid():
        return render_visit_detail(request, visit, cancel_form=form, status=422)
    try:
        services.visit_cancel(visit=visit, user=request.user, reason=form.cleaned_data["reason"])
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("monitoring:visit_detail", visit.code)
    messages.success(request, _("Visit cancelled. It is kept, out of lists and counts."))
    return redirect("monitoring:visit_list")
