"""Planning and filling in a visit: one page of sections that each save on their own.

Each section posts to `visit_section`. With htmx the response is the section's partial, swapped
in place; without JavaScript it is the whole page (after a redirect when saved). Sections that
overwrite what is stored (plan, checklist, documents, attendance) carry the version they were
loaded with, so that a second writer is shown the conflict instead of overwriting silently.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotaku.access import cities_writable_by
from monitoring import forms as f
from monitoring import services
from monitoring.access import get_visit_for_editing
from monitoring.attendance import attendance_totals, script_definition
from monitoring.models import Answer, Attachment, ChecklistSection, RktlItem, RktlStatus, Visit
from monitoring.selectors import findings_with_rktl


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    cities = list(cities_writable_by(request.user))
    if not cities:
        raise Http404  # only facilitators (and Pusat) plan visits
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
    return render(request, "monitoring/visit_create.html", {"form": form})


# ---- The fill-in page ---------------------------------------------------------------------


def _sections(visit: Visit):
    return list(
        ChecklistSection.objects.filter(template_id=visit.template_id).prefetch_related("items")
    )


def _section_forms(request, visit: Visit, bound: dict | None = None) -> dict:
    """Unbound forms for every section, with `bound` ones (a failed save) in their place."""
    bound = bound or {}
    version = lambda key: {"version": services.section_version(visit, key)}  # noqa: E731
    answers = {a.item_id: a for a in Answer.objects.filter(visit=visit)}
    cities = [visit.city]
    forms = {
        "plan": bound.get("plan")
        or (
            f.VisitPlanForm(instance=visit, cities=cities),
            f.VersionedForm(initial=version("plan")),
        ),
        "documents": bound.get("documents")
        or (
            f.DocumentCheckFormSet(instance=visit, prefix="doc"),
            f.VersionedForm(initial=version("documents")),
        ),
        "attendees": bound.get("attendees")
        or (
            f.AttendeeFormSet(instance=visit, prefix="att"),
            f.VersionedForm(initial=version("attendees")),
        ),
        "finding": bound.get("finding") or f.FindingForm(visit=visit),
        "attachment": bound.get("attachment") or f.AttachmentForm(),
        "rktl": bound.get("rktl") or {},
    }
    forms["checklist"] = [
        bound.get(f"checklist-{s.code}")
        or f.ChecklistSectionForm(
            section=s, answers=answers, initial=version(f"checklist-{s.code}"), prefix=f"cl{s.code}"
        )
        for s in _sections(visit)
    ]
    for form in forms["checklist"]:
        form.meta = visit.section_meta.get(f"checklist-{form.section.code}", {})
        form.server_answers = [answers[i.pk] for i in form.items if i.pk in answers]
        form.progress = f"{len(form.server_answers)}/{len(form.items)}"
    return forms


def _findings(visit: Visit, bound_rktl: dict):
    findings = list(findings_with_rktl(visit))
    for finding in findings:
        finding.rktl_form = bound_rktl.get(finding.pk) or f.RktlItemForm(prefix=f"rktl{finding.pk}")
    return findings


def _edit_context(request, visit: Visit, bound=None, conflict=None) -> dict:
    reasons = visit.reviews.filter(decision="kembalikan").select_related("reviewer").last()
    forms = _section_forms(request, visit, bound)
    return {
        "visit": visit,
        "forms": forms,
        "attachments": visit.attachments.all(),
        "findings": _findings(visit, forms["rktl"]),
        "totals": attendance_totals(visit),
        "attendance_definition": script_definition(),
        "returned_review": reasons if visit.status == Visit.Status.RETURNED else None,
        "conflict": conflict or {},
        "section_meta": visit.section_meta,
        "problems": services.submission_problems(visit),
        "section_labels": f.SECTION_LABELS,
    }


@require_http_methods(["GET"])
def visit_edit(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    context = _edit_context(request, visit)
    # The section just saved without JavaScript stays open (see _respond).
    context["open_section"] = request.GET.get("open")
    return render(request, "monitoring/visit_edit.html", context)


def _respond(request, visit, section: str, *, saved: bool, bound=None, conflict=None, status=200):
    """After a section post: the section partial for htmx, else the page (or a redirect)."""
    if saved and not request.htmx:
        url = reverse("monitoring:visit_edit", args=[visit.code])
        return redirect(f"{url}?open={section}#section-{section}")
    context = _edit_context(request, visit, bound, conflict)
    context["just_saved"] = section if saved else None
    context["open_section"] = section
    if request.htmx:
        template = f"monitoring/includes/_section_{section.split('-')[0]}.html"
        if section.startswith("checklist-"):
            code = section.split("-", 1)[1]
            context["cform"] = next(
                c for c in context["forms"]["checklist"] if c.section.code == code
            )
        # Always 200 so that htmx swaps the section in, errors and conflicts included.
        response = render(request, template, context)
        # Tells the page's script that the server has this section now (clears the local draft).
        response["X-Section-Saved"] = "1" if saved else "0"
        return response
    return render(request, "monitoring/visit_edit.html", context, status=status)


@require_POST
def visit_section(request: HttpRequest, code: str, section: str) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    version_form = f.VersionedForm(request.POST)
    if section == "plan":
        form = f.VisitPlanForm(request.POST, instance=visit, cities=[visit.city])
        bound = {"plan": (form, version_form)}
        save = lambda: save_plan(form)  # noqa: E731
    elif section in ("documents", "attendees"):
        formset_class = f.DocumentCheckFormSet if section == "documents" else f.AttendeeFormSet
        form = formset_class(request.POST, instance=visit, prefix=section[:3])
        bound = {section: (form, version_form)}
        save = form.save
    elif section.startswith("checklist-"):
        checklist_section = get_object_or_404(
            ChecklistSection.objects.prefetch_related("items"),
            template_id=visit.template_id,
            code=section.split("-", 1)[1],
        )
        answers = {a.item_id: a for a in Answer.objects.filter(visit=visit)}
        form = version_form = f.ChecklistSectionForm(
            request.POST,
            section=checklist_section,
            answers=answers,
            prefix=f"cl{checklist_section.code}",
        )
        bound = {section: form}
        save = lambda: form.save(visit)  # noqa: E731
    else:
        raise Http404

    if not (form.is_valid() and version_form.is_valid()):
        return _respond(request, visit, section, saved=False, bound=bound, status=422)
    try:
        services.section_save(
            visit=visit,
            section=section,
            expected_version=version_form.cleaned_data["version"],
            user=request.user,
            save=save,
        )
    except services.SectionConflict as conflict:
        # Keep the user's input; the form now carries the current version, so saving again
        # overwrites deliberately.
        version_form.data = version_form.data.copy()
        prefix = f"{form.prefix}-" if section.startswith("checklist-") and form.prefix else ""
        version_form.data[f"{prefix}version"] = services.section_version(visit, section)
        visit.refresh_from_db()
        return _respond(
            request,
            visit,
            section,
            saved=False,
            bound=bound,
            conflict={"section": section, "by": conflict.saved_by, "at": conflict.saved_at},
            status=409,
        )
    if not request.htmx:
        messages.success(request, _("Saved."))
    visit.refresh_from_db()
    return _respond(request, visit, section, saved=True)


def save_plan(form: f.VisitPlanForm) -> None:
    """Write only the plan's own columns: status and the rest may have changed meanwhile."""
    visit = form.save(commit=False)
    m2m = {field.name for field in Visit._meta.many_to_many}
    visit.save(update_fields=[name for name in form.Meta.fields if name not in m2m | {"city"}])
    form.save_m2m()


