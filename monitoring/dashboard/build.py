"""The whole dashboard: the numbers counted (or cached), rolled up to provinces for a large
area, and made into panels."""

import datetime
from dataclasses import dataclass

from django.utils.translation import ngettext

from kotaku.kept import Keeping
from kotaku.models import City
from monitoring.dashboard.filters import AREA_ROWS_MAX, Filters, shown_cities
from monitoring.dashboard.panels import (
    Panel,
    ProvinceRow,
    age_panel,
    attendance_panel,
    blm_panel,
    completion_panel,
    ksm_panel,
    overdue_panel,
    visits_panel,
)
from monitoring.dashboard.queries import cached_numbers


@dataclass
class Dashboard:
    completion: Panel
    overdue: Panel
    age: Panel
    visits: Panel
    attendance: Panel
    blm: Panel
    ksm: Panel
    # True when the rows are provinces (an area of more than AREA_ROWS_MAX cities).
    by_province: bool = False
    # When the numbers were counted, if they come from the cache (None: counted now).
    counted_at: datetime.datetime | None = None
    # Open items past the deadline first agreed, counted whatever approved changes moved it.
    overdue_original: int = 0


def _roll_up(rows: list[dict], key: str, to_province: dict, group=(), sums=()) -> list[dict]:
    """Rows per city summed into rows per province (`key` then holds the province id)."""
    out: dict[tuple, dict] = {}
    for row in rows:
        province = to_province[row[key]]
        acc = out.setdefault(
            (province, *(row[g] for g in group)),
            {key: province, **{g: row[g] for g in group}, **dict.fromkeys(sums, 0)},
        )
        for f in sums:
            acc[f] += row[f] or 0
    return list(out.values())


def by_province(numbers: dict, cities: list[City]) -> tuple[dict, dict[int, ProvinceRow]]:
    to_province = {c.pk: c.province_id for c in cities}
    areas = {
        c.province_id: ProvinceRow(c.province_id, c.province.name)
        for c in sorted(cities, key=lambda c: c.province.name)
    }
    counts = ("total", "verified", "overdue", "overdue_original")
    tranches = [{**row, "n_bdc": 1} for row in numbers["tranches"]]
    tranche_sums = ("n_bdc", "n_tranches", "allocated", "disbursed", "spent")
    return {
        **numbers,
        "rktl": _roll_up(numbers["rktl"], "city_id", to_province, ("category",), counts),
        "attendance": _roll_up(
            numbers["attendance"], "visit__city_id", to_province, (), ("total", "women", "disabled")
        ),
        "tranches": [
            {**row, "name": ngettext("%(n)d BDC", "%(n)d BDCs", row["n_bdc"]) % {"n": row["n_bdc"]}}
            for row in _roll_up(tranches, "city_id", to_province, (), tranche_sums)
        ],
        "ksm": _roll_up(numbers["ksm"], "city_id", to_province, ("ppmk_stage",), ("n",)),
    }, areas


def build_dashboard(
    user, cities: list[City], filters: Filters, today: datetime.date, keep: Keeping | None = None
) -> Dashboard:
    """Every panel of the dashboard: six aggregated queries, whatever the amount of data
    (none when the numbers are kept as `keep` says and were counted before)."""
    numbers, counted_at = cached_numbers(user, filters, today, keep)
    shown = shown_cities(cities, filters)
    areas: dict = {c.pk: c for c in cities}
    rolled = len(shown) > AREA_ROWS_MAX
    if rolled:
        numbers, areas = by_province(numbers, shown)
    rktl = numbers["rktl"]
    return Dashboard(
        completion=completion_panel(rktl, areas, filters),
        overdue=overdue_panel(rktl, areas, filters),
        age=age_panel(numbers["age"], filters, today),
        visits=visits_panel(numbers["visits"], filters),
        attendance=attendance_panel(numbers["attendance"], areas, filters),
        blm=blm_panel(numbers["tranches"], areas),
        ksm=ksm_panel(numbers["ksm"], areas),
        by_province=rolled,
        counted_at=counted_at,
        overdue_original=sum(row.get("overdue_original", 0) for row in rktl),
    )
