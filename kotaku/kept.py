"""Counts of a large area kept for a moment, with the time they were taken.

Counting a whole country's records reads hundreds of thousands of index entries on every
request. For an area of more than LIVE_COUNT_CITIES cities, such counts are kept for
COUNT_CACHE_SECONDS and the page says when they were taken; the counts of a city or a few
cities are always live. The key names the area (the user's cities, not the user), so two
users see the same kept numbers only when they may read the same cities.
"""

import datetime
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone

from kotaku.access import scope_for
from kotaku.models import City

LIVE_COUNT_CITIES = 20
COUNT_CACHE_SECONDS = 60

T = TypeVar("T")


def area_key(user) -> str | None:
    """The user's area, as part of a cache key; None when it is small enough to count live."""
    scope = scope_for(user)
    if scope.national:
        return "all" if City.objects.count() > LIVE_COUNT_CITIES else None
    if len(scope.readable_cities) <= LIVE_COUNT_CITIES:
        return None
    return ",".join(map(str, sorted(scope.readable_cities)))


def kept_count(
    user, what: str, compute: Callable[[], T], seconds: int = COUNT_CACHE_SECONDS
) -> tuple[T, datetime.datetime | None]:
    """`compute()` for the user's area, and when it was taken if it was kept (None: live).

    `what` names the count and everything else it depends on (filters); the day is added,
    since what is overdue changes with it.
    """
    area = area_key(user)
    if area is None:
        return compute(), None
    signature = f"{what}|{area}|{timezone.localdate()}"
    return kept("kept-count:" + hashlib.sha256(signature.encode()).hexdigest(), compute, seconds)


def kept(key: str, compute: Callable[[], T], seconds: int) -> tuple[T, datetime.datetime]:
    """`compute()` kept `seconds` under `key`, with the time it was computed. `key` names
    everything the value depends on: the area, the filters, the day."""
    value = cache.get(key)
    if value is None:
        value = (compute(), timezone.now())
        cache.set(key, value, seconds)
    return value
