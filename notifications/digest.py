"""The daily digest: one mail per user of the notices waiting for it, grouped by city and kind.

Digest entries are due at the digest hour after they were made (services.next_digest_at), so
running `send_digests` again the same day finds nothing new to send. Each user's entries are
claimed, mailed and marked in one transaction, as immediate mails are (see delivery.py).
Notices read on the site meanwhile, or of a city the user may no longer read, are left out;
a digest with nothing left is not sent.
"""

import datetime
import logging

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from kotaku.access import scope_for
from notifications.delivery import claim
from notifications.emails import digest_mail
from notifications.kinds import EmailMode
from notifications.models import Delivery

log = logging.getLogger(__name__)


def send_digests(now: datetime.datetime | None = None) -> int:
    """Send the digests due by `now`; returns how many mails were sent."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING, mode=EmailMode.DIGEST, due_at__lte=now
    )
    user_ids = sorted(set(due.values_list("notification__recipient_id", flat=True)))
    sent = 0
    for user_id in user_ids:
        try:
            with transaction.atomic():
                if not _claim_user(user_id):
                    continue  # another worker is sending this user's digest
                rows = list(
                    claim(due.filter(notification__recipient_id=user_id))
                    .select_related("notification__recipient", "notification__city")
                    .order_by("notification__created_at", "pk")
                )
                if rows:
                    sent += _send_digest(rows, now)
        except Exception as error:  # the mail server refused: this user's digest waits
            log.warning("digest for user %s not sent: %s", user_id, error)
    return sent


def _claim_user(user_id: int) -> bool:
    """Lock the user for this worker's digest, unless another worker holds them.

    A user's entries are claimed row by row: without this, two workers could each lock part
    of them (each skipping the other's) and send the user two digests of half each."""
    if not connection.features.has_select_for_update_skip_locked:
        return True  # (SQLite: claiming the entries takes the database's write lock)
    locked = User.objects.select_for_update(skip_locked=True).filter(pk=user_id)
    return bool(list(locked.values_list("pk", flat=True)))


def _send_digest(rows: list[Delivery], now: datetime.datetime) -> int:
    user = rows[0].notification.recipient
    scope = scope_for(user)
    keep = [
        d
        for d in rows
        if d.notification.read_at is None
        and (scope.national or d.notification.city_id in scope.readable_cities)
    ]
    if keep and user.is_active and user.email:
        digest_mail(user, [d.notification for d in keep]).send()
    else:
        keep = []
    kept = {d.pk for d in keep}
    Delivery.objects.filter(pk__in=kept).update(status=Delivery.Status.SENT, sent_at=now)
    Delivery.objects.filter(pk__in=[d.pk for d in rows if d.pk not in kept]).update(
        status=Delivery.Status.SKIPPED
    )
    return 1 if keep else 0
