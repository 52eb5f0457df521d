"""Changes to a hook that have side effects beyond its own row."""

from django.db import transaction
from django.utils import timezone

from webhooks import events
from webhooks.models import Delivery, Webhook


@transaction.atomic
def webhook_resume(*, hook: Webhook) -> int:
    """Resume a paused hook: its run of failures starts again from nothing, and the deliveries
    held while it was paused are due at once. Returns how many are due."""
    now = timezone.now()
    Webhook.objects.filter(pk=hook.pk).update(paused_at=None, failure_streak=0, failing_since=None)
    hook.paused_at, hook.failure_streak, hook.failing_since = None, 0, None
    held = Delivery.objects.filter(
        hook=hook, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]
    )
    pks = list(held.values_list("pk", flat=True))
    held.update(next_attempt_at=now)
    events.queued(pks)
    return len(pks)
