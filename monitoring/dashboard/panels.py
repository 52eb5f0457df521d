"""Panels: aggregated rows -> table rows with links, and a chart."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pygal
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from kotaku.lib.charts import Series, cached_chart, gaps, legend_of, percent_label
from kotaku.models import City
from ksm.models import Ksm
from monitoring import attendance
from monitoring.dashboard.filters import Filters
from monitoring.dashboard.labels import (
    AGE_COLOURS,
    CATEGORY_COLOURS,
    CATEGORY_SHORT,
    STAGE_COLOURS,
    VISIT_STATUS_COLOURS,
    VISIT_STATUS_SHORT,
)
from monitoring.dashboard.links import (
    Num,
    as_percent,
    list_url,
    percent,
    rktl_list_url,
    visit_list_url,
)
from monitoring.dashboard.queries import AGE_BUCKETS
from monitoring.models import OPEN_STATUSES, RktlCategory, RktlStatus, Visit


@dataclass
class Panel:
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    columns: list = field(default_factory=list)
    chart: str = ""
    legend: list = field(default_factory=list)

    def draw(self, kind: type, labels: list[str], series: list[Series], **config) -> None:
        self.chart = cached_chart(kind, labels, series, **config)
        self.legend = legend_of(series)


@dataclass(frozen=True)
class ProvinceRow:
    """A province standing in for its cities as a row, when an area has too many cities."""

    pk: int
    name: str
    param = "province"  # the list filter its links narrow by


def _at(area) -> dict:
    """The list filter of a row's area: {"city": pk}, or {"province": pk} for a ProvinceRow."""
    return {getattr(area, "param", "city"): area.pk}


def _city_rows(cities: dict[int, City], ids: Iterable[int]) -> list[City]:
    """The cities among `ids`, in the order of the scope (province, then name)."""
    wanted = set(ids)
    return [c for c in cities.values() if c.pk in wanted]


def completion_panel(agg: list[dict], cities: dict[int, City], filters: Filters) -> Panel:
    by_city: dict[int, dict] = defaultdict(lambda: {"total": 0, "verified": 0})
    for row in agg:
        by_city[row["city_id"]]["total"] += row["total"]
        by_city[row["city_id"]]["verified"] += row["verified"]
    base = filters.rktl_params()
    verified = RktlStatus.VERIFIED
    panel = Panel()
    for city in _city_rows(cities, by_city):
        n = by_city[city.pk]
        at = {**base, **_at(city)}
        panel.rows.append(
            {
                "city": city,
                "verified": Num(n["verified"], rktl_list_url(**at, status=verified)),
                "total": Num(n["total"], rktl_list_url(**at)),
                "share": percent(n["verified"], n["total"]),
            }
        )
    total = sum(n["total"] for n in by_city.values())
    done = sum(n["verified"] for n in by_city.values())
    panel.totals = {
        "verified": Num(done, rktl_list_url(**base, status=verified)),
        "total": Num(total, rktl_list_url(**base)),
        "share": percent(done, total),
    }
    if panel.rows:
        rows = panel.rows
        panel.draw(
            pygal.HorizontalStackedBar,
            [r["city"].name for r in rows],
            [
                (gettext("Verified"), gaps(r["verified"].value for r in rows), "#198754"),
                (
                    gettext("Not yet verified"),
                    gaps(r["total"].value - r["verified"].value for r in rows),
                    "#ced4da",
                ),
            ],
        )
    return panel


def overdue_panel(agg: list[dict], cities: dict[int, City], filters: Filters) -> Panel:
    """Overdue items per city and category (a matrix), and per category (a short list)."""
    cell: dict[tuple[int, str], int] = defaultdict(int)
    for row in agg:
        if row["overdue"]:
            cell[row["city_id"], row["category"]] += row["overdue"]
    base = {**filters.rktl_params(), "overdue": 1}
    categories = list(RktlCategory)
    panel = Panel(columns=[(c, CATEGORY_SHORT[c], c.label) for c in categories])
    for city in _city_rows(cities, {city_id for city_id, _category in cell}):
        at = {**base, **_at(city)}
        panel.rows.append(
            {
                "city": city,
                "cells": [
                    Num(cell[city.pk, c], rktl_list_url(**at, category=c)) for c in categories
                ],
                "total": Num(sum(cell[city.pk, c] for c in categories), rktl_list_url(**at)),
            }
        )
    by_category = [
        Num(sum(n for (_, cat), n in cell.items() if cat == c), rktl_list_url(**base, category=c))
        for c in categories
    ]
    panel.totals = {
        "cells": by_category,
        "by_category": list(zip(categories, by_category, strict=True)),
        "total": Num(sum(cell.values()), rktl_list_url(**base)),
    }
    if panel.rows:
        shown = [i for i, n in enumerate(by_category) if n.value]
        panel.draw(
            pygal.HorizontalStackedBar,
            [r["city"].name for r in panel.rows],
            [
                (
                    CATEGORY_SHORT[categories[i]],
                    gaps(r["cells"][i].value for r in panel.rows),
                    CATEGORY_COLOURS[i],
                )
                for i in shown
            ],
        )
    return panel


