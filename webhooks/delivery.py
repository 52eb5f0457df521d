"""Sending deliveries: signed POSTs, retried with backoff, and pausing a hook that keeps failing.

A worker takes a delivery by moving its `next_attempt_at` forward for the length of one attempt
(`claim`: a conditional UPDATE, so two workers never take the same one), sends it with no
transaction open (an attempt may take WEBHOOK_TIMEOUT seconds; on SQLite an open write would
hold up every other writer meanwhile), then records the outcome. A worker dying mid-attempt
leaves the delivery due again once the claim runs out: a receiver may see an event twice,
never lose one, and recognises a repeat by its id (`X-Kotaku-Delivery`).

Addresses are resolved before each attempt and every address must be public (or in
WEBHOOK_ALLOWED_NETWORKS); the connection then goes to the address checked, not to a second
lookup's answer, so a name cannot be switched to an internal address in between.
"""

import datetime
import functools
import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from kotaku.models import City
from notifications.kinds import Kind
from notifications.services import notify
from webhooks.addresses import RefusedAddress, vetted_address
from webhooks.models import PING, Delivery, Webhook

log = logging.getLogger(__name__)

# Waits between attempts: after the first failure 1 minute, then 5, 30 minutes, 2, 6, 12 and
# 24 hours. After the last, the delivery is given up: 8 attempts over about 45 hours.
BACKOFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=12),
    datetime.timedelta(hours=24),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
# A hook is paused after this many failed attempts in a row, or when it has failed since
# PAUSE_AFTER without one delivery going through.
PAUSE_AFTER_FAILURES = 10
PAUSE_AFTER = datetime.timedelta(hours=24)
# How long a worker holds a delivery it is sending; past it, another may try again.
CLAIM = datetime.timedelta(minutes=5)
BATCH = 200
USER_AGENT = "KOTAKU-Monev-Webhooks/1"

DUE_STATUSES = [Delivery.Status.PENDING, Delivery.Status.FAILED]
# Test events go even to a paused or switched-off hook: that is how its owner checks a fix.
SENDABLE = Q(hook__is_active=True, hook__paused_at__isnull=True) | Q(event=PING)


# ---- Signing ----------------------------------------------------------------------------------


