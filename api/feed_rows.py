"""The columns of the feeds for Excel and Power BI, and the rows under them.

A feed's column names are stable English snake_case keys, the same in every language, so that
a Power BI query keeps working when its user switches language. Values are codes, with a
`..._label` column in the user's language beside those a person reads; dates and times are
dates (ISO 8601 in CSV), numbers are numbers. Each column is declared with the function that
fills it, so the header and the rows cannot drift apart.

The rules come from where they live: open and overdue from `monitoring.models.rktl`,
attendance totals and the share of women from `monitoring.attendance`, member counts and
flagship products from the Quick Status (`ksm.quick_status.with_status`), and who sees
personal data from `kotaku.access.can_see_personal_data`.
"""

import datetime
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kotaku.access import can_see_personal_data
from ksm.quick_status import with_status
from monitoring.attendance import with_attendance_totals, women_share
from monitoring.models import RktlItem
from monitoring.models.rktl import open_q, overdue_q

# Rows read from the database at a time (a server-side cursor on PostgreSQL).
CHUNK = 2000


@dataclass(frozen=True)
class Context:
    """What every row of one response shares: the day overdue is counted on, and whether the
    user may see the personal data of a city (asked once per city, never per row)."""

    today: datetime.date
    personal: Callable[[int], bool]

    @classmethod
    def for_user(cls, user, today: datetime.date | None = None) -> "Context":
        return cls(
            today=today or timezone.localdate(),
            personal=functools.cache(functools.partial(can_see_personal_data, user)),
        )


Getter = Callable[[Any, Context], Any]


@dataclass(frozen=True)
class Feed:
    """One feed: its address's name, its columns, and how its query is completed."""

    name: str
    columns: tuple[tuple[str, Getter], ...]
    # Adds the joins and annotations the columns read (the query is already scoped/filtered).
    prepare: Callable[[QuerySet, Context], QuerySet]

    @property
    def header(self) -> list[str]:
        return [key for key, _get in self.columns]

    def rows(self, queryset: QuerySet, context: Context) -> Iterator[list]:
        """One list of values per record, read in chunks of CHUNK: one query, whatever the
        number of rows, and never the whole result in memory."""
        getters = [get for _key, get in self.columns]
        for obj in self.prepare(queryset, context).iterator(chunk_size=CHUNK):
            yield [get(obj, context) for get in getters]


def field(name: str) -> Getter:
    return lambda obj, _ctx: getattr(obj, name)


def label(name: str) -> Getter:
    """The label of a choice field in the active language (`get_<name>_display`)."""
    return lambda obj, _ctx: str(getattr(obj, f"get_{name}_display")())


def personal(name: str) -> Getter:
    """A person's details: filled only for users who may see the personal data of the row's
    city (Pemda viewers never); the column is always there, empty otherwise."""
    return lambda obj, ctx: getattr(obj, name) if ctx.personal(obj.city_id) else None


PLACE = (
    ("province_code", lambda o, _c: o.city.province.code),
    ("province", lambda o, _c: o.city.province.name),
    ("city_code", lambda o, _c: o.city.code),
    ("city", lambda o, _c: o.city.full_name),
)


# ---- RKTL items


def _prepare_rktl(items: QuerySet, _ctx: Context) -> QuerySet:
    return items.select_related("city__province", "finding__visit", "concern_ksm", "concern_outlet")


RKTL_ITEMS = Feed(
    name="rktl-items",
    columns=(
        ("code", field("code")),
        *PLACE,
        ("visit_code", lambda i, _c: i.finding.visit.code),
        ("visit_title", lambda i, _c: i.finding.visit.title),
        ("visit_starts_on", lambda i, _c: i.finding.visit.starts_on),
        ("finding", lambda i, _c: i.finding.description),
        ("category", field("category")),
        ("category_label", label("category")),
        ("problem", field("problem")),
        ("action", field("action")),
        ("pic_name", field("pic_name")),
        ("pic_tier", field("pic_tier")),
        ("pic_tier_label", label("pic_tier")),
        ("deadline", field("deadline")),
        ("original_deadline", field("original_deadline")),
        ("status", field("status")),
        ("status_label", label("status")),
        ("is_open", lambda i, _c: i.is_open()),
        ("is_overdue", lambda i, c: i.is_overdue(c.today)),
        ("is_overdue_original", lambda i, c: i.is_overdue_original(c.today)),
        ("cannot_reason", field("cannot_reason")),
        ("concern", field("concern")),
        ("concern_label", lambda i, _c: i.concern_label()),
        ("concern_ksm_code", lambda i, _c: i.concern_ksm.code if i.concern_ksm_id else None),
        ("created_at", field("created_at")),
        ("updated_at", field("updated_at")),
    ),
    prepare=_prepare_rktl,
)


