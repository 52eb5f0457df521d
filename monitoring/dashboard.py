"""The Korkot / KMW / national dashboard: what it counts, and the charts that show it.

Scope: every queryset starts from `Model.objects.visible_to(user)`, so a number can only come
from the cities the user may read; the province/city filter narrows further, never wider.

Cost: six GROUP BY queries for the seven panels (completion and overdue share one), each
`values(...).annotate(Count/Sum with filter=Q(...))`, `TruncMonth` for months (SQLite and
PostgreSQL alike), plus one for the cities in scope: ten in all for a page, with the session,
user and assignments, however many records there are (tests/monitoring/test_dashboard.py).
Python only loops over the aggregated rows (at most cities x categories).
Indexes relied on: RktlItem (city, status, deadline), (status, deadline) and (city, category);
Visit (city, status, -starts_on); Ksm (city, ppmk_stage); the foreign-key indexes for attendees
and tranches.

Period: the date filter is about when the work happened in the field, so it applies to a
visit's start date (visits, attendance) and to an RKTL item through the start date of the visit
its finding came from. It does not apply to BLM tranches (they have a fiscal year, not a date)
or to KSM stages (a current state). The page says so too.
"""

import contextlib
import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pygal
from django import forms
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from pygal.graph.horizontal import HorizontalGraph
from pygal.style import Style

from bdc.models import Bdc
from kotaku.access import cities_readable_by, scope_for
from kotaku.lib import people
from kotaku.lib.fields import FilterDateField, as_id
from kotaku.lib.widgets import FastSelect
from kotaku.models import City, Province
from ksm.models import Ksm
from monitoring import attendance
from monitoring.forms import DATE_INPUT
from monitoring.models import Attendee, RktlCategory, RktlItem, RktlStatus, Visit

# ---- Filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The area and period the whole dashboard is narrowed to (None: no narrowing)."""

    province: Province | None = None
    city: City | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def area(self, qs: QuerySet, city_field: str = "city") -> QuerySet:
        if self.city:
            qs = qs.filter(**{city_field: self.city})
        if self.province:
            qs = qs.filter(**{f"{city_field}__province": self.province})
        return qs

    def period(self, qs: QuerySet, date_field: str) -> QuerySet:
        if self.date_from:
            qs = qs.filter(**{f"{date_field}__gte": self.date_from})
        if self.date_to:
            qs = qs.filter(**{f"{date_field}__lte": self.date_to})
        return qs

    def area_params(self) -> dict:
        return {
            "province": self.province.pk if self.province else None,
            "city": self.city.pk if self.city else None,
        }

    def rktl_params(self) -> dict:
        # visit_from/visit_to: the period on the finding's visit start date (see module doc);
        # the RKTL list must filter `finding__visit__starts_on` on them for the links to match.
        return {**self.area_params(), "visit_from": self.date_from, "visit_to": self.date_to}

    def visit_params(self) -> dict:
        # The visit list reads date_from/date_to as "overlaps the period" (ends_on >= from,
        # starts_on <= to), so a visit that started before the period and ended in it is
        # listed but not counted here; visits last days, months rarely cut one.
        return {**self.area_params(), "date_from": self.date_from, "date_to": self.date_to}


