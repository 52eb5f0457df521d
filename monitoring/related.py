"""What monitoring adds to the pages and reports of KSM and BDC: the visits to them and the
RKTL items of those visits. Registered on their hooks in MonitoringConfig.ready(), since
ksm and bdc may not import monitoring."""

import datetime

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from kotaku.kept import COUNT_CACHE_SECONDS, keeping, kept
from monitoring.models import RktlConcern, RktlItem, RktlStatus, Visit

LATEST = 10
RKTL_STATUSES = RktlStatus.choices


def ksm_page(user, ksm) -> dict:
    """The KSM page's latest visits to the group and the open RKTL items about it (queries run
    lazily). An item is the group's when it concerns the group, not when its visit targeted
    it among others."""
    visits = Visit.objects.visible_to(user).counted().filter(target_ksms=ksm)
    return {
        "visits": visits.order_by("-starts_on", "-id")[:10],
        "rktl_open": RktlItem.objects.visible_to(user)
        .about_ksm(ksm)
        .open()
        .order_by("deadline", "id")[:10],
    }


def bdc_page(user, bdc, today: datetime.date) -> dict:
    """The BDC page's latest visits, and the RKTL items of those visits: counts by status and
    the number overdue (two queries, kept until the city's records change), and the open ones
    (lazily)."""
    # Visits that had the BDC or one of its outlets as a target; their RKTL items follow.
    visits = (
        Visit.objects.visible_to(user)
        .counted()
        .filter(city=bdc.city_id)
        .filter(Q(target_bdc=True) | Q(target_outlets__bdc=bdc))
        .distinct()
    )
    items = RktlItem.objects.visible_to(user).filter(finding__visit__in=visits.values("pk"))

    def counted() -> tuple[dict, int]:
        return items.status_counts(), items.overdue(today).count()

    # All in the BDC's city, which whoever sees the page may read: kept until a record of the
    # city changes (kotaku.kept), under the BDC and the day.
    keep = keeping([bdc.city_id], f"bdc-rktl|{bdc.pk}|{today}", COUNT_CACHE_SECONDS)
    (counts, overdue), _exact = kept(keep, counted)
    return {
        "visits": visits.order_by("-starts_on", "-id")[:LATEST],
        "rktl_counts": [(value, label, counts[value]) for value, label in RKTL_STATUSES],
        "rktl_open": items.open().order_by("deadline", "id")[:LATEST],
        "rktl_overdue": overdue,
    }


def ksm_visit_status(year_end: datetime.date) -> dict:
    """The Quick Status annotations of a KSM queryset: the last reported visit to each group
    up to `year_end`, and the open RKTL items about the group from visits up to then."""
    # Visits count once they are reported: a draft may be a plan for a day not yet come.
    reported = ~Q(visit__status__in=[Visit.Status.DRAFT, Visit.Status.CANCELLED])
    targets = Visit.target_ksms.through.objects.filter(
        reported, ksm=OuterRef("pk"), visit__starts_on__lte=year_end
    )
    last_visit = targets.order_by().values("ksm").annotate(d=Max("visit__starts_on")).values("d")
    open_items = (
        RktlItem.objects.filter(
            concern=RktlConcern.KSM,
            concern_ksm=OuterRef("pk"),
            finding__visit__starts_on__lte=year_end,
        )
        .open()
        .order_by()
        .values("concern_ksm")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        "last_visit": Subquery(last_visit),
        "open_rktl": Coalesce(Subquery(open_items, output_field=IntegerField()), 0),
    }