# ---- Visits


def _count_items(condition: Q) -> Coalesce:
    """The number of RKTL items agreed on a visit that meet `condition`."""
    items = (
        RktlItem.objects.filter(condition, finding__visit=OuterRef("pk"))
        .order_by()
        .values("finding__visit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(items, output_field=IntegerField()), 0)


def _prepare_visits(visits: QuerySet, ctx: Context) -> QuerySet:
    return visits.select_related("city__province").annotate(
        rktl_items=_count_items(Q()),
        rktl_open=_count_items(open_q()),
        rktl_overdue=_count_items(overdue_q(ctx.today)),
    )


VISIT_HEAD = (
    ("code", field("code")),
    *PLACE,
    ("kind", field("kind")),
    ("kind_label", label("kind")),
    ("title", field("title")),
    ("starts_on", field("starts_on")),
    ("ends_on", field("ends_on")),
    ("status", field("status")),
    ("status_label", label("status")),
)

VISITS = Feed(
    name="visits",
    columns=(
        *VISIT_HEAD,
        ("location", field("location")),
        ("methods", lambda v, _c: ";".join(v.methods)),
        ("target_bdc", field("target_bdc")),
        ("latitude", field("latitude")),
        ("longitude", field("longitude")),
        ("rktl_items", field("rktl_items")),
        ("rktl_open", field("rktl_open")),
        ("rktl_overdue", field("rktl_overdue")),
        ("submitted_at", field("submitted_at")),
        ("created_at", field("created_at")),
        ("updated_at", field("updated_at")),
    ),
    prepare=_prepare_visits,
)


# ---- Attendance: totals only, no names, so every role may have them.


def _prepare_attendance(visits: QuerySet, _ctx: Context) -> QuerySet:
    return with_attendance_totals(visits.select_related("city__province"))


ATTENDANCE = Feed(
    name="attendance",
    columns=(
        ("visit_code", field("code")),
        *VISIT_HEAD[1:],
        ("total", field("attendance_total")),
        ("men", field("attendance_men")),
        ("women", field("attendance_women")),
        ("disabled", field("attendance_disabled")),
        # A whole percentage (0-100), empty when nobody attended.
        ("women_share", lambda v, _c: women_share(v.attendance_women, v.attendance_total)),
        ("updated_at", field("updated_at")),
    ),
    prepare=_prepare_attendance,
)


# ---- KSMs


def _prepare_ksms(ksms: QuerySet, ctx: Context) -> QuerySet:
    # The Quick Status numbers as of this year (its last visit and open items up to its end).
    return with_status(ksms, year=ctx.today.year).select_related(
        "city__province", "kelurahan__kecamatan"
    )


KSMS = Feed(
    name="ksms",
    columns=(
        ("code", field("code")),
        *PLACE,
        ("kecamatan", lambda k, _c: k.kelurahan.kecamatan.name),
        ("kelurahan", lambda k, _c: k.kelurahan.name),
        ("name", field("name")),
        ("type", field("type")),
        ("type_label", label("type")),
        ("ppmk_stage", field("ppmk_stage")),
        ("ppmk_stage_label", label("ppmk_stage")),
        ("maturity", field("maturity")),
        ("maturity_label", label("maturity")),
        ("formed_on", field("formed_on")),
        ("is_bdc_partner", field("is_bdc_partner")),
        ("chair_name", personal("chair_name")),
        ("phone", personal("phone")),
        ("members_total", field("members_total")),
        ("members_men", field("men")),
        ("members_women", field("women")),
        ("members_disabled", field("with_disability")),
        ("flagship_products", lambda k, _c: k.flagships or None),
        ("last_visit", field("last_visit")),
        ("open_rktl", field("open_rktl")),
        ("latitude", field("latitude")),
        ("longitude", field("longitude")),
        ("created_at", field("created_at")),
        ("updated_at", field("updated_at")),
    ),
    prepare=_prepare_ksms,
)
