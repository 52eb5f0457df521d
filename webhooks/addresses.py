"""Which addresses a hook may have, and which networks a delivery may reach (SSRF guard)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Plain http:// is allowed to these hosts only, in development or with WEBHOOK_ALLOW_HTTP.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class RefusedAddress(Exception):
    """The host resolves to a network the app must not reach on a user's behalf."""


def address_allowed(address: str) -> bool:
    """Whether a delivery may connect to the IP `address`: a public one, or one inside
    WEBHOOK_ALLOWED_NETWORKS."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in ipaddress.ip_network(n, strict=False) for n in settings.WEBHOOK_ALLOWED_NETWORKS):
        return True
    # Not private, loopback, link-local, shared (100.64/10), reserved or unspecified.
    return ip.is_global and not ip.is_multicast


def vetted_address(url: str) -> str:
    """The IP address to connect to for `url`. Every address its host resolves to must be
    allowed, or none is used (RefusedAddress)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OSError(f"cannot resolve {parts.hostname}: {error}") from error
    addresses = [info[4][0] for info in infos]
    refused = [a for a in addresses if not address_allowed(a)]
    if refused or not addresses:
        raise RefusedAddress(f"address not allowed: {', '.join(refused) or parts.hostname}")
    return addresses[0]


def validate_hook_url(value: str) -> None:
    """A hook's address: HTTPS (plain HTTP only to this machine, in development or tests), no
    credentials in it, and not a private or local address written as such. Names are checked
    again, resolved, before every delivery (`vetted_address`)."""
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    local = host in LOCAL_HOSTS
    http_allowed = settings.DEBUG or settings.WEBHOOK_ALLOW_HTTP
    if not (parts.scheme == "https" or (parts.scheme == "http" and local and http_allowed)):
        raise ValidationError(_("The address must start with https://."), code="https")
    if parts.username or parts.password:
        raise ValidationError(
            _("The address must not contain a user name or password."), code="credentials"
        )
    try:
        literal = "127.0.0.1" if host == "localhost" else str(ipaddress.ip_address(host))
    except ValueError:
        return
    if not address_allowed(literal):
        raise ValidationError(
            _("This address is on a private or local network, which webhooks may not reach."),
            code="private",
        )