class DashboardFilterForm(forms.Form):
    """Province, city and period. Choices come only from the user's readable cities.

    Kept here rather than in monitoring/forms.py: it only makes sense with these selectors.
    The area fields are left out when the user's scope has only one province or city.
    """

    province = forms.TypedChoiceField(
        label=_("Province"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    city = forms.TypedChoiceField(
        label=_("City"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    date_from = FilterDateField(label=_("Visits from"), widget=DATE_INPUT)
    date_to = FilterDateField(label=_("Visits to"), widget=DATE_INPUT)

    def __init__(self, *args, cities: list[City], **kwargs):
        super().__init__(*args, **kwargs)
        self.cities = {c.pk: c for c in cities}
        self.provinces = {c.province_id: c.province for c in cities}
        if len(self.provinces) > 1:
            self.fields["province"].choices = [
                ("", _("All")),
                *((p.pk, p.name) for p in sorted(self.provinces.values(), key=lambda p: p.name)),
            ]
        else:
            del self.fields["province"]
        if len(self.cities) > 1:
            grouped = defaultdict(list)
            for c in cities:
                grouped[c.province.name].append((c.pk, c.full_name))
            self.fields["city"].choices = [("", _("All")), *grouped.items()]
            if len(self.cities) > AREA_ROWS_MAX:
                self._offer_cities_of_one_province(grouped)
        else:
            del self.fields["city"]

    def _offer_cities_of_one_province(self, grouped: dict) -> None:
        """Any city of the area is accepted, but only the chosen province's (or the chosen
        city) are listed: 270 options would weigh more than the national dashboard itself."""
        province = as_id(self.data.get("province", "")) if self.is_bound else None
        city = as_id(self.data.get("city", "")) if self.is_bound else None
        offered = []
        if province in self.provinces:
            name = self.provinces[province].name
            offered = [(name, grouped[name])]
        elif city in self.cities:
            chosen = self.cities[city]
            offered = [(chosen.pk, chosen.full_name)]
        self.fields["city"].widget.choices = [("", _("All")), *offered]
        if not offered:
            self.fields["city"].help_text = _("Choose a province to list its cities.")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        province, city = data.get("province"), data.get("city")
        if province and city and self.cities[city].province_id != province:
            self.add_error("city", _("This city is not in the chosen province."))
        return data

    def filters(self) -> Filters:
        """The valid filters; an invalid form narrows nothing (the whole scope is shown)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            province=self.provinces.get(data.get("province")),
            city=self.cities.get(data.get("city")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def cities_in_scope(user) -> list[City]:
    """The cities the user may read, with their provinces: one query (none without a scope)."""
    scope = scope_for(user)
    if not scope.has_assignment:
        return []
    return list(cities_readable_by(user).order_by("province__name", "name"))


# ---- Numbers that link to the list behind them ----------------------------------------------


def list_url(name: str, params: dict) -> str:
    """`reverse(name)` with the non-empty params as a query string."""
    query = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in params.items()}
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return reverse(name) + ("?" + urlencode(query) if query else "")


def rktl_list_url(**params) -> str:
    return list_url("monitoring:rktl_list", params)


def visit_list_url(**params) -> str:
    return list_url("monitoring:visit_list", params)


DASH = "\N{EN DASH}"


@dataclass(frozen=True)
class Num:
    """A number in a dashboard table, rendered as a link to the records it counts."""

    value: int | float | None
    url: str = ""
    text: str = ""  # shown instead of the formatted value, e.g. "52%"

    def __html__(self) -> str:
        if self.text:
            shown = self.text
        elif self.value is None:
            shown = DASH
        else:
            shown = number_format(self.value, force_grouping=True)
        if self.url:
            return format_html('<a href="{}">{}</a>', self.url, shown)
        return str(conditional_escape(shown))

    def __str__(self) -> str:
        return self.__html__()


def share(part: int | float, whole: int | float) -> int | None:
    """`part` as a whole percentage of `whole`, or None when there is no whole."""
    return round(100 * part / whole) if whole else None


def percent(part: int | float, whole: int | float) -> Num:
    return as_percent(share(part, whole))


def as_percent(value: int | None) -> Num:
    return Num(value, text=DASH if value is None else f"{value}%")


# ---- Short labels, for narrow table headers and chart legends -------------------------------

CATEGORY_SHORT = {
    RktlCategory.BUSINESS_PLAN: _("Plan"),
    RktlCategory.MANAGEMENT: _("Management"),
    RktlCategory.CAPACITY: _("Capacity"),
    RktlCategory.TRANSPARENCY: _("Transparency"),
    RktlCategory.BLM_USE: _("BLM use"),
    RktlCategory.TIERED_CONTROL: _("Control"),
    RktlCategory.KSM_READINESS: _("KSM"),
}
VISIT_STATUS_SHORT = {
    Visit.Status.DRAFT: _("Draft"),
    Visit.Status.SUBMITTED: _("At Korkot"),
    Visit.Status.KORKOT_APPROVED: _("At KMW"),
    Visit.Status.RETURNED: _("Sent back"),
    Visit.Status.APPROVED: _("Approved"),
}
# The same colours as the status badges in static/css/app.css.
VISIT_STATUS_COLOURS = {
    Visit.Status.DRAFT: "#6c757d",
    Visit.Status.SUBMITTED: "#0d6efd",
    Visit.Status.KORKOT_APPROVED: "#6610f2",
    Visit.Status.RETURNED: "#dc3545",
    Visit.Status.APPROVED: "#198754",
}
CATEGORY_COLOURS = ("#0b6e4f", "#0d6efd", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#6c757d")
OPEN_STATUSES = (RktlStatus.OPEN, RktlStatus.IN_PROGRESS)
AGE_COLOURS = ("#dc3545", "#fd7e14")  # per open status
STAGE_COLOURS = ("#ffc107", "#fd7e14", "#0b6e4f")  # PPMK stages I, II, III


@dataclass(frozen=True)
class AgeBucket:
    key: str
    short: str  # e.g. "0-30" (with an en dash): days since the item was agreed
    min_days: int
    max_days: int | None

    def created_range(self, today: datetime.date) -> tuple[datetime.date | None, ...]:
        """The created-on dates (inclusive) of items whose age falls in this bucket."""
        first = (
            today - datetime.timedelta(days=self.max_days) if self.max_days is not None else None
        )
        last = today - datetime.timedelta(days=self.min_days) if self.min_days else None
        return first, last

    def q(self, today: datetime.date) -> Q:
        """created_at's local date within the range, written as a comparison with local
        midnights: the same rows as `created_at__date`, without converting every row's
        timestamp to a date (a whole-country count reads hundreds of thousands)."""
        first, last = self.created_range(today)
        q = Q()
        if first:
            q &= Q(created_at__gte=_midnight(first))
        if last:
            q &= Q(created_at__lt=_midnight(last + datetime.timedelta(days=1)))
        return q


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


AGE_BUCKETS = (
    AgeBucket("age_0", f"0{DASH}30", 0, 30),
    AgeBucket("age_31", f"31{DASH}90", 31, 90),
    AgeBucket("age_91", f"91{DASH}180", 91, 180),
    AgeBucket("age_181", ">180", 181, None),
)


def overdue_q(today: datetime.date) -> Q:
    """The condition of RktlQuerySet.overdue, for a conditional count."""
    return Q(deadline__lt=today) & ~Q(status__in=RktlItem.CLOSED_STATUSES)


# ---- Selectors: one aggregated query each -------------------------------------------------


def rktl_by_city_and_category(user, filters: Filters, today: datetime.date) -> list[dict]:
    """Per (city, category): all items, verified items, overdue items."""
    qs = filters.period(
        filters.area(RktlItem.objects.visible_to(user)), "finding__visit__starts_on"
    )
    return list(
        qs.values("city_id", "category")
        .annotate(
            total=Count("id"),
            verified=Count("id", filter=Q(status=RktlStatus.VERIFIED)),
            overdue=Count("id", filter=overdue_q(today)),
        )
        .order_by()
    )


def rktl_age_by_status(user, filters: Filters, today: datetime.date) -> list[dict]:
    """Per open status: how many items fall in each age bucket (days since created)."""
    qs = filters.period(
        filters.area(RktlItem.objects.visible_to(user)), "finding__visit__starts_on"
    )
    return list(
        qs.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(**{b.key: Count("id", filter=b.q(today)) for b in AGE_BUCKETS})
        .order_by()
    )


def visits_by_month_and_status(user, filters: Filters) -> list[dict]:
    qs = filters.period(filters.area(Visit.objects.visible_to(user)), "starts_on")
    return list(
        qs.annotate(month=TruncMonth("starts_on"))
        .values("month", "status")
        .annotate(n=Count("id"))
        .order_by()
    )


def attendance_by_city(user, filters: Filters) -> list[dict]:
    qs = filters.period(
        filters.area(Attendee.objects.visible_to(user), "visit__city"), "visit__starts_on"
    )
    return list(
        qs.values("visit__city_id")
        .annotate(**people.counts("total", "women", "disabled"))
        .order_by()
    )


def tranches_by_bdc(user, filters: Filters) -> list[dict]:
    """Per BDC, the sums over its BLM tranches. BDCs without a tranche come with None."""
    qs = filters.area(Bdc.objects.visible_to(user))
    return list(
        qs.values("pk", "name", "city_id", "city__code")
        .annotate(
            n_tranches=Count("tranches"),
            allocated=Sum("tranches__allocated"),
            disbursed=Sum("tranches__disbursed"),
            spent=Sum("tranches__spent"),
        )
        .order_by()
    )


def ksm_by_city_and_stage(user, filters: Filters) -> list[dict]:
    qs = filters.area(Ksm.objects.visible_to(user))
    return list(qs.values("city_id", "ppmk_stage").annotate(n=Count("id")).order_by())


# ---- Charts -------------------------------------------------------------------------------

# Fonts named explicitly: the same SVG goes into WeasyPrint PDFs, which have no browser default.
FONT = "DejaVu Sans, Arial, sans-serif"
# The SVG scales to the width of its column, so the viewBox width sets the text size: narrow
# enough that labels stay readable on a 360px phone.
CHART_WIDTH = 380


def _style(colours: Iterable[str]) -> Style:
    return Style(
        font_family=FONT,
        background="transparent",
        plot_background="transparent",
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle="#ced4da",
        opacity="1",
        opacity_hover="1",
        colors=tuple(colours),
        label_font_size=15,
        major_label_font_size=15,
        value_font_size=14,
        tooltip_font_size=12,
        no_data_font_size=16,
    )


# pygal always embeds a config <script>; the page needs no JavaScript and no CDN. Each value
# also gets <desc> elements for the JavaScript tooltips, which are never shown (no script) and
# were half of a national dashboard's weight; the chart is aria-hidden, its table reads out.
# The <title>s are tooltips too. Coordinates keep one decimal: pygal writes sixteen digits.
STRIPPED = {"script", "desc", "title"}
COORDINATES = ("x", "y", "width", "height", "x1", "x2", "y1", "y2", "cx", "cy", "r")


def _strip_scripts(root):
    for parent in root.iter():
        for child in list(parent):
            # Comments (pygal's credits) have a function as their tag.
            if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] in STRIPPED:
                parent.remove(child)
        for name in COORDINATES:
            value = parent.get(name)
            if value and "." in value:
                with contextlib.suppress(ValueError):
                    parent.set(name, f"{float(value):.1f}")
    return root


Series = tuple[str, list, str]  # name, values (one per label), colour


def bar_chart(kind: type, labels: list[str], series: list[Series], **config) -> str:
    """`render_chart`, remembered: the SVG depends only on these arguments and the language.

    pygal takes 20-40 ms per chart, far more than the queries behind it; the numbers of a
    city change a few times a day, so the same chart is drawn again and again. The cache key
    is a hash of everything the drawing reads, so a cached chart is never a stale one.
    """
    key = hashlib.sha256(
        repr(
            (
                CHART_VERSION,
                kind.__name__,
                get_language(),
                [str(label) for label in labels],
                [(str(n), list(v), c) for n, v, c in series],
                sorted((k, getattr(v, "__qualname__", v)) for k, v in config.items()),
            )
        ).encode()
    ).hexdigest()
    key = f"dash-chart:{key}"
    svg = cache.get(key)
    if svg is None:
        svg = render_chart(kind, labels, series, **config)
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return svg


# Bump when render_chart changes what it draws, so that charts cached before are not reused.
CHART_VERSION = 4
CHART_CACHE_SECONDS = 24 * 60 * 60


def render_chart(kind: type, labels: list[str], series: list[Series], **config) -> str:
    """A pygal bar chart as self-contained inline SVG (no script, no external file).

    Horizontal charts list their labels from the top, in the order of the table beside them,
    and grow with the number of bars. The legend is not drawn in the SVG: pygal lays it out
    in fixed columns that overlap on a phone, so the page draws it in HTML (`legend_of`).
    """
    horizontal = issubclass(kind, HorizontalGraph)
    if horizontal:
        # pygal draws the first label at the bottom.
        labels = labels[::-1]
        series = [(name, values[::-1], colour) for name, values, colour in series]
        height = 50 + 36 * len(labels)
    else:
        height = 220 + (40 if config.get("x_label_rotation") else 0)
    chart = kind(
        width=CHART_WIDTH,
        height=height,
        style=_style(colour for _, _, colour in series),
        js=[],
        css=["file://style.css", "file://graph.css"],  # pygal inlines these, nothing is linked
        disable_xml_declaration=True,
        show_legend=False,
        truncate_label=-1,
        max_scale=5,
        margin=6,
        margin_right=24,  # room for the last x label ("100%") of horizontal charts
        spacing=8,
        no_data_text=gettext("No data"),
        **config,
    )
    chart.add_xml_filter(_strip_scripts)
    chart.x_labels = labels
    for name, values, _colour in series:
        chart.add(str(name), values)
    return chart.render(is_unicode=True)


def legend_of(series: list[Series]) -> list[tuple[str, str]]:
    """(name, colour) of each series, for the HTML legend under a chart of several series."""
    return [(str(name), colour) for name, _values, colour in series] if len(series) > 1 else []


def _gaps(values: Iterable) -> list:
    """Zero as None, so that a stacked bar draws no empty segment."""
    return [v or None for v in values]


def _pct(value: float) -> str:
    return f"{value:.0f}%"


# ---- Panels: aggregated rows -> table rows with links, and a chart -------------------------


@dataclass
class Panel:
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    columns: list = field(default_factory=list)
    chart: str = ""
    legend: list = field(default_factory=list)

    def draw(self, kind: type, labels: list[str], series: list[Series], **config) -> None:
        self.chart = bar_chart(kind, labels, series, **config)
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
                (gettext("Verified"), _gaps(r["verified"].value for r in rows), "#198754"),
                (
                    gettext("Not yet verified"),
                    _gaps(r["total"].value - r["verified"].value for r in rows),
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
                    _gaps(r["cells"][i].value for r in panel.rows),
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
                (s.label, _gaps(r["cells"][i].value for r in panel.rows), colour)
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
    statuses = list(Visit.Status)
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
                    _gaps(r["cells"][i].value for r in chronological),
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
            value_formatter=_pct,
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
            value_formatter=_pct,
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
                    _gaps(r["cells"][i].value for r in panel.rows),
                    colour,
                )
                for i, (s, colour) in enumerate(zip(stages, STAGE_COLOURS, strict=True))
            ],
        )
    return panel


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


# More cities than this are shown one row per province: 270 rows would be a 200 KB page and
# charts nobody can read. Choosing a province shows its cities.
AREA_ROWS_MAX = 40
# Areas of more cities than this (a large province, the country) are counted at most every
# few minutes: the six aggregates over 500,000 RKTL items and as many attendees take a second.
LIVE_CITIES = 20
NUMBERS_CACHE_SECONDS = 5 * 60


def dashboard_numbers(user, filters: Filters, today: datetime.date) -> dict[str, list[dict]]:
    """The six aggregated queries behind the panels."""
    return {
        "rktl": rktl_by_city_and_category(user, filters, today),
        "age": rktl_age_by_status(user, filters, today),
        "visits": visits_by_month_and_status(user, filters),
        "attendance": attendance_by_city(user, filters),
        "tranches": tranches_by_bdc(user, filters),
        "ksm": ksm_by_city_and_stage(user, filters),
    }


def _shown_cities(cities: list[City], filters: Filters) -> list[City]:
    if filters.city:
        return [filters.city]
    if filters.province:
        return [c for c in cities if c.province_id == filters.province.pk]
    return cities


def cached_numbers(
    user, cities: list[City], filters: Filters, today: datetime.date
) -> tuple[dict, datetime.datetime | None]:
    """`dashboard_numbers`, from the cache for large areas, with the time they were counted."""
    if len(_shown_cities(cities, filters)) <= LIVE_CITIES:
        return dashboard_numbers(user, filters, today), None
    signature = repr(
        (
            sorted(c.pk for c in cities),
            filters.province and filters.province.pk,
            filters.city and filters.city.pk,
            filters.date_from,
            filters.date_to,
            today,
        )
    )
    key = "dash-numbers:" + hashlib.sha256(signature.encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = (dashboard_numbers(user, filters, today), timezone.now())
        cache.set(key, cached, NUMBERS_CACHE_SECONDS)
    return cached


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
    counts = ("total", "verified", "overdue")
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


def build_dashboard(user, cities: list[City], filters: Filters, today: datetime.date) -> Dashboard:
    """Every panel of the dashboard: six aggregated queries, whatever the amount of data
    (none when a large area's numbers come from the cache)."""
    numbers, counted_at = cached_numbers(user, cities, filters, today)
    shown = _shown_cities(cities, filters)
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
    )