def serialise(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Kotaku-Signature value: HMAC-SHA256 of "<timestamp>.<body>" under the hook's
    secret, in hex (README, "Webhooks", has the receiver's side)."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def headers(delivery: Delivery, secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Kotaku-Event": delivery.event,
        "X-Kotaku-Delivery": str(delivery.event_id),
        "X-Kotaku-Timestamp": str(timestamp),
        "X-Kotaku-Signature": signature(secret, timestamp, body),
    }


# ---- Where a delivery may go (SSRF) -----------------------------------------------------------


def _pinned(address: str):
    """socket.create_connection to `address`, whatever host http.client asks for (the TLS
    handshake still checks the certificate against the URL's host name)."""

    def create_connection(host_port, timeout=None, source_address=None):
        return socket.create_connection((address, host_port[1]), timeout, source_address)

    return create_connection


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, address: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _pinned(address)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, address: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _pinned(address)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, address: str):
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(functools.partial(_PinnedHTTPConnection, address=self.address), req)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Certificates checked against the system's authorities; made once (loading them takes
    a good part of a second)."""
    return ssl.create_default_context()


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, address: str):
        super().__init__(context=_tls_context())
        self.address = address

    def https_open(self, req):
        connection = functools.partial(_PinnedHTTPSConnection, address=self.address)
        return self.do_open(connection, req, context=self._context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other non-2xx: a failure, never followed (it could
    point anywhere, an internal address included)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Outcome:
    ok: bool
    status_code: int | None = None
    error: str = ""
    duration_ms: int = 0


def post(url: str, body: bytes, request_headers: dict[str, str]) -> Outcome:
    """POST `body` to `url` once: 2xx is success; anything else, or no answer, a failure."""
    start = time.monotonic()
    status, error = None, ""
    try:
        address = vetted_address(url)
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            _NoRedirect(),
            _HTTPHandler(address),
            _HTTPSHandler(address),
        )
        request = urllib.request.Request(url, data=body, headers=request_headers, method="POST")
        with opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as answer:
        status = answer.code
        answer.close()
        error = f"HTTP {answer.code}"
    except RefusedAddress as refusal:
        error = str(refusal)
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as failure:
        reason = getattr(failure, "reason", None) or failure
        error = f"{type(reason).__name__}: {reason}"
    duration = int((time.monotonic() - start) * 1000)
    ok = status is not None and 200 <= status < 300
    return Outcome(ok=ok, status_code=status, error="" if ok else error[:200], duration_ms=duration)


# ---- Attempts ---------------------------------------------------------------------------------


def claim(pk: int, now: datetime.datetime) -> Delivery | None:
    """Take delivery `pk` for one attempt when it is due and its hook may be sent to; None when
    it is not due (sent, given up, held by another worker, its hook paused)."""
    taken = (
        Delivery.objects.filter(pk=pk, status__in=DUE_STATUSES, next_attempt_at__lte=now)
        .filter(SENDABLE)
        .update(next_attempt_at=now + CLAIM, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not taken:
        return None
    return Delivery.objects.select_related("hook").get(pk=pk)


def attempt(pk: int) -> Delivery | None:
    """Send delivery `pk` once if it is due; the delivery as recorded after the attempt."""
    delivery = claim(pk, timezone.now())
    if delivery is None:
        return None
    body = serialise(delivery.payload)
    timestamp = int(time.time())
    outcome = post(
        delivery.hook.url, body, headers(delivery, delivery.hook.secret, body, timestamp)
    )
    if not outcome.ok:
        log.warning(
            "webhook delivery %s to hook %s failed: %s", pk, delivery.hook_id, outcome.error
        )
    return record(delivery, outcome, timezone.now())


def record(delivery: Delivery, outcome: Outcome, now: datetime.datetime) -> Delivery:
    """Store the outcome of an attempt: sent, retried after the next wait, or given up; and
    the hook's run of failures, pausing it when it is too long."""
    last = delivery.event == PING or delivery.attempts >= MAX_ATTEMPTS
    if outcome.ok:
        status, next_at = Delivery.Status.SENT, None
    elif last:
        status, next_at = Delivery.Status.GIVEN_UP, None
    else:
        status, next_at = Delivery.Status.FAILED, now + BACKOFF[delivery.attempts - 1]
    delivery.status, delivery.next_attempt_at = status, next_at
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
    delivery.duration_ms = outcome.duration_ms
    with transaction.atomic():
        stored = Delivery.objects.filter(pk=delivery.pk).update(
            status=status,
            next_attempt_at=next_at,
            last_status_code=outcome.status_code,
            last_error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
        # Not stored: the hook was removed during the attempt, its log with it.
        if stored and delivery.event != PING:  # a test says nothing of the events' fate
            _count(delivery, outcome.ok, now)
    return delivery


def _count(delivery: Delivery, ok: bool, now: datetime.datetime) -> None:
    hooks = Webhook.objects.filter(pk=delivery.hook_id)
    if ok:
        hooks.filter(failure_streak__gt=0).update(failure_streak=0, failing_since=None)
        return
    hooks.update(
        failure_streak=F("failure_streak") + 1,
        failing_since=Coalesce("failing_since", Value(now, output_field=DateTimeField())),
    )
    hook = hooks.select_related("owner", "city").first()
    if hook is None:
        return
    too_many = hook.failure_streak >= PAUSE_AFTER_FAILURES
    too_long = hook.failing_since is not None and hook.failing_since <= now - PAUSE_AFTER
    if (too_many or too_long) and hooks.filter(paused_at__isnull=True).update(paused_at=now):
        tell_owner(hook, delivery.city_id, now)


def tell_owner(hook: Webhook, city_id: int | None, now: datetime.datetime) -> None:
    """The owner's notice (and mail) that `hook` was paused. A notice belongs to a city: the
    hook's own, or for a national hook the city of the event that failed."""
    city = (
        hook.city or City.objects.filter(pk=city_id).first() or City.objects.order_by("pk").first()
    )
    if city is None:
        return
    notify(
        user_ids=[hook.owner_id],
        kind=Kind.WEBHOOK_PAUSED,
        event="webhook_paused",
        city=city,
        record=f"webhook:{hook.pk}",
        url=reverse("webhooks:hook_detail", args=[hook.pk]),
        params={"title": hook.url},
        dedupe_key=f"webhook_paused:{hook.pk}:{now.isoformat()}",
        now=now,
    )


def due(now: datetime.datetime | None = None):
    now = now or timezone.now()
    return Delivery.objects.filter(status__in=DUE_STATUSES, next_attempt_at__lte=now).filter(
        SENDABLE
    )


def send_due(now: datetime.datetime | None = None) -> int:
    """Attempt every delivery due by `now` (a batch); how many went through. Safe to run again
    and in several workers at once."""
    pks = list(due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:BATCH])
    sent = 0
    for pk in pks:
        delivery = attempt(pk)
        sent += delivery is not None and delivery.status == Delivery.Status.SENT
    return sent
