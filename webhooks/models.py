"""Outgoing webhooks: an address that is told of the program's events, and the outbox of its
deliveries (written in the transaction of the change, sent afterwards by a worker)."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.access import scope_for
from kotaku.lib.choices import ChoiceLabels
from kotaku.models import Assignment, City, Role
from webhooks.addresses import validate_hook_url


class Event(models.TextChoices):
    """What a hook may ask for. The values are the `event` of the body and the
    `X-Kotaku-Event` header: stable, never translated."""

    VISIT_APPROVED = "visit.approved", _("Visit approved")
    RKTL_VERIFIED = "rktl.verified", _("RKTL action verified")
    RKTL_OVERDUE = "rktl.overdue", _("RKTL action overdue")
    KSM_STAGE_CHANGED = "ksm.stage_changed", _("KSM PPMK stage changed")


# The test event sent from the hook's page; never chosen, always allowed.
PING = "ping"


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


class WebhookQuerySet(models.QuerySet):
    def manageable_by(self, user) -> "WebhookQuerySet":
        """The hooks `user` may see and change: all for Pusat, those of their cities for a
        Korkot, none for anyone else."""
        scope = scope_for(user)
        if scope.national:
            return self.all()
        return self.filter(city_id__in=scope.cities(Role.KORKOT))

    def live(self) -> "WebhookQuerySet":
        """Hooks that are sent events: switched on, not paused, and whose owner may still
        register them (a Korkot moved to another city stops receiving the old city's)."""
        may_register = Assignment.objects.filter(user=OuterRef("owner")).filter(
            Q(role=Role.PUSAT) | Q(role=Role.KORKOT, city=OuterRef("city"))
        )
        # A national hook (city NULL) matches no Korkot assignment: Pusat only.
        return self.filter(is_active=True, paused_at__isnull=True, owner__is_active=True).filter(
            Q(owner__is_superuser=True) | Exists(may_register)
        )


class Webhook(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="webhooks",
        verbose_name=_("owner"),
        help_text=_("Told when the hook is paused."),
    )
    # Null: national (Pusat only), every city's events.
    city = models.ForeignKey(
        City,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
        help_text=_("Only the events of this city's records; empty: every city (Pusat only)."),
    )
    url = models.URLField(_("address"), max_length=500, validators=[validate_hook_url])
    # A list of Event values.
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=64, default=new_secret)
    is_active = models.BooleanField(_("active"), default=True)
    # Set after repeated failed deliveries; nothing is sent until the owner resumes it.
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    # Failed attempts since the last delivery that went through, and since when.
    failure_streak = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        # The city column's own index serves `emit` (the hooks of a city, and the national ones
        # with city IS NULL) and a Korkot's list (city IN their cities).

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        # The form offers the events as checkboxes; the admin edits the list as JSON.
        if not isinstance(self.events, list) or not self.events:
            raise ValidationError({"events": _("Choose one or more events.")})
        if set(self.events) - set(Event.values):
            raise ValidationError({"events": _("Choose one or more events.")})

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def get_events_display(self) -> list[str]:
        labels = dict(Event.choices)
        return [str(labels.get(event, event)) for event in self.events]


class Delivery(ChoiceLabels, models.Model):
    """One event sent to one hook: retried with backoff until it goes through or is given up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        # The last attempt failed; the next one is at next_attempt_at.
        FAILED = "failed", _("Failed, will retry")
        GIVEN_UP = "given_up", _("Given up")

    hook = models.ForeignKey(
        Webhook, models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=30)
    # The body's "id" and the X-Kotaku-Delivery header: the same on every retry, so that a
    # receiver applies an event once.
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    # The whole body: {"id", "event", "created_at", "data"}.
    payload = models.JSONField(_("payload"))
    # The city of the record (none for a test event): the pause notice of a national hook.
    city = models.ForeignKey(
        City, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("city")
    )
    # Events told once per stage (an item overdue) carry a key: one delivery per hook and key.
    dedupe_key = models.CharField(_("dedupe key"), max_length=100, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the next attempt is due (while pending or failed); a worker sending it holds it
    # by moving this forward for the length of the attempt (webhooks.delivery.claim).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["hook", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="webhook_delivery_unique_key",
            ),
        ]
        indexes = [
            # The sweep: deliveries waiting or failed whose next attempt is due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "failed"]),
                name="webhook_delivery_due_idx",
            ),
            # The delivery log of a hook, newest first (also serves the hook foreign key).
            models.Index(fields=["hook", "-created_at", "-id"], name="webhook_delivery_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.hook_id} ({self.status})"
