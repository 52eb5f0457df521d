"""Who is told of what in the review chain: the events of visits and RKTL items.

Each function is called by the service that makes the change (monitoring.services,
monitoring.rktl_services), inside its transaction, so that the notices and their email
deliveries are committed with the change or not at all (notifications.services.notify writes
them to the outbox). Recipients come from role assignments, and never from outside the
record's area.

`remind(today)` writes the deadline reminders and overdue escalations; the schedule runs it
daily (see monitoring/management/commands/send_notifications.py).
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kotaku.models import Assignment, City, Role
from monitoring import webhook_events
from monitoring.models import DeadlineRequest, RktlItem, Visit
from monitoring.models.rktl import open_q
from notifications.kinds import Kind
from notifications.models import Notification
from notifications.services import notify


def holders(city: City, *roles: str) -> set[int]:
    """Users holding any of `roles` over `city`: its city roles, or the KMW of its province."""
    area = Q(city=city)
    if Role.KMW in roles:
        area |= Q(province_id=city.province_id)
    return set(Assignment.objects.filter(area, role__in=roles).values_list("user_id", flat=True))


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _visit(visit: Visit, user_ids, kind, event, actor) -> None:
    notify(
        user_ids=user_ids,
        kind=kind,
        event=event,
        city=visit.city,
        record=f"visit:{visit.code}",
        url=reverse("monitoring:visit_detail", args=[visit.code]),
        params={"title": visit.title, "actor": _name(actor)},
        actor=actor,
    )


def visit_submitted(visit: Visit, actor) -> None:
    """A facilitator submitted: the Korkot of the city reviews it."""
    _visit(visit, holders(visit.city, Role.KORKOT), Kind.REVIEW_WAITING, "submitted", actor)


def visit_reviewed(visit: Visit, actor) -> None:
    """After a review (or a reopening), by the visit's new status: approved by the Korkot ->
    the KMW of the province reviews; sent back or approved -> its author and team."""
    if visit.status == Visit.Status.KORKOT_APPROVED:
        kmw = holders(visit.city, Role.KMW)
        _visit(visit, kmw, Kind.REVIEW_WAITING, "korkot_approved", actor)
        return
    people = {visit.created_by_id, *visit.team.values_list("pk", flat=True)}
    if visit.status == Visit.Status.APPROVED:
        _visit(visit, people, Kind.VISIT_APPROVED, "approved", actor)
        webhook_events.visit_approved(visit)
    elif visit.status == Visit.Status.RETURNED:
        _visit(visit, people, Kind.VISIT_RETURNED, "returned", actor)


def visit_reopened(visit: Visit, actor) -> None:
    people = {visit.created_by_id, *visit.team.values_list("pk", flat=True)}
    _visit(visit, people, Kind.VISIT_RETURNED, "reopened", actor)


def _item(item: RktlItem, user_ids, kind, event, actor=None, **params) -> None:
    notify(
        user_ids=user_ids,
        kind=kind,
        event=event,
        city=item.city,
        record=f"rktl:{item.code}",
        url=reverse("monitoring:rktl_detail", args=[item.code]),
        params={"title": item.action, "actor": _name(actor) if actor else "", **params},
        actor=actor,
    )


def rktl_done(item: RktlItem, actor) -> None:
    """Reported done: its verifiers (the Korkot and KMW of the city) are told."""
    verifiers = holders(item.city, Role.KORKOT, Role.KMW)
    _item(item, verifiers, Kind.RKTL_DONE, "rktl_done", actor)


def rktl_verified(item: RktlItem, actor, *, approved: bool) -> None:
    """Verified or rejected: the facilitators of the city are told."""
    facilitators = holders(item.city, Role.FASILITATOR)
    if approved:
        _item(item, facilitators, Kind.RKTL_VERIFIED, "rktl_verified", actor)
        webhook_events.rktl_verified(item)
    else:
        _item(item, facilitators, Kind.RKTL_REJECTED, "rktl_rejected", actor)


def deadline_asked(request: DeadlineRequest, actor) -> None:
    verifiers = holders(request.item.city, Role.KORKOT, Role.KMW)
    date = request.proposed_deadline.isoformat()
    _item(request.item, verifiers, Kind.DEADLINE_ASKED, "deadline_asked", actor, date=date)


def deadline_decided(request: DeadlineRequest, actor) -> None:
    approved = request.decision == DeadlineRequest.Decision.APPROVED
    event = "deadline_approved" if approved else "deadline_refused"
    date = request.proposed_deadline.isoformat()
    _item(request.item, {request.requested_by_id}, Kind.DEADLINE_DECIDED, event, actor, date=date)


# ---- Reminders and overdue escalation: run daily by the schedule ------------------------------


def remind(today: datetime.date | None = None) -> int:
    """Write the reminders due `today`: open items due in 7 days and in 1 day (their
    facilitators), overdue (facilitators), overdue for NOTIFY_OVERDUE_KORKOT_DAYS (also the
    Korkot) and NOTIFY_OVERDUE_KMW_DAYS (also the KMW). Each (user, item, stage, deadline) is
    told once, whenever the schedule runs: a run missed one day catches up the next, and
    running it twice tells nobody twice (a unique key). Returns the notices written."""
    today = today or timezone.localdate()
    days = datetime.timedelta
    near, nearest = sorted(settings.NOTIFY_DUE_DAYS, reverse=True)[:2]
    korkot_days = settings.NOTIFY_OVERDUE_KORKOT_DAYS
    kmw_days = settings.NOTIFY_OVERDUE_KMW_DAYS
    items = (
        RktlItem.objects.filter(open_q(), deadline__lte=today + days(near))
        .select_related("city")
        .order_by("deadline", "pk")
    )
    plans, overdue = [], []
    for item in items:
        late = (today - item.deadline).days
        stages = []
        if late < 0:
            stage = "due_last" if -late <= nearest else "due_soon"
            stages.append((stage, Kind.RKTL_DUE, (Role.FASILITATOR,), -late))
        else:
            if late >= 1:
                stages.append(("overdue", Kind.RKTL_OVERDUE, (Role.FASILITATOR,), late))
            if late >= korkot_days:
                stages.append(("overdue_korkot", Kind.RKTL_OVERDUE, (Role.KORKOT,), late))
            if late >= kmw_days:
                stages.append(("overdue_kmw", Kind.RKTL_OVERDUE, (Role.KMW,), late))
        for event, kind, roles, n in stages:
            plans.append((item, event, kind, roles, n, f"{event}:{item.pk}:{item.deadline}"))
        if late >= 1:
            stage = max(s for s in (1, korkot_days, kmw_days) if late >= s)
            overdue.append((item, late, stage))
    # Webhooks keep their own once-only keys: an item is told of even where nobody holds
    # the roles the notices go to.
    webhook_events.rktl_overdue(overdue)
    # Stages told on an earlier day are left out in one query (the unique key on each notice
    # still holds against two runs at once).
    told = set(
        Notification.objects.filter(dedupe_key__in=[plan[-1] for plan in plans]).values_list(
            "dedupe_key", flat=True
        )
    )
    written = 0
    for item, event, kind, roles, n, key in plans:
        if key in told:
            continue
        written += len(
            notify(
                user_ids=holders(item.city, *roles),
                kind=kind,
                event=event,
                city=item.city,
                record=f"rktl:{item.code}",
                url=reverse("monitoring:rktl_detail", args=[item.code]),
                params={"title": item.action, "days": n, "date": item.deadline.isoformat()},
                dedupe_key=key,
            )
        )
    return written
