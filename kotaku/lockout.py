"""Sign-in lockouts: django-axes, with one limit per person and a looser one per address.

Offices in the program share one public address. Locking an address after a few failures
would lock out the whole office because one person forgot a password; locking only a user
name would let anyone lock out a colleague from anywhere. So failures are counted per user
name *and* address (AXES_LOCKOUT_PARAMETERS) against AXES_FAILURE_LIMIT, and a guesser who
tries many names from one address is stopped by a second, looser count of the address's
failures across all names, against AXES_ADDRESS_FAILURE_LIMIT.

Axes compares one number, `get_failures()`, with one limit; this handler reports the address
as having reached that limit when its own count has reached the looser one.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures of this user name from this address, or the limit when the address as a
        whole has failed too often. Runs two queries."""
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            failures = max(failures, get_failure_limit(request, credentials))
        return failures

    def address_failures(self, request) -> int:
        """Failed sign-ins from the request's address, under any user name, within the
        cool-off time (one query)."""
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
