"""The printable profile of a BDC: its people, outlets, grant money and partner KSM."""

from collections import Counter

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone, translation

from bdc.models import Bdc, BdcPerson, Outlet
from kotaku.lib.choices import Gender
from kotaku.pdf import render_pdf
from ksm.models import Ksm, Product, active_member_count


def bdc_profile_pdf(
    bdc: Bdc, *, personal_data: bool, language: str | None = None, today=None
) -> bytes:
    """The BDC profile as PDF bytes; `bdc` from bdc.access.get_bdc_for_user. Without
    `personal_data` (kotaku.access.can_see_personal_data) the people are listed without names."""
    context = bdc_profile_context(bdc, today=today, personal_data=personal_data)
    with translation.override(language or translation.get_language()):
        return render_pdf("reports/bdc_profile.html", context)


def bdc_profile_context(bdc: Bdc, *, personal_data: bool, today=None) -> dict:
    prefetch_related_objects([bdc], "people", "outlets", "tranches", "plan_activities")
    people = list(bdc.people.all())
    partners = partner_ksms(bdc)
    outlets = list(bdc.outlets.all())
    tranches = list(bdc.tranches.all())
    return {
        "bdc": bdc,
        "personal_data": personal_data,
        "place": f"{bdc.city}, {bdc.city.province}",
        "bodies": [
            (label, [p for p in people if p.body == body]) for body, label in BdcPerson.Body.choices
        ],
        "composition": composition(people),
        "outlets": outlets,
        "outlet_kinds": outlet_kinds(outlets),
        "tranches": tranches,
        "tranche_totals": tranche_totals(tranches),
        "activities": bdc.plan_activities.all(),
        "partners": partners,
        "printed_on": today or timezone.localdate(),
    }


def partner_ksms(bdc: Bdc):
    """The BDC's partner KSMs with their active member count and flagship products."""
    return (
        Ksm.objects.filter(city_id=bdc.city_id, is_bdc_partner=True)
        .select_related("kelurahan__kecamatan")
        .annotate(member_count=active_member_count())
        .prefetch_related(
            Prefetch(
                "products", queryset=Product.objects.filter(is_flagship=True), to_attr="flagships"
            )
        )
        .order_by("name")
    )


def composition(people: list[BdcPerson]) -> dict:
    """Active Komite and Pengelola members by stakeholder group (unsur) and gender.

    Rows are the stakeholder groups that have anyone; each row holds counts for
    (Komite men, Komite women, Pengelola men, Pengelola women, total).
    """
    counts = Counter((p.unsur, p.body, p.gender) for p in people if p.is_active)
    keys = [
        (body, gender)
        for body in (BdcPerson.Body.KOMITE, BdcPerson.Body.PENGELOLA)
        for gender in (Gender.MALE, Gender.FEMALE)
    ]
    rows = []
    for unsur, label in BdcPerson.Unsur.choices:
        cells = [counts[(unsur, body, gender)] for body, gender in keys]
        if any(cells):
            rows.append({"label": label, "cells": [*cells, sum(cells)]})
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(keys) + 1)]
    return {"rows": rows, "totals": totals}


def outlet_kinds(outlets: list[Outlet]) -> list[tuple[str, int, int]]:
    """(kind label, active, inactive) per kind of outlet present."""
    active = Counter(o.kind for o in outlets if o.is_active)
    inactive = Counter(o.kind for o in outlets if not o.is_active)
    return [
        (label, active[kind], inactive[kind])
        for kind, label in Outlet.Kind.choices
        if active[kind] or inactive[kind]
    ]


def tranche_totals(tranches) -> dict:
    allocated = sum(t.allocated for t in tranches)
    disbursed = sum(t.disbursed for t in tranches)
    spent = sum(t.spent for t in tranches)
    return {
        "allocated": allocated,
        "disbursed": disbursed,
        "spent": spent,
        "use_rate": float(spent / disbursed) if disbursed else None,
    }
