"""The events of visits and RKTL items that webhooks are told of (webhooks.events).

Called from monitoring.notify, by the services inside their transaction (and by the daily
reminders), so that a delivery is committed with its change or not at all. Payloads are
small and stable: codes, dates, statuses and the record's API address, never people's names.
"""

from django.conf import settings
from django.utils import timezone

from monitoring.models import RktlItem, Visit
from webhooks.events import Occurrence, emit, emit_many
from webhooks.models import Event


def api_url(kind: str, code: str) -> str:
    return f"{settings.SITE_URL}/api/v1/{kind}/{code}/"


def visit_approved(visit: Visit) -> None:
    emit(
        event=Event.VISIT_APPROVED,
        city=visit.city,
        data={
            "code": visit.code,
            "city": visit.city.code,
            "title": visit.title,
            "starts_on": visit.starts_on.isoformat(),
            "ends_on": visit.ends_on.isoformat(),
            "status": visit.status,
            "approved_at": timezone.now().isoformat(),
            "api_url": api_url("visits", visit.code),
        },
    )


def rktl_verified(item: RktlItem) -> None:
    emit(
        event=Event.RKTL_VERIFIED,
        city=item.city,
        data={
            "code": item.code,
            "city": item.city.code,
            "status": item.status,
            "deadline": item.deadline.isoformat(),
            "verified_at": timezone.now().isoformat(),
            "api_url": api_url("rktl", item.code),
        },
    )


def rktl_overdue(overdue: list[tuple[RktlItem, int, int]]) -> None:
    """`overdue` holds (item with its city, days overdue, stage in days: 1, then the Korkot's
    and the KMW's escalation days). Each item is told once per stage and deadline, however
    often the reminders run; an item first seen past several stages is told of the last."""
    emit_many(
        Occurrence(
            event=Event.RKTL_OVERDUE,
            city_id=item.city_id,
            data={
                "code": item.code,
                "city": item.city.code,
                "deadline": item.deadline.isoformat(),
                "days_overdue": days,
                "stage": stage,
                "api_url": api_url("rktl", item.code),
            },
            key=f"rktl.overdue:{item.pk}:{item.deadline}:{stage}",
        )
        for item, days, stage in overdue
    )
