"""How an API request is signed in: a personal token, or the browser's session.

The token is read from `Authorization: Bearer <token>`. The feeds for Excel and Power BI also
take it from the address (`?token=`), for tools that cannot send a header (api/feeds.py). The
session lets a signed-in user try the API from its documentation page.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken

# A token's "last used" is written at most this often, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def note_use(token: ApiToken, request) -> None:
    """Record when and from where the token was last used (one UPDATE, at most once a
    minute per token and address)."""
    now = timezone.now()
    ip = client_ip(request)
    recent = token.last_used_at and now - token.last_used_at < LAST_USED_EVERY
    if recent and token.last_used_ip == ip:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    token.last_used_at, token.last_used_ip = now, ip


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def raw_token(self, request) -> str | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header is malformed."))
        return parts[1].decode("latin-1")

    def authenticate(self, request):
        raw = self.raw_token(request)
        if raw is None:
            return None
        token = ApiToken.objects.for_raw(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it is unknown, expired or revoked.")
            )
        note_use(token, request)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with WWW-Authenticate), not 403, to a request with no token.
        return f'{self.keyword} realm="api"'


class QueryTokenAuthentication(BearerTokenAuthentication):
    """The token in the address, `?token=...`: only for the feeds (see the README for the
    risk: addresses end up in logs and browser histories)."""

    def raw_token(self, request) -> str | None:
        return request.query_params.get("token") or None
