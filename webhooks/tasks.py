"""The worker's part of webhooks (django-tasks; README, "Background jobs" and "Webhooks").

A change that queues deliveries enqueues `send_delivery` for each when its transaction commits
(`events.on_delivery_queued`); a failed attempt enqueues itself again for the time of the next
one where the queue can wait (the database queue can). `run_schedule` enqueues
`send_due_deliveries` every minute too: retries, and deliveries whose task was lost, go then.
"""

from django_tasks import task

from webhooks import delivery
from webhooks.models import Delivery

# More deliveries than this from one change go in one sweep rather than a task each.
MAX_TASKS = 20


@task()
def send_delivery(delivery_id: int) -> str | None:
    done = delivery.attempt(delivery_id)
    if done is None:
        return None
    backend = send_delivery.get_backend()
    if done.status == Delivery.Status.FAILED and backend.supports_defer:
        send_delivery.using(run_after=done.next_attempt_at).enqueue(delivery_id)
    return done.status


@task()
def send_due_deliveries() -> int:
    return delivery.send_due()


# For `run_schedule` and `events.on_delivery_queued`: functions, not lambdas, so that
# registering them again (a second `ready()`) is registering the same thing.
def enqueue_delivery(pks: list[int]) -> None:
    if len(pks) > MAX_TASKS:
        send_due_deliveries.enqueue()
        return
    for pk in pks:
        send_delivery.enqueue(pk)


def enqueue_due() -> None:
    send_due_deliveries.enqueue()
