"""Pusat's targets pages: the year's targets as an indicator-by-area grid, and the form."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kotaku.access import refusal, scope_for
from monitoring.indicators import INDICATORS
from monitoring.models import Target
from monitoring.target_forms import TargetForm


def _pusat_only(user) -> None:
    """Targets are set by Pusat; everyone else reads them on the dashboard (403, or 404 for a
    user without any area)."""
    if not scope_for(user).national:
        raise refusal(user)


def _year(text: str) -> int:
    """The year asked for (2000 to 2100), else this year."""
    if len(text) == 4 and text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


@require_safe
def target_list(request: HttpRequest) -> HttpResponse:
    _pusat_only(request.user)
    year = _year(request.GET.get("year", ""))
    targets = Target.objects.filter(year=year).select_related("province", "city__province")
    # One row per area that has a target: the country first, then provinces, then cities.
    rows: dict[tuple, dict] = {}
    for t in targets:
        if t.city_id:
            key, name = (2, t.city.province.name, t.city.name), str(t.city)
        elif t.province_id:
            key, name = (1, t.province.name, ""), t.province.name
        else:
            key, name = (0, "", ""), _("National")
        rows.setdefault(key, {"name": name, "kind": t.area_kind, "cells": {}})["cells"][
            t.indicator
        ] = t
    grid = [
        {**row, "cells": [row["cells"].get(i.key) for i in INDICATORS]}
        for _key, row in sorted(rows.items())
    ]
    context = {
        "year": year,
        "indicators": INDICATORS,
        "grid": grid,
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "monitoring/target_list.html", context)


@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _pusat_only(request.user)
    target = get_object_or_404(Target, pk=pk) if pk else None
    initial = {"year": _year(request.GET.get("year", ""))} if target is None else None
    form = TargetForm(request.POST or None, instance=target, initial=initial)
    if form.is_valid():
        saved = form.save(commit=False)
        saved.set_by = request.user
        saved.set_at = timezone.now()
        saved._history_user = request.user
        saved.save()
        messages.success(request, _("The target is saved."))
        return redirect(reverse("monitoring:target_list") + f"?year={saved.year}")
    status = 422 if form.is_bound else 200
    return render(
        request,
        "monitoring/target_form.html",
        {"form": form, "target": target, "indicators": INDICATORS},
        status=status,
    )
