"""The dashboard's "Targets" panel: each indicator's actual against its target, per quarter.

Cost: one query per indicator for all the quarters shown (visits per BDC: two), and one for
the targets: seven, whatever the amount of data (tests/monitoring/test_indicators.py). The
indicators are kept like the dashboard's other numbers (kotaku.kept: a few cities' until one
of their records changes, a large area's a few minutes); the targets are always read afresh.
"""

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from kotaku.kept import keeping, kept, kept_with, request_versions
from kotaku.models import City
from monitoring.dashboard.filters import Filters, read_again, shown_cities
from monitoring.dashboard.links import DASH, Num
from monitoring.dashboard.queries import NUMBERS_CACHE_SECONDS
from monitoring.indicators import (
    INDICATORS,
    Actual,
    Indicator,
    Quarter,
    Unit,
    actuals,
    quarters_shown,
)
from monitoring.targets import Area, area_shown, target_for, target_value, targets_near

# How far back the quarter may be chosen.
QUARTERS_OFFERED = 12


def shown_value(unit: str, value) -> str:
    """A value of `unit` as the panel writes it: "52%", "1.25", "1,204"."""
    if value is None:
        return DASH
    if unit == Unit.PERCENT:
        return f"{number_format(value, decimal_pos=0 if value == int(value) else 1)}%"
    if unit == Unit.RATIO:
        return number_format(value, decimal_pos=2)
    return number_format(value, decimal_pos=0, force_grouping=True)


@dataclass
class Cell:
    unit: str
    quarter: Quarter
    actual: Actual
    target: Decimal | None
    met: bool | None
    value: Num  # the indicator's value, linked to the list behind its part
    part: Num
    whole: Num | None

    @property
    def target_shown(self) -> str:
        return shown_value(self.unit, self.target)


@dataclass
class IndicatorRow:
    indicator: Indicator
    current: Cell
    trend: list[Cell]  # the last four quarters, oldest first, ending with the current one
    year_before: Cell


@dataclass
class TargetsPanel:
    area: Area | None
    quarter: Quarter
    rows: list[IndicatorRow] = field(default_factory=list)
    offered: list[Quarter] = field(default_factory=list)
    counted_at: datetime.datetime | None = None  # None: exact (kotaku.kept)


def chosen_quarter(text: str, today: datetime.date) -> Quarter:
    """The quarter asked for ("2026-Q3"), if it is one of those offered; else today's."""
    current = Quarter.of(today)
    asked = Quarter.parse(text or "")
    if asked and current.shifted(-QUARTERS_OFFERED + 1) <= asked <= current:
        return asked
    return current


def _cell(
    indicator: Indicator, quarter: Quarter, actual: Actual, targets, area: Area, filters: Filters
) -> Cell:
    target = target_value(
        target_for(targets, indicator.key, quarter.year, area, inherit=indicator.inherits_target)
    )
    part_url, whole_url = indicator.links(filters, quarter)
    return Cell(
        unit=indicator.unit,
        quarter=quarter,
        actual=actual,
        target=target,
        met=indicator.met(actual, target),
        value=Num(actual.value, part_url, text=shown_value(indicator.unit, actual.value)),
        part=Num(actual.part, part_url, text=_amount(indicator, actual.part)),
        whole=None
        if actual.whole is None
        else Num(actual.whole, whole_url, text=_amount(indicator, actual.whole)),
    )


def _amount(indicator: Indicator, n) -> str:
    # BLM amounts in whole millions of rupiah, like the BLM panel.
    if indicator.key == "blm_use":
        return number_format(round(n / 1_000_000), force_grouping=True)
    return number_format(n, force_grouping=True)


def _numbers_keeping(cities: list[City], filters: Filters, quarters: list[Quarter], version_of):
    """How `actuals` for these quarters are kept, as the dashboard's other numbers are
    (kotaku.kept)."""
    signature = repr(
        (
            "dash-indicators",
            sorted(c.pk for c in cities),
            filters.province and filters.province.pk,
            filters.city and filters.city.pk,
            [q.key for q in quarters],
        )
    )
    shown = [c.pk for c in shown_cities(cities, filters)]
    return keeping(shown, signature, NUMBERS_CACHE_SECONDS, version_of)


def _with_area(area: Area | None, filters: Filters) -> Filters:
    """The area made explicit (a Korkot's one city, a KMW's province): the same records as
    the scope alone, and links that say which area they list (a city's BDC page)."""
    if area and area.city and not filters.city:
        return replace(filters, city=area.city)
    if area and area.province and not (filters.province or filters.city):
        return replace(filters, province=area.province)
    return filters


def targets_panel(
    user,
    cities: list[City],
    filters: Filters,
    quarter: Quarter,
    today: datetime.date,
    version_of=None,
    targets: list | None = None,
) -> TargetsPanel:
    """Every indicator, for the quarter and the four before it, against its target.
    `version_of`: kotaku.kept.request_versions, when the page has read the area's version;
    `targets`: those that apply (`targets_near`), when they were read already."""
    area = area_shown(user, cities, filters)
    current = Quarter.of(today)
    panel = TargetsPanel(
        area=area,
        quarter=quarter,
        offered=[current.shifted(-n) for n in range(QUARTERS_OFFERED)],
    )
    quarters = quarters_shown(quarter)
    filters = _with_area(area, filters)
    keep = _numbers_keeping(cities, filters, quarters, version_of)
    numbers, panel.counted_at = kept(keep, lambda: actuals(user, filters, quarters))
    if targets is None:
        targets = targets_near(area, {q.year for q in quarters}) if area else []
    for indicator in INDICATORS:
        cells = [
            _cell(indicator, q, numbers[indicator.key][q], targets, area or Area(), filters)
            for q in quarters
        ]
        if not area:  # no target applies to a set of cities that is no one area
            for cell in cells:
                cell.target, cell.met = None, None
        panel.rows.append(
            IndicatorRow(
                indicator=indicator, current=cells[-1], trend=cells[1:], year_before=cells[0]
            )
        )
    return panel


def rendered_targets(
    request,
    cities: list[City],
    filters: Filters,
    quarter: Quarter,
    today: datetime.date,
    may_set_targets: bool,
) -> SafeString:
    """The targets panel as HTML, kept as long as its figures (kotaku.kept.kept_with) and
    while the targets that apply stay as they are (read on every request: one query). Its
    fifty linked cells and their template took 5 ms of every dashboard."""
    user, version_of = request.user, request_versions(request)
    area = area_shown(user, cities, filters)
    quarters = quarters_shown(quarter)
    keep = _numbers_keeping(cities, _with_area(area, filters), quarters, version_of)
    targets = targets_near(area, {q.year for q in quarters}) if area else []
    stamp = sorted(
        (t.pk, t.indicator, t.year, t.city_id, t.province_id, str(t.value)) for t in targets
    )
    also = repr((stamp, quarter.key, filters.date_from, filters.date_to, may_set_targets))
    name = f"targets-html:{hashlib.sha256(also.encode()).hexdigest()}"

    def make() -> tuple[str, datetime.datetime | None]:
        # The places as they are at the version the HTML is kept under (see fragments).
        places, narrowed = read_again(user, filters)
        panel = targets_panel(user, places, narrowed, quarter, today, version_of, targets)
        context = {"targets": panel, "filters": narrowed, "may_set_targets": may_set_targets}
        html = render_to_string("monitoring/includes/_dash_targets.html", context)
        return html, panel.counted_at

    return mark_safe(kept_with(keep, name, make))  # rendered by the template engine
