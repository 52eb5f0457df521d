"""Sending the immediate mails of the outbox (`Delivery` rows), each exactly once.

Each delivery is claimed in its own transaction with SELECT ... FOR UPDATE SKIP LOCKED (where
the database has it), sent, and marked sent in that same transaction. A crash before the
commit leaves it pending, so the next run sends it; a delivery marked sent is never taken
again, and two workers never hold the same row. The one window left is the commit itself
failing after the mail server accepted the mail: that mail would go twice, never be lost.
"""

import datetime
import logging

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from notifications.emails import immediate_mail
from notifications.kinds import EmailMode
from notifications.models import Delivery, may_read_city

log = logging.getLogger(__name__)

# After this many failed attempts (the mail server refusing) a delivery is given up.
MAX_ATTEMPTS = 5
BATCH = 500


def claim(queryset):
    """Lock the rows of `queryset` for this worker, skipping those another worker holds.

    Inside a transaction. Where the database has no row locks (SQLite), an UPDATE of the rows
    takes the database's write lock until the commit instead: a second worker waits, then
    finds them sent.
    """
    if not connection.features.has_select_for_update_skip_locked:
        queryset.update(status=F("status"))
    return queryset.select_for_update(skip_locked=True, of=("self",))


def send_due(now: datetime.datetime | None = None) -> int:
    """Send the immediate mails due by `now`; returns how many were sent. Safe to run again
    and in several workers at once."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING, mode=EmailMode.IMMEDIATE, due_at__lte=now
    )
    sent = 0
    for pk in list(due.order_by("pk").values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            delivery = (
                claim(Delivery.objects.filter(pk=pk, status=Delivery.Status.PENDING))
                .select_related("notification__recipient", "notification__city")
                .first()
            )
            if delivery is None:
                continue  # sent or held by another worker
            sent += _send(delivery, now)
    return sent


def _send(delivery: Delivery, now: datetime.datetime) -> int:
    notification = delivery.notification
    user = notification.recipient
    if not (user.is_active and user.email and may_read_city(user, notification.city_id)):
        delivery.status = Delivery.Status.SKIPPED
        delivery.save(update_fields=["status"])
        return 0
    try:
        immediate_mail(notification).send()
    except Exception as error:  # the mail server refused or was unreachable: try again later
        log.warning("notification mail %s not sent: %s", delivery.pk, error)
        delivery.attempts += 1
        delivery.last_error = str(error)[:500]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
        delivery.save(update_fields=["attempts", "last_error", "status"])
        return 0
    delivery.status, delivery.sent_at = Delivery.Status.SENT, now
    delivery.save(update_fields=["status", "sent_at"])
    return 1
