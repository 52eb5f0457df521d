"""Mails of notifications: one notice (immediate) or a day's notices (digest), in plain text
and HTML, in the recipient's language, with links to the site and per-kind unsubscribe links."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.kinds import Kind
from notifications.models import Notification
from notifications.tokens import unsubscribe_token

# Entries per city and kind in a digest; the rest are counted and waiting on the site.
DIGEST_GROUP_CAP = 20


def user_language(user) -> str:
    """The user's language where one is stored (on the user or a profile), else the site's."""
    for holder in (user, getattr(user, "profile", None)):
        language = getattr(holder, "language", None)
        if language in dict(settings.LANGUAGES):
            return language
    return settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(user, kind: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)]))


def _mail(user, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    context = {
        **context,
        "user": user,
        "site_url": settings.SITE_URL,
        "inbox_url": absolute(reverse("notifications:list")),
        "settings_url": absolute(reverse("notifications:settings")),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    mail = EmailMultiAlternatives(subject, text, to=[user.email])
    mail.attach_alternative(html, "text/html")
    return mail


def immediate_mail(notification: Notification) -> EmailMultiAlternatives:
    user = notification.recipient
    with translation.override(user_language(user)):
        subject = f"[KOTAKU Monev] {notification.get_kind_display()}"
        return _mail(
            user,
            subject,
            "immediate",
            {
                "notification": notification,
                "message": notification.message,
                "city": notification.city.full_name,
                "record_url": absolute(notification.url),
                "kind_label": notification.get_kind_display(),
                "unsubscribe_url": unsubscribe_url(user, notification.kind),
            },
        )


def digest_mail(user, notifications: list[Notification]) -> EmailMultiAlternatives:
    """One mail of `notifications` (city preloaded), grouped by city and then kind."""
    with translation.override(user_language(user)):
        grouped: dict = defaultdict(lambda: defaultdict(list))
        for n in notifications:
            grouped[n.city.full_name][n.kind].append(n)
        labels = dict(Kind.choices)
        cities = []
        for city in sorted(grouped):
            kinds = []
            for kind in (k for k in Kind.values if k in grouped[city]):
                entries = grouped[city][kind]
                kinds.append(
                    {
                        "label": str(labels[kind]),
                        "entries": [
                            {"message": n.message, "url": absolute(n.url)}
                            for n in entries[:DIGEST_GROUP_CAP]
                        ],
                        "more": max(0, len(entries) - DIGEST_GROUP_CAP),
                        "unsubscribe_url": unsubscribe_url(user, kind),
                    }
                )
            cities.append({"name": city, "kinds": kinds})
        subject = "[KOTAKU Monev] " + _("Your daily summary: %(n)s notices") % {
            "n": len(notifications)
        }
        return _mail(user, subject, "digest", {"cities": cities, "count": len(notifications)})
