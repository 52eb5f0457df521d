from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring import services
from monitoring.access import can_review, get_visit_for_user
from monitoring.models import Review
from monitoring.review_forms import ReviewForm
from monitoring.views.visits import render_visit_detail


@require_POST
def visit_review(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_user(request.user, code)
    if not can_review(request.user, visit):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return render_visit_detail(request, visit, review_form=form, status=422)
    try:
        services.visit_review(
            visit=visit,
            user=request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            section_comments=form.section_comments(),
        )
    except services.WorkflowError as error:
        # Someone else reviewed it meanwhile.
        messages.error(request, str(error))
        return redirect("monitoring:visit_detail", visit.code)
    if form.cleaned_data["decision"] == Review.Decision.APPROVE:
        messages.success(request, _("Visit approved."))
    else:
        messages.success(request, _("Visit sent back to the facilitator."))
    return redirect("monitoring:visit_list")
