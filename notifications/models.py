"""Notifications (the in-app notices) and their email deliveries: an outbox written in the
transaction of the change that causes it, sent afterwards by a worker (`delivery`, `digest`)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kotaku.access import CityScopedQuerySet, scope_for
from kotaku.lib.choices import ChoiceLabels
from kotaku.models import City
from notifications.kinds import MESSAGES, EmailMode, Kind


class NotificationQuerySet(CityScopedQuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """The user's notices that they may read now: those of a city outside their current
        scope (an assignment removed since) are hidden, not deleted."""
        return self.filter(recipient=user).visible_to(user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(ChoiceLabels, models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Which message (notifications.kinds.MESSAGES); several events may share a kind.
    event = models.CharField(_("event"), max_length=30)
    # The city of the record: a notice shows only while the recipient may read it.
    city = models.ForeignKey(City, models.CASCADE, related_name="+", verbose_name=_("city"))
    # "visit:<code>", "rktl:<code>": the per-record cap on immediate mails counts by it.
    record = models.CharField(_("record"), max_length=40)
    url = models.CharField(_("address"), max_length=200)
    params = models.JSONField(_("message values"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Scheduled notices (reminders) carry a key so that running the schedule again makes none.
    dedupe_key = models.CharField(_("dedupe key"), max_length=100, null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # Key first: the reminders look up the keys already told (monitoring.notify.remind).
            models.UniqueConstraint(
                fields=["dedupe_key", "recipient"],
                condition=Q(dedupe_key__isnull=False),
                name="notification_unique_dedupe_key",
            ),
        ]
        indexes = [
            # The bell (unread count on every page) and the notifications page, newest first.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.kind} · {self.record}"

    @property
    def message(self) -> str:
        """The message in the active language (the values are the record's own words)."""
        values = {"title": "", "actor": "", "days": "", **self.params}
        if values.get("date"):
            values["date"] = formats.date_format(
                datetime.date.fromisoformat(values["date"]), "j F Y"
            )
        template = MESSAGES.get(self.event)
        return str(template) % values if template else self.get_kind_display()


class EmailPreference(ChoiceLabels, models.Model):
    """A user's choice for one kind; without a row the kind's default applies
    (notifications.kinds.DEFAULT_MODES)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="email_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mode = models.CharField(_("email"), max_length=10, choices=EmailMode.choices)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_preference_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.mode}"


class Delivery(ChoiceLabels, models.Model):
    """One notification sent on one channel: the outbox row a worker claims and sends once."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        # Not sent on purpose: read meanwhile (digest), out of the recipient's scope now, no
        # address, or given up after repeated failures.
        SKIPPED = "skipped", _("Not sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification, models.CASCADE, related_name="deliveries", verbose_name=_("notification")
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    mode = models.CharField(
        _("mode"),
        max_length=10,
        choices=[
            (EmailMode.IMMEDIATE, EmailMode.IMMEDIATE.label),
            (EmailMode.DIGEST, EmailMode.DIGEST.label),
        ],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Immediate mails are due at once; digest entries at the next digest hour.
    due_at = models.DateTimeField(_("due at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # The dedupe key: a notification is sent at most once on each channel.
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_unique_per_channel"
            ),
        ]
        indexes = [
            # The senders' queue: pending deliveries of a mode that are due.
            models.Index(
                fields=["mode", "due_at"],
                condition=Q(status="pending"),
                name="delivery_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.status}"


def may_read_city(user, city_id: int) -> bool:
    scope = scope_for(user)
    return scope.national or city_id in scope.readable_cities
