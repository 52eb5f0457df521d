"""What users are told of: the kinds of notice (each with its own email preference) and the
message of each event. Who is told of what is decided by the apps that make the changes
(`monitoring.notify`); this module only names and words it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REVIEW_WAITING = "review_waiting", _("A visit waits for your review")
    VISIT_RETURNED = "visit_returned", _("A visit was sent back")
    VISIT_APPROVED = "visit_approved", _("A visit was approved")
    RKTL_DONE = "rktl_done", _("An RKTL action is done and waits for verification")
    RKTL_VERIFIED = "rktl_verified", _("An RKTL action was verified")
    RKTL_REJECTED = "rktl_rejected", _("An RKTL action was not accepted as done")
    DEADLINE_ASKED = "deadline_asked", _("A new deadline is asked for")
    DEADLINE_DECIDED = "deadline_decided", _("A deadline request was decided")
    RKTL_DUE = "rktl_due", _("An RKTL deadline is near")
    RKTL_OVERDUE = "rktl_overdue", _("An RKTL action is overdue")
    DOWNLOAD_READY = "download_ready", _("A file you asked for is ready")
    WEBHOOK_PAUSED = "webhook_paused", _("A webhook of yours was paused")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In the daily digest")
    OFF = "off", _("Not by email")


# What someone must act on soon comes at once; the rest waits for the daily digest.
DEFAULT_MODES = {
    Kind.REVIEW_WAITING: EmailMode.IMMEDIATE,
    Kind.VISIT_RETURNED: EmailMode.IMMEDIATE,
    # Asked for a moment ago, and on My downloads: the bell is enough, unless chosen.
    Kind.DOWNLOAD_READY: EmailMode.OFF,
    # Events are no longer delivered until the owner resumes it.
    Kind.WEBHOOK_PAUSED: EmailMode.IMMEDIATE,
}


def default_mode(kind: str) -> str:
    return DEFAULT_MODES.get(kind, EmailMode.DIGEST)


# One message per event (several events may share a kind, and so a preference). Placeholders:
# title (the record's own words), actor (who made the change), days, date.
MESSAGES = {
    "submitted": _('%(actor)s submitted the visit "%(title)s": it waits for your review.'),
    "korkot_approved": _(
        'The Korkot approved the visit "%(title)s": it waits for your review as KMW.'
    ),
    "returned": _('%(actor)s sent back the visit "%(title)s".'),
    "reopened": _('%(actor)s reopened the approved visit "%(title)s" for a correction.'),
    "approved": _('%(actor)s approved the visit "%(title)s".'),
    "rktl_done": _(
        '%(actor)s reported the RKTL action "%(title)s" done: it waits for verification.'
    ),
    "rktl_verified": _('%(actor)s verified the RKTL action "%(title)s".'),
    "rktl_rejected": _('%(actor)s did not accept the RKTL action "%(title)s" as done.'),
    "deadline_asked": _('%(actor)s asks to move the deadline of "%(title)s" to %(date)s.'),
    "deadline_approved": _('%(actor)s approved the new deadline %(date)s for "%(title)s".'),
    "deadline_refused": _('%(actor)s refused the new deadline for "%(title)s".'),
    "download_ready": _('The file "%(title)s" you asked for is ready on My downloads.'),
    "download_failed": _('The file "%(title)s" you asked for could not be prepared.'),
    "webhook_paused": _(
        "The webhook to %(title)s was paused after repeated failed deliveries: fix the "
        "receiver, then resume it."
    ),
    "due_soon": _('The RKTL action "%(title)s" is due in %(days)s days (%(date)s).'),
    "due_last": _('The RKTL action "%(title)s" is due on %(date)s: the last reminder.'),
    "overdue": _('The RKTL action "%(title)s" is overdue since %(date)s.'),
    "overdue_korkot": _(
        'The RKTL action "%(title)s" is overdue for %(days)s days (deadline %(date)s).'
    ),
    "overdue_kmw": _(
        'The RKTL action "%(title)s" is overdue for %(days)s days (deadline %(date)s).'
    ),
}
