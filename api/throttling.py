"""Per-token rate limits: 429 with Retry-After past settings.API_RATE.

The counts are kept in the cache "api_rate": each process's own memory, or with
API_RATE_STORE=database one table for every process and server (settings, README "API").
"""

import math

from django.core.cache import caches
from django.utils.translation import ngettext
from rest_framework.exceptions import APIException, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    @property
    def cache(self):
        return caches["api_rate"]

    def get_rate(self) -> str | None:
        # Read when asked, not kept from import time as DRF does, so that a changed setting
        # (a test's override) applies.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenThrottled(Throttled):
    """DRF's 429 (its handler adds `Retry-After: <wait>`), with one whole sentence in the
    user's language instead of DRF's two halves, which its Indonesian catalogue half lacks."""

    def __init__(self, wait: float | None):
        seconds = max(1, math.ceil(wait or 0))
        detail = ngettext(
            "Too many requests with this token: try again in %(seconds)d second.",
            "Too many requests with this token: try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
        APIException.__init__(self, detail, self.default_code)
        self.wait = seconds
