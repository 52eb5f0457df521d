"""Planning and filling in a visit: one page of sections that each save on their own.

The sections are listed in `monitoring.sections`. Most post to `visit_section`. With htmx the
response is the section's partial, swapped in place, and the submit panel, swapped out of band;
without JavaScript it is the whole page (after a redirect when saved). Sections that overwrite
what is stored (plan, checklist, documents, attendance) carry the version they were loaded
with, so that a second writer is shown the conflict instead of overwriting silently.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotaku.access import cities_writable_by, refusal
from monitoring import forms as f
from monitoring import sections, services
from monitoring.access import can_plan_visits, get_visit_for_editing
from monitoring.models import Attachment, RktlItem, RktlStatus, Visit
from monitoring.sections import Part


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    if not can_plan_visits(request.user):
        raise refusal(request.user)  # only facilitators (and Pusat) plan visits
    cities = list(cities_writable_by(request.user))
    form = f.VisitPlanForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        visit = form.save(commit=False)
        visit.created_by = request.user
        visit.template = f.default_template()
        with transaction.atomic():
            visit.save()
            form.save_m2m()
        messages.success(request, _("Visit planned. Fill in its sections below."))
        return redirect("monitoring:visit_edit", visit.code)
    # 422 for input in error: a phone's outbox keeps the plan until it is corrected.
    status = 422 if form.is_bound else 200
    return render(request, "monitoring/visit_create.html", {"form": form}, status=status)


# ---- The fill-in page ---------------------------------------------------------------------


def _page_context(visit: Visit, bound: Part | None = None, conflict=None) -> dict:
    """The whole page: every section (with `bound`, a failed save, in its place)."""
    reasons = visit.reviews.filter(decision="kembalikan").select_related("reviewer").last()
    return {
        **sections.parts_context(visit, sections.page_parts(visit, bound)),
        "visit": visit,
        "returned_review": reasons if visit.status == Visit.Status.RETURNED else None,
        "conflict": conflict or {},
        "problems": services.submission_problems(visit),
        "section_labels": sections.SECTION_LABELS,
    }


@require_http_methods(["GET"])
def visit_edit(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    context = _page_context(visit)
    # The section just saved without JavaScript stays open (see _respond).
    context["open_section"] = request.GET.get("open")
    return render(request, "monitoring/visit_edit.html", context)


def _respond(request, visit, key: str, *, saved: bool, bound=None, conflict=None, status=200):
    """After a section post: for htmx the section alone, and the submit panel swapped in out
    of band; else the page (or a redirect to it once saved)."""
    if not request.htmx:
        if saved:
            url = reverse("monitoring:visit_edit", args=[visit.code])
            return redirect(f"{url}?open={key}#section-{key}")
        context = {**_page_context(visit, bound, conflict), "open_section": key}
        return render(request, "monitoring/visit_edit.html", context, status=status)
    part = bound or sections.part(visit, key)
    context = {
        **sections.parts_context(visit, [part]),
        "visit": visit,
        "part": part,
        "conflict": conflict or {},
        "problems": services.submission_problems(visit),
        "just_saved": key if saved else None,
        "open_section": key,
    }
    # Always 200 so that htmx swaps the section in, errors and conflicts included.
    response = render(request, "monitoring/visit_section.html", context)
    # Tells the page's script that the server has this section now (clears the local draft).
    response["X-Section-Saved"] = "1" if saved else "0"
    # What the status would be without htmx (422 errors, 409 conflict): a phone's outbox
    # reads it to say why a change it sent was refused.
    response["X-Section-Status"] = str(status)
    return response


@require_POST
def visit_section(request: HttpRequest, code: str, section: str) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    if sections.section_for(section).save is None:
        raise Http404  # photos and findings post to views of their own
    part = sections.part(visit, section, request.POST)
    form, version_form = part.form, part.version
    if not (form.is_valid() and version_form.is_valid()):
        return _respond(request, visit, section, saved=False, bound=part, status=422)
    try:
        services.section_save(
            visit=visit,
            section=section,
            expected_version=version_form.cleaned_data["version"],
            user=request.user,
            save=lambda: part.section.save(visit, form),
        )
    except services.SectionConflict as conflict:
        # Keep the user's input; the form now carries the current version, so saving again
        # overwrites deliberately.
        version_form.data = version_form.data.copy()
        version_form.data[version_form.add_prefix("version")] = services.section_version(
            visit, section
        )
        visit.refresh_from_db()
        return _respond(
            request,
            visit,
            section,
            saved=False,
            bound=part,
            conflict={"section": section, "by": conflict.saved_by, "at": conflict.saved_at},
            status=409,
        )
    if not request.htmx:
        messages.success(request, _("Saved."))
    visit.refresh_from_db()
    return _respond(request, visit, section, saved=True)


@require_POST
def attachment_add(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    bound = sections.part(visit, "attachments", request.POST, request.FILES)
    form = bound.form
    if not form.is_valid():
        return _respond(request, visit, "attachments", saved=False, bound=bound, status=422)
    upload = form.cleaned_data["file"]
    checked = form.checked
    attachment = Attachment(
        visit=visit,
        kind=Attachment.Kind.PHOTO if checked.photo else Attachment.Kind.FILE,
        caption=form.cleaned_data["caption"],
        original_name=upload.name[:200],
        uploaded_by=request.user,
    )
    if checked.photo:
        place = form.photo_place(checked.photo.place)
        attachment.taken_at = place.taken_at
        attachment.latitude, attachment.longitude = place.latitude, place.longitude
    with services.visit_editing(visit, request.user):
        if checked.photo:
            attachment.file.save("photo.jpg", checked.photo.original, save=False)
            attachment.web_image.save("web.jpg", checked.photo.web, save=False)
        else:
            upload.seek(0)
            attachment.file.save(f"file.{checked.extension}", upload, save=False)
        attachment.save()
    return _respond(request, visit, "attachments", saved=True)


@require_POST
def attachment_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    attachment = get_object_or_404(visit.attachments, pk=pk)
    with services.visit_editing(visit, request.user):
        attachment.delete()
    attachment.file.delete(save=False)
    attachment.web_image.delete(save=False)
    return _respond(request, visit, "attachments", saved=True)


@require_POST
def finding_add(request: HttpRequest, code: str) -> HttpResponse:
    """A finding, and the first RKTL action agreed on it when its fields are filled in: in one
    post, so that a finding and its action can be recorded with no connection (an action for
    a finding the server has not seen yet could not name it)."""
    visit = get_visit_for_editing(request.user, code)
    bound = sections.part(visit, "findings", request.POST)
    form = bound.form
    first_action = bound.related[sections.NEW_FINDING] = f.first_action_form(visit, request.POST)
    if not (form.is_valid() and first_action.is_valid()):
        return _respond(request, visit, "findings", saved=False, bound=bound, status=422)
    finding = form.save(commit=False)
    finding.visit = visit
    with services.visit_editing(visit, request.user):
        finding.save()
        if first_action.has_changed():
            _save_rktl_item(first_action, finding, request.user)
    return _respond(request, visit, "findings", saved=True)


def _save_rktl_item(form: f.RktlItemForm, finding, user) -> RktlItem:
    item = form.save(commit=False)
    item.finding, item.city, item.created_by = finding, finding.visit.city, user
    item.original_deadline = item.deadline
    item.save()
    return item


@require_POST
def finding_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    finding = get_object_or_404(visit.findings, pk=pk)
    with services.visit_editing(visit, request.user):
        if _followed_up(finding.rktl_items.all()):
            return _refuse_delete(request, visit)
        finding.rktl_items.all().delete()
        finding.delete()
    return _respond(request, visit, "findings", saved=True)


def _followed_up(items) -> bool:
    """RKTL items with progress already reported are records, not drafts: they stay."""
    return (
        items.exclude(status=RktlStatus.OPEN).exists()
        or items.filter(updates__isnull=False).exists()
    )


def _refuse_delete(request, visit):
    messages.error(
        request, _("This action has progress reported on it and cannot be removed any more.")
    )
    return _respond(request, visit, "findings", saved=False, status=409)


@require_POST
def rktl_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    finding = get_object_or_404(visit.findings, pk=pk)
    form = f.RktlItemForm(request.POST, prefix=f"rktl{finding.pk}", visit=visit)
    if not form.is_valid():
        bound = sections.part(visit, "findings")
        bound.related[finding.pk] = form
        return _respond(request, visit, "findings", saved=False, bound=bound, status=422)
    with services.visit_editing(visit, request.user):
        _save_rktl_item(form, finding, request.user)
    return _respond(request, visit, "findings", saved=True)


@require_POST
def rktl_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    items = RktlItem.objects.filter(finding__visit=visit, pk=pk)
    get_object_or_404(items)
    with services.visit_editing(visit, request.user):
        if _followed_up(items):
            return _refuse_delete(request, visit)
        items.delete()
    return _respond(request, visit, "findings", saved=True)


@require_POST
def visit_submit(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    try:
        services.visit_submit(visit=visit, user=request.user)
    except services.WorkflowError as error:
        # Refused with 409, not a redirect: a submit sent from a phone's outbox must be told.
        messages.error(request, str(error))
        context = {**_page_context(visit), "open_section": None}
        return render(request, "monitoring/visit_edit.html", context, status=409)
    messages.success(request, _("Visit submitted for Korkot review."))
    return redirect("monitoring:visit_detail", visit.code)