@require_POST
def attachment_add(request: HttpRequest, code: str) -> HttpResponse:
    visit = get_visit_for_editing(request.user, code)
    form = f.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _respond(
            request, visit, "attachments", saved=False, bound={"attachment": form}, status=422
        )
    upload = form.cleaned_data["file"]
    checked = form.checked
    attachment = Attachment(
        visit=visit,
        kind=Attachment.Kind.PHOTO if checked.photo else Attachment.Kind.FILE,
        caption=form.cleaned_data["caption"],
        original_name=upload.name[:200],
        uploaded_by=request.user,
    )
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
    visit = get_visit_for_editing(request.user, code)
    form = f.FindingForm(request.POST, visit=visit)
    if not form.is_valid():
        return _respond(
            request, visit, "findings", saved=False, bound={"finding": form}, status=422
        )
    finding = form.save(commit=False)
    finding.visit = visit
    with services.visit_editing(visit, request.user):
        finding.save()
    return _respond(request, visit, "findings", saved=True)


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
    form = f.RktlItemForm(request.POST, prefix=f"rktl{finding.pk}")
    if not form.is_valid():
        return _respond(
            request, visit, "findings", saved=False, bound={"rktl": {finding.pk: form}}, status=422
        )
    item = form.save(commit=False)
    item.finding, item.city, item.created_by = finding, visit.city, request.user
    item.original_deadline = item.deadline
    with services.visit_editing(visit, request.user):
        item.save()
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
        messages.error(request, str(error))
        return redirect("monitoring:visit_edit", visit.code)
    messages.success(request, _("Visit submitted for Korkot review."))
    return redirect("monitoring:visit_detail", visit.code)
