"""Personal API tokens: how other systems (Excel, Power BI, a ministry's server) sign in.

A token is shown once when it is made; only its SHA-256 digest is stored (the token is 32
random bytes, so a slow password hash would add nothing but time on every request). It carries
its user's scope and never more: every query the API runs is narrowed by `kotaku.access` for
`token.user`, exactly as the pages are. A token may be read-only, always expires, and can be
revoked by its user or by Pusat; both take effect on the next request, because every request
looks the token up.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.access import scope_for

# Recognisable in logs and by secret scanners; never part of the digest's secrecy.
PREFIX = "kmv_"


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiTokenQuerySet(models.QuerySet):
    def with_status(self, status: str, now=None) -> "ApiTokenQuerySet":
        """The tokens in `status`; the one definition the lists, filters and `status` share."""
        now = now or timezone.now()
        if status == TokenStatus.REVOKED:
            return self.filter(revoked_at__isnull=False)
        if status == TokenStatus.EXPIRED:
            return self.filter(revoked_at__isnull=True, expires_at__lte=now)
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def active(self, now=None) -> "ApiTokenQuerySet":
        """The tokens that sign a request in: active, of a user who may still sign in."""
        return self.with_status(TokenStatus.ACTIVE, now).filter(user__is_active=True)

    def revocable_by(self, user) -> "ApiTokenQuerySet":
        """The tokens `user` may revoke: their own, and everyone's for Pusat."""
        if scope_for(user).national:
            return self.all()
        return self.filter(user=user) if user.is_authenticated else self.none()

    def revoke(self, *, by) -> int:
        """Revoke the tokens not yet revoked; the next request with one of them is refused.
        Revoked tokens stay (for the audit), with who revoked them and when."""
        return self.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=by)

    def issue(
        self, *, user, name: str, read_only: bool = False, lifetime: timedelta | None = None
    ) -> tuple["ApiToken", str]:
        """A new token for `user`: the saved row and the raw token, which is never stored."""
        raw = PREFIX + secrets.token_urlsafe(32)
        lifetime = lifetime or timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
        token = self.create(
            user=user,
            name=name,
            read_only=read_only,
            key_prefix=raw[: len(PREFIX) + 4],
            digest=digest(raw),
            expires_at=timezone.now() + lifetime,
        )
        return token, raw

    def for_raw(self, raw: str) -> "ApiToken | None":
        """The active token whose digest matches `raw`, with its user (one query)."""
        if not raw.startswith(PREFIX):
            return None
        return self.active().select_related("user").filter(digest=digest(raw)).first()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, to tell tokens apart in lists and logs.
    key_prefix = models.CharField(_("starts with"), max_length=12)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(_("read only"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def status(self) -> TokenStatus:
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at <= timezone.now():
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.status == TokenStatus.ACTIVE