def age_panel(agg: list[dict], filters: Filters, today: datetime.date) -> Panel:
    """Open and in-progress items by age bucket: one row per bucket, one column per status."""
    by_status = {row["status"]: row for row in agg}
    base = filters.rktl_params()
    panel = Panel(columns=[(s, s.label) for s in OPEN_STATUSES])
    for bucket in AGE_BUCKETS:
        # created_from/created_to: the RKTL list must filter created_at's date on them.
        first, last = bucket.created_range(today)
        counts = [by_status.get(s, {}).get(bucket.key, 0) for s in OPEN_STATUSES]
        panel.rows.append(
            {
                "bucket": bucket,
                "cells": [
                    Num(
                        n,
                        rktl_list_url(**base, status=s, created_from=first, created_to=last),
                    )
                    for s, n in zip(OPEN_STATUSES, counts, strict=True)
                ],
                # Both statuses together have no single list: the RKTL list takes one status.
                "total": Num(sum(counts)),
            }
        )
    status_totals = [sum(r["cells"][i].value for r in panel.rows) for i in range(2)]
    panel.totals = {
        "cells": [
            Num(n, rktl_list_url(**base, status=s))
            for s, n in zip(OPEN_STATUSES, status_totals, strict=True)
        ],
        "total": Num(sum(status_totals)),
    }
    if sum(status_totals):
        panel.draw(
            pygal.StackedBar,
            [b.short for b in AGE_BUCKETS],
            [
                (s.label, gaps(r["cells"][i].value for r in panel.rows), colour)
                for i, (s, colour) in enumerate(zip(OPEN_STATUSES, AGE_COLOURS, strict=True))
            ],
            x_title=gettext("days since the item was agreed"),
        )
    return panel


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def visits_panel(agg: list[dict], filters: Filters) -> Panel:
    count = {(row["month"], row["status"]): row["n"] for row in agg}
    statuses = [s for s in Visit.Status if s != Visit.Status.CANCELLED]
    panel = Panel(columns=[(s, VISIT_STATUS_SHORT[s], s.label) for s in statuses])
    base = filters.visit_params()
    months = []
    if count:
        found = [month for month, _ in count]
        # Every month from the first to the last, so that a month without visits shows.
        months = _months(filters.date_from or min(found), filters.date_to or max(found))
    for month in reversed(months):  # newest first in the table
        # The month, clipped to the period.
        at = {
            **base,
            "date_from": max(month, filters.date_from or month),
            "date_to": min(_month_end(month), filters.date_to or _month_end(month)),
        }
        panel.rows.append(
            {
                "month": month,
                "label": date_format(month, "M Y"),
                "cells": [
                    Num(count.get((month, s), 0), visit_list_url(**at, status=s)) for s in statuses
                ],
                "total": Num(sum(count.get((month, s), 0) for s in statuses), visit_list_url(**at)),
            }
        )
    panel.totals = {
        "cells": [
            Num(sum(n for (_, st), n in count.items() if st == s), visit_list_url(**base, status=s))
            for s in statuses
        ],
        "total": Num(sum(count.values()), visit_list_url(**base)),
    }
    if panel.rows:
        chronological = panel.rows[::-1]
        panel.draw(
            pygal.StackedBar,
            [date_format(r["month"], "M y") for r in chronological],
            [
                (
                    VISIT_STATUS_SHORT[s],
                    gaps(r["cells"][i].value for r in chronological),
                    VISIT_STATUS_COLOURS[s],
                )
                for i, s in enumerate(statuses)
                if panel.totals["cells"][i].value
            ],
            x_label_rotation=-60 if len(months) > 4 else 0,
        )
    return panel


