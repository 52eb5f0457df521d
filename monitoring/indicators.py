"""The program's indicators: each defined once, here, with the text that explains it.

An indicator is counted per quarter, for the user's scope narrowed to an area (the
dashboard's province or city filter), for several quarters at once: one grouped query per
indicator (conditional aggregates, one pair of columns per quarter), so the cost does not
grow with the number of quarters or records. Targets (monitoring.models.Target) are yearly
and apply to each quarter of their year.

Each indicator also says where its numbers can be checked: the list behind the part and the
whole (`links`), filtered exactly as the count is.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bdc.models import Bdc, GrantTranche
from kotaku.lib.people import COUNTED
from ksm.models import Ksm, formed_by_q
from monitoring import attendance
from monitoring.dashboard.filters import Filters
from monitoring.dashboard.links import list_url, rktl_list_url, share, visit_list_url
from monitoring.models import (
    Attendee,
    IndicatorKey,
    RktlItem,
    Visit,
    verified_on_time_q,
)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> "Quarter | None":
        """ "2026-Q3" as a quarter (years 2000 to 2100); None for anything else."""
        year, sep, number = text.strip().upper().partition("-Q")
        if not (sep and len(year) == 4 and year.isascii() and year.isdigit()):
            return None
        if number not in ("1", "2", "3", "4"):
            return None
        if not 2000 <= int(year) <= 2100:
            return None
        return cls(int(year), int(number))

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return gettext("Q%(number)d %(year)d") % {"number": self.number, "year": self.year}

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        after = self.shifted(1).start
        return after - datetime.timedelta(days=1)

    def shifted(self, quarters: int) -> "Quarter":
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    def __str__(self) -> str:
        return self.label


def quarters_shown(current: Quarter) -> list[Quarter]:
    """The quarters the targets panel shows: the current one and the four before it, oldest
    first; the first of them is the same quarter a year before."""
    return [current.shifted(-n) for n in range(4, -1, -1)]


class Unit:
    PERCENT = "percent"
    COUNT = "count"
    RATIO = "ratio"


@dataclass(frozen=True)
class Actual:
    """An indicator's number for a quarter: `part` of `whole` (the whole is None for a count)."""

    unit: str
    part: int | Decimal
    whole: int | Decimal | None = None

    @property
    def value(self) -> int | Decimal | None:
        """Percent: whole percent (None without a whole); ratio: two decimals; count: part."""
        if self.unit == Unit.COUNT:
            return self.part
        if not self.whole:
            return None
        if self.unit == Unit.PERCENT:
            return share(self.part, self.whole)
        return (Decimal(self.part) / Decimal(self.whole)).quantize(Decimal("0.01"))


Counter = Callable[[object, Filters, list[Quarter]], dict[Quarter, Actual]]
Linker = Callable[[Filters, Quarter], tuple[str, str]]


@dataclass(frozen=True)
class Indicator:
    key: str
    unit: str
    summary: str  # one line, shown beside the number
    definition: str  # the full rule, shown on demand
    count: Counter
    links: Linker  # the lists behind (part, whole) for a quarter; "" when there is none
    target_help: str = ""
    # Whether a city without its own target takes its province's (else the national) one:
    # true of rates; a count (KSMs) of the whole country says nothing of one city.
    inherits_target: bool = True
    higher_is_better: bool = True

    @property
    def label(self) -> str:
        return IndicatorKey(self.key).label

    def met(self, actual: Actual, target: Decimal | None) -> bool | None:
        """Whether the actual reaches the target (None when either is missing)."""
        value = actual.value
        if value is None or target is None:
            return None
        return Decimal(value) >= target if self.higher_is_better else Decimal(value) <= target


def _in(quarter: Quarter, field: str) -> Q:
    return Q(**{f"{field}__gte": quarter.start, f"{field}__lte": quarter.end})


def _span(quarters: list[Quarter], field: str) -> Q:
    return Q(**{f"{field}__gte": quarters[0].start, f"{field}__lte": quarters[-1].end})


# ---- RKTL items verified by their first agreed deadline ---------------------------------


