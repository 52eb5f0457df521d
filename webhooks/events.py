"""Raising events: called by the apps that make changes (ksm, monitoring), inside their
transaction, so that the deliveries are committed with the change or not at all.

    from webhooks.events import emit
    emit(event=Event.VISIT_APPROVED, city=visit.city, data={...})

A delivery row is written for every live hook that asked for the event and covers the city
(its own city, or national); after the commit a worker is asked to send them
(`on_delivery_queued`, registered by webhooks.apps). The rows come first, so nothing is lost
while no worker runs: the schedule's sweep sends them too.
"""

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kotaku.models import City
from webhooks.models import PING, Delivery, Webhook

# Run after the commit with the ids of the deliveries written: the job queue registers the
# enqueueing of their send tasks here (webhooks.apps).
_queued: list[Callable[[list[int]], None]] = []


def on_delivery_queued(callback: Callable[[list[int]], None]) -> Callable[[list[int]], None]:
    """Register `callback` (once); usable as a decorator."""
    if callback not in _queued:
        _queued.append(callback)
    return callback


# Keys looked up per query: well under any database's limit of parameters.
KEYS_PER_QUERY = 500


@dataclass(frozen=True)
class Occurrence:
    """One event of one record. `key` makes it once-only per hook (an item overdue: once per
    stage, however often the schedule runs)."""

    event: str
    city_id: int
    data: dict
    key: str | None = None


def body(event: str, data: dict, now: datetime.datetime) -> dict:
    return {"id": str(uuid.uuid4()), "event": event, "created_at": now.isoformat(), "data": data}


def emit(
    *,
    event: str,
    city: City,
    data: dict,
    key: str | None = None,
    now: datetime.datetime | None = None,
) -> list[Delivery]:
    """Queue `event` about a record of `city` to every live hook that wants it."""
    return emit_many([Occurrence(event, city.pk, data, key)], now=now)


def emit_many(
    occurrences: Iterable[Occurrence], *, now: datetime.datetime | None = None
) -> list[Delivery]:
    """Queue several events at once: a fixed number of queries however many (the daily
    overdue run)."""
    occurrences = list(occurrences)
    if not occurrences:
        return []
    now = now or timezone.now()
    cities = {o.city_id for o in occurrences}
    hooks = list(
        Webhook.objects.live()
        .filter(Q(city__isnull=True) | Q(city_id__in=cities))
        .order_by("pk")
        .only("pk", "city_id", "events")
    )
    planned = []
    for occurrence in occurrences:
        for hook in hooks:
            if occurrence.event in hook.events and hook.city_id in (None, occurrence.city_id):
                planned.append(_delivery(hook, occurrence, now))
    keys = sorted({d.dedupe_key for d in planned if d.dedupe_key})
    if keys:
        done = set()
        for start in range(0, len(keys), KEYS_PER_QUERY):
            done.update(
                Delivery.objects.filter(
                    hook_id__in={d.hook_id for d in planned},
                    dedupe_key__in=keys[start : start + KEYS_PER_QUERY],
                ).values_list("hook_id", "dedupe_key")
            )
        planned = [d for d in planned if (d.hook_id, d.dedupe_key) not in done]
    return _save(planned)


def ping(hook: Webhook, *, now: datetime.datetime | None = None) -> Delivery:
    """A test event to `hook`, sent even while it is paused or switched off (once, no retry)."""
    now = now or timezone.now()
    data = {"hook": hook.pk, "message": "A test event from KOTAKU Monev."}
    payload = body(PING, data, now)
    delivery = Delivery(
        hook=hook, event=PING, payload=payload, event_id=payload["id"], next_attempt_at=now
    )
    return _save([delivery])[0]


def _delivery(hook: Webhook, occurrence: Occurrence, now: datetime.datetime) -> Delivery:
    payload = body(occurrence.event, occurrence.data, now)
    return Delivery(
        hook=hook,
        event=occurrence.event,
        payload=payload,
        event_id=payload["id"],
        city_id=occurrence.city_id,
        dedupe_key=occurrence.key,
        next_attempt_at=now,
        created_at=now,
    )


def _save(planned: list[Delivery]) -> list[Delivery]:
    if not planned:
        return []
    try:
        with transaction.atomic():
            made = Delivery.objects.bulk_create(planned)
    except IntegrityError:
        # Another run wrote some of the same keys meanwhile: keep the others.
        made = []
        for delivery in planned:
            try:
                with transaction.atomic():
                    delivery.save()
            except IntegrityError:
                continue
            made.append(delivery)
    queued([d.pk for d in made])
    return made


def queued(pks: list[int]) -> None:
    """Ask for deliveries `pks` to be sent once the current transaction commits."""
    if not pks:
        return
    for callback in _queued:
        transaction.on_commit(lambda callback=callback: callback(pks))