def attendance_panel(agg: list[dict], cities: dict[int, City], filters: Filters) -> Panel:
    by_city = {row["visit__city_id"]: row for row in agg}
    base = filters.visit_params()
    panel = Panel()
    for city in _city_rows(cities, by_city):
        n = by_city[city.pk]
        # The visits the attendees were recorded in.
        url = visit_list_url(**{**base, **_at(city)})
        panel.rows.append(
            {
                "city": city,
                "women": Num(n["women"], url),
                "total": Num(n["total"], url),
                "disabled": Num(n["disabled"], url),
                "share": as_percent(attendance.women_share(n["women"], n["total"])),
            }
        )
    url = visit_list_url(**base)
    women = sum(r["women"] for r in agg)
    total = sum(r["total"] for r in agg)
    panel.totals = {
        "women": Num(women, url),
        "total": Num(total, url),
        "disabled": Num(sum(r["disabled"] for r in agg), url),
        "share": as_percent(attendance.women_share(women, total)),
    }
    if panel.rows:
        panel.draw(
            pygal.HorizontalBar,
            [r["city"].name for r in panel.rows],
            [(gettext("Women"), [r["share"].value for r in panel.rows], "#d63384")],
            range=(0, 100),
            print_values=True,
            value_formatter=percent_label,
        )
    return panel


def _millions(amount, url: str = "") -> Num:
    """A rupiah amount shown in whole millions (juta): full amounts are too wide for a phone."""
    if amount is None:
        return Num(None, url)
    return Num(amount, url, text=number_format(round(amount / 1_000_000), force_grouping=True))


def blm_panel(agg: list[dict], cities: dict[int, City]) -> Panel:
    by_city = {row["city_id"]: row for row in agg}
    panel = Panel()
    for city in _city_rows(cities, by_city):
        n = by_city[city.pk]
        # The BDC's page lists its tranches: the records behind these sums (a province's
        # row opens the dashboard of the province).
        if isinstance(city, ProvinceRow):
            url = list_url("monitoring:dashboard", {"province": city.pk})
        else:
            url = reverse("bdc:bdc_detail", args=[n["city__code"]])
        panel.rows.append(
            {
                "city": city,
                "bdc": n["name"],
                "url": url,
                "tranches": Num(n["n_tranches"], url),
                "allocated": _millions(n["allocated"], url),
                "disbursed": _millions(n["disbursed"], url),
                "spent": _millions(n["spent"], url),
                "use": percent(n["spent"] or 0, n["disbursed"] or 0),
            }
        )
    allocated = sum(r["allocated"] or 0 for r in agg)
    disbursed = sum(r["disbursed"] or 0 for r in agg)
    spent = sum(r["spent"] or 0 for r in agg)
    panel.totals = {
        "tranches": Num(sum(r["n_tranches"] for r in agg)),
        "allocated": _millions(allocated),
        "disbursed": _millions(disbursed),
        "spent": _millions(spent),
        "use": percent(spent, disbursed),
    }
    if panel.rows:
        panel.draw(
            pygal.HorizontalBar,
            [r["city"].name for r in panel.rows],
            [(gettext("Spent / disbursed"), [r["use"].value for r in panel.rows], "#0b6e4f")],
            range=(0, 100),
            print_values=True,
            value_formatter=percent_label,
        )
    return panel


def ksm_panel(agg: list[dict], cities: dict[int, City]) -> Panel:
    # No KSM list page exists yet, so these numbers are not links.
    count = {(row["city_id"], row["ppmk_stage"]): row["n"] for row in agg}
    stages = list(Ksm.PpmkStage)
    panel = Panel(columns=stages)
    for city in _city_rows(cities, {city_id for city_id, _stage in count}):
        cells = [Num(count.get((city.pk, s), 0)) for s in stages]
        panel.rows.append({"city": city, "cells": cells, "total": Num(sum(c.value for c in cells))})
    panel.totals = {
        "cells": [Num(sum(n for (_, st), n in count.items() if st == s)) for s in stages],
        "total": Num(sum(count.values())),
    }
    if panel.rows:
        panel.draw(
            pygal.HorizontalStackedBar,
            [r["city"].name for r in panel.rows],
            [
                (
                    gettext("Stage %(stage)s") % {"stage": s.name},
                    gaps(r["cells"][i].value for r in panel.rows),
                    colour,
                )
                for i, (s, colour) in enumerate(zip(stages, STAGE_COLOURS, strict=True))
            ],
        )
    return panel