def count_rktl_on_time(user, filters: Filters, quarters: list[Quarter]) -> dict[Quarter, Actual]:
    qs = filters.area(RktlItem.objects.visible_to(user)).filter(
        _span(quarters, "original_deadline")
    )
    on_time = verified_on_time_q()
    row = qs.aggregate(
        **{f"whole_{q.key}": Count("id", filter=_in(q, "original_deadline")) for q in quarters},
        **{
            f"part_{q.key}": Count("id", filter=_in(q, "original_deadline") & on_time)
            for q in quarters
        },
    )
    return {q: Actual(Unit.PERCENT, row[f"part_{q.key}"], row[f"whole_{q.key}"]) for q in quarters}


def links_rktl_on_time(filters: Filters, quarter: Quarter) -> tuple[str, str]:
    at = {
        **filters.area_params(),
        "first_deadline_from": quarter.start,
        "first_deadline_to": quarter.end,
    }
    return rktl_list_url(**at, on_time=1), rktl_list_url(**at)


# ---- KSMs at PPMK stage II or III -----------------------------------------------------


def count_ksm_advanced(user, filters: Filters, quarters: list[Quarter]) -> dict[Quarter, Actual]:
    qs = filters.area(Ksm.objects.visible_to(user)).filter(ppmk_stage__gte=Ksm.PpmkStage.II)
    row = qs.aggregate(**{q.key: Count("id", filter=formed_by_q(q.end)) for q in quarters})
    return {q: Actual(Unit.COUNT, row[q.key]) for q in quarters}


def links_ksm_advanced(filters: Filters, quarter: Quarter) -> tuple[str, str]:
    params = {
        **filters.area_params(),
        "stage_from": Ksm.PpmkStage.II.value,
        "formed_by": quarter.end,
    }
    return list_url("ksm:ksm_list", params), ""


# ---- BLM use rate -----------------------------------------------------------------------


def count_blm_use(user, filters: Filters, quarters: list[Quarter]) -> dict[Quarter, Actual]:
    years = sorted({q.year for q in quarters})
    qs = filters.area(
        GrantTranche.objects.filter(bdc__in=Bdc.objects.visible_to(user)), "bdc__city"
    ).filter(fiscal_year__in=years)
    row = qs.aggregate(
        **{f"spent_{y}": Sum("spent", filter=Q(fiscal_year=y)) for y in years},
        **{f"disbursed_{y}": Sum("disbursed", filter=Q(fiscal_year=y)) for y in years},
    )
    return {
        q: Actual(Unit.PERCENT, row[f"spent_{q.year}"] or 0, row[f"disbursed_{q.year}"] or 0)
        for q in quarters
    }


def links_blm_use(filters: Filters, quarter: Quarter) -> tuple[str, str]:
    # No list of tranches across cities exists: a city's BDC page lists its tranches.
    if filters.city:
        url = reverse("bdc:bdc_detail", args=[filters.city.code])
        return url, url
    return "", ""


# ---- Visits per BDC ---------------------------------------------------------------------


def count_visits_per_bdc(user, filters: Filters, quarters: list[Quarter]) -> dict[Quarter, Actual]:
    """Two queries: the approved visits per quarter, and the BDCs of the area."""
    visits = filters.area(Visit.objects.visible_to(user)).filter(
        _span(quarters, "starts_on"), status=Visit.Status.APPROVED
    )
    row = visits.aggregate(**{q.key: Count("id", filter=_in(q, "starts_on")) for q in quarters})
    bdcs = filters.area(Bdc.objects.visible_to(user)).count()
    return {q: Actual(Unit.RATIO, row[q.key], bdcs) for q in quarters}


def links_visits_per_bdc(filters: Filters, quarter: Quarter) -> tuple[str, str]:
    visits = visit_list_url(
        **filters.area_params(),
        status=Visit.Status.APPROVED,
        started_from=quarter.start,
        started_to=quarter.end,
    )
    return visits, ""


# ---- Share of women among attendees -----------------------------------------------------


