"""What the dashboard counts: one aggregated query per panel (two panels share one)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from bdc.models import Bdc
from kotaku.kept import Keeping, keeping, kept
from kotaku.lib import people
from kotaku.models import City
from ksm.models import Ksm
from monitoring.dashboard.filters import Filters, shown_cities
from monitoring.dashboard.links import DASH
from monitoring.models import (
    OPEN_STATUSES,
    Attendee,
    RktlItem,
    RktlStatus,
    Visit,
    overdue_original_q,
    overdue_q,
)

# An area of many cities (kotaku.kept.LIVE_COUNT_CITIES) is counted at most every few
# minutes: the six aggregates over 500,000 RKTL items and as many attendees take a second. A
# few cities' numbers are kept until one of their records changes.
NUMBERS_CACHE_SECONDS = 5 * 60


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


def rktl_by_city_and_category(user, filters: Filters, today: datetime.date) -> list[dict]:
    """Per (city, category): all items, verified items, overdue items, and items overdue
    against the deadline first agreed (however approved changes moved it since)."""
    qs = filters.period(
        filters.area(RktlItem.objects.visible_to(user)), "finding__visit__starts_on"
    )
    return list(
        qs.values("city_id", "category")
        .annotate(
            total=Count("id"),
            verified=Count("id", filter=Q(status=RktlStatus.VERIFIED)),
            overdue=Count("id", filter=overdue_q(today)),
            overdue_original=Count("id", filter=overdue_original_q(today)),
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
    qs = filters.period(filters.area(Visit.objects.visible_to(user).counted()), "starts_on")
    return list(
        qs.annotate(month=TruncMonth("starts_on"))
        .values("month", "status")
        .annotate(n=Count("id"))
        .order_by()
    )


def attendance_by_city(user, filters: Filters) -> list[dict]:
    qs = filters.period(
        filters.area(
            Attendee.objects.visible_to(user).exclude(visit__status=Visit.Status.CANCELLED),
            "visit__city",
        ),
        "visit__starts_on",
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


def numbers_keeping(
    cities: list[City], filters: Filters, today: datetime.date, version_of=None
) -> Keeping | None:
    """How the numbers for this area and these filters are kept (kotaku.kept): exactly for a
    few cities, NUMBERS_CACHE_SECONDS for many. Reads the cities' version (one query, unless
    `version_of` has it: kotaku.kept.request_versions): call it before counting."""
    signature = repr(
        (
            "dash-numbers",
            sorted(c.pk for c in cities),
            filters.province and filters.province.pk,
            filters.city and filters.city.pk,
            filters.date_from,
            filters.date_to,
            today,
        )
    )
    shown = [c.pk for c in shown_cities(cities, filters)]
    return keeping(shown, signature, NUMBERS_CACHE_SECONDS, version_of)


def cached_numbers(
    user, filters: Filters, today: datetime.date, keep: Keeping | None
) -> tuple[dict, datetime.datetime | None]:
    """`dashboard_numbers`, kept as `keep` says, with the time they were counted (None: exact)."""
    return kept(keep, lambda: dashboard_numbers(user, filters, today))
