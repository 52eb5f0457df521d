from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from bdc import reports
from bdc.access import can_change_bdc, get_bdc_for_editing, get_bdc_for_user
from bdc.forms import OutletForm
from bdc.hooks import bdc_page
from bdc.imports import PeopleImport
from bdc.models import BdcPerson, GrantTranche, Outlet
from kotaku import import_flow
from kotaku.access import can_see_personal_data
from kotaku.history import audit_trail
from kotaku.kept import kept_city_html
from kotaku.pdf import pdf_response

PARTNERS_SHOWN = 25


@require_safe
def bdc_detail(request: HttpRequest, city_code: str) -> HttpResponse:
    user = request.user
    bdc = get_bdc_for_user(user, city_code)
    # Komite and Pengelola by name for those who work with them; positions only for Pemda.
    personal = can_see_personal_data(user, bdc.city_id)
    can_import = can_change_bdc(user, bdc)
    context = {
        "bdc": bdc,
        "can_import": can_import,
        "sections": bdc_sections(user, bdc, personal=personal, can_import=can_import),
        # Read afresh: it names the people who made each change, and a user may be renamed.
        "history": audit_trail(
            bdc,
            [(BdcPerson, "bdc_id"), (Outlet, "bdc_id"), (GrantTranche, "bdc_id")]
            if personal
            else [(Outlet, "bdc_id"), (GrantTranche, "bdc_id")],
        ),
    }
    return render(request, "bdc/bdc_detail.html", context)


def bdc_sections(user, bdc, *, personal: bool, can_import: bool) -> str:
    """The page's records as HTML: people, outlets, plan, tranches, partner KSMs, and the visits
    to the BDC with their RKTL items. Kept until a record of the BDC's city changes
    (kotaku.kept; every table shown raises the city's version), for each way of showing them:
    with names or without, with the edit links or without. What it shows is the same for
    everyone who may open the page (all of it is in the BDC's city), so it is kept under the
    BDC, not the user. 20 queries and 25 ms of templates, where kept it costs one lookup."""
    today = timezone.localdate()

    def context() -> dict:
        return {**sections_context(user, bdc, today, personal=personal), "can_import": can_import}

    return kept_city_html(
        bdc.city_id, f"bdc-sections|{bdc.pk}|{personal}|{can_import}", "bdc/_sections.html", context
    )


def sections_context(user, bdc, today, *, personal: bool) -> dict:
    people = list(bdc.people.all())
    activities = list(bdc.plan_activities.all())
    tranches = list(bdc.tranches.all())
    partners = reports.partner_ksms(bdc)
    return {
        "bdc": bdc,
        "personal_data": personal,
        "komite": [p for p in people if p.body == BdcPerson.Body.KOMITE],
        "pengelola": [p for p in people if p.body == BdcPerson.Body.PENGELOLA],
        "composition": reports.composition(people),
        "outlets": bdc.outlets.all(),
        "tranches": tranches,
        "tranche_totals": reports.tranche_totals(tranches),
        "activities": [(a, plan_state(a, today)) for a in activities],
        "plan_progress": (
            round(sum(a.progress_percent for a in activities) / len(activities))
            if activities
            else None
        ),
        # The first of the partner KSMs; all of them are in the registry (a city has a hundred).
        "partners": partners[:PARTNERS_SHOWN],
        "partner_count": partners.count(),
        "today": today,
        # The visits to the BDC and their RKTL items (monitoring registers them).
        **bdc_page.merged(user, bdc, today),
    }


def plan_state(activity, today) -> str:
    """Where a plan activity stands against its dates: done, late, running or planned."""
    if activity.progress_percent >= 100:
        return "done"
    if activity.ends_on < today:
        return "late"
    if activity.starts_on <= today:
        return "running"
    return "planned"


@require_safe
def bdc_profile_pdf(request: HttpRequest, city_code: str) -> HttpResponse:
    bdc = get_bdc_for_user(request.user, city_code)
    pdf = reports.bdc_profile_pdf(
        bdc, personal_data=can_see_personal_data(request.user, bdc.city_id)
    )
    return pdf_response(pdf, f"profil-bdc-{slugify(bdc.city.name)}.pdf")


@require_http_methods(["GET", "POST"])
def people_import(request: HttpRequest, city_code: str) -> HttpResponse:
    bdc = get_bdc_for_editing(request.user, city_code)
    return import_flow.import_page(
        request,
        key=f"bdc-people-{bdc.pk}",
        title=_("Import Komite and Pengelola"),
        subtitle=_("%(bdc)s: one row per person, from an Excel workbook or a CSV file.")
        % {"bdc": bdc},
        kinds=lambda: PeopleImport(bdc).kinds(),
        template_url=reverse("bdc:people_import_template", args=[city_code]),
        done_url=reverse("bdc:bdc_detail", args=[city_code]),
    )


@require_safe
def people_import_template(request: HttpRequest, city_code: str) -> HttpResponse:
    bdc = get_bdc_for_editing(request.user, city_code)
    notes = [
        [_("Body (Komite or Pengelola)"), "Komite, Pengelola"],
        [
            _("Stakeholder group"),
            ", ".join(str(label) for _value, label in BdcPerson.Unsur.choices),
        ],
        [_("Gender"), _("L (male) or P (female)")],
        [_("Yes / No"), _("Ya or Tidak")],
    ]
    return import_flow.xlsx_response(
        import_flow.template_workbook(PeopleImport(bdc).kinds(), notes),
        f"template-komite-pengelola-{slugify(bdc.city.name)}.xlsx",
    )


@require_http_methods(["GET", "POST"])
def outlet_add(request: HttpRequest, city_code: str) -> HttpResponse:
    bdc = get_bdc_for_editing(request.user, city_code)
    form = OutletForm(request.POST or None, instance=Outlet(bdc=bdc))
    return _outlet_form(request, form, bdc, title=_("Add outlet"), saved=_("Outlet added."))


@require_http_methods(["GET", "POST"])
def outlet_edit(request: HttpRequest, city_code: str, pk: int) -> HttpResponse:
    bdc = get_bdc_for_editing(request.user, city_code)
    outlet = get_object_or_404(bdc.outlets, pk=pk)
    form = OutletForm(request.POST or None, instance=outlet)
    return _outlet_form(request, form, bdc, title=_("Edit outlet"), saved=_("Outlet saved."))


def _outlet_form(request, form: OutletForm, bdc, *, title: str, saved: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, saved)
        return redirect(reverse("bdc:bdc_detail", args=[bdc.city.code]) + "#outlets")
    status = 422 if form.is_bound else 200  # a bound form here failed validation
    context = {"form": form, "bdc": bdc, "title": title}
    return render(request, "bdc/outlet_form.html", context, status=status)