def count_women_share(user, filters: Filters, quarters: list[Quarter]) -> dict[Quarter, Actual]:
    field, value = COUNTED["women"]
    qs = filters.area(
        Attendee.objects.visible_to(user).exclude(visit__status=Visit.Status.CANCELLED),
        "visit__city",
    ).filter(_span(quarters, "visit__starts_on"))
    row = qs.aggregate(
        **{f"total_{q.key}": Count("id", filter=_in(q, "visit__starts_on")) for q in quarters},
        **{
            f"women_{q.key}": Count("id", filter=_in(q, "visit__starts_on") & Q(**{field: value}))
            for q in quarters
        },
    )
    return {
        q: WomenActual(Unit.PERCENT, row[f"women_{q.key}"], row[f"total_{q.key}"]) for q in quarters
    }


@dataclass(frozen=True)
class WomenActual(Actual):
    @property
    def value(self) -> int | None:
        # THE share of women (monitoring.attendance), rounded as every page rounds it.
        return attendance.women_share(self.part, self.whole or 0)


def links_women_share(filters: Filters, quarter: Quarter) -> tuple[str, str]:
    # The visits the attendees were recorded at (an attendee list does not exist).
    visits = visit_list_url(
        **filters.area_params(), started_from=quarter.start, started_to=quarter.end
    )
    return visits, visits


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key=IndicatorKey.RKTL_ON_TIME,
        unit=Unit.PERCENT,
        summary=_("Share of RKTL items due in the quarter that were verified by their deadline."),
        definition=_(
            "RKTL items whose first agreed deadline (before any approved change) falls in the "
            "quarter; of these, the share verified on or before that deadline (the deadline "
            "day itself counts). Items that cannot be followed up stay in the count."
        ),
        count=count_rktl_on_time,
        links=links_rktl_on_time,
        target_help=_("A percentage, 0 to 100."),
    ),
    Indicator(
        key=IndicatorKey.KSM_ADVANCED,
        unit=Unit.COUNT,
        summary=_("KSMs at PPMK stage II or III, among those formed by the quarter's end."),
        definition=_(
            "KSMs formed on or before the last day of the quarter (a KSM without a formation "
            "date: registered by then) whose PPMK stage is II or III. The stage is the one "
            "recorded today: past quarters are not recounted with the stage they had then."
        ),
        count=count_ksm_advanced,
        links=links_ksm_advanced,
        target_help=_("A number of KSMs. It applies to its own area only."),
        inherits_target=False,
    ),
    Indicator(
        key=IndicatorKey.BLM_USE,
        unit=Unit.PERCENT,
        summary=_("BLM spent as a share of BLM disbursed, for the quarter's fiscal year."),
        definition=_(
            "Spent divided by disbursed, over the BLM tranches of the fiscal year the quarter "
            "belongs to, as the amounts stand today: every quarter of a year shows the same "
            "rate. Its numbers link to a city's BDC page, which lists the tranches; for a "
            "province or the country there is no such list."
        ),
        count=count_blm_use,
        links=links_blm_use,
        target_help=_("A percentage, 0 to 100."),
    ),
    Indicator(
        key=IndicatorKey.VISITS_PER_BDC,
        unit=Unit.RATIO,
        summary=_("Approved visits that started in the quarter, per BDC of the area."),
        definition=_(
            "Visits approved by the KMW whose start date falls in the quarter, divided by the "
            "number of BDCs of the area today."
        ),
        count=count_visits_per_bdc,
        links=links_visits_per_bdc,
        target_help=_("Visits per BDC in one quarter (the target is per quarter, not per year)."),
    ),
    Indicator(
        key=IndicatorKey.WOMEN_SHARE,
        unit=Unit.PERCENT,
        summary=_("Women among the attendees of visits that started in the quarter."),
        definition=_(
            "Attendees recorded at visits (all but cancelled ones) whose start date falls in "
            "the quarter: the share of women, rounded as on every page. Its numbers link to "
            "those visits."
        ),
        count=count_women_share,
        links=links_women_share,
        target_help=_("A percentage, 0 to 100."),
    ),
)
BY_KEY = {i.key: i for i in INDICATORS}


def actuals(
    user, filters: Filters, quarters: Iterable[Quarter]
) -> dict[str, dict[Quarter, Actual]]:
    """Every indicator for every quarter: six queries, however many quarters and records."""
    shown = sorted(quarters)
    return {i.key: i.count(user, filters, shown) for i in INDICATORS}
