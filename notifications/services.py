"""Writing notifications: called by the apps that make changes, inside their transaction."""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kotaku.models import City, Role
from notifications.kinds import EmailMode, default_mode
from notifications.models import Delivery, EmailPreference, Notification

# At most one immediate mail per user and record in this time; later notices of the same
# record go to the digest.
IMMEDIATE_CAP = datetime.timedelta(hours=1)

# Run after the commit of a change that wrote immediate mails: the job queue registers here
# the enqueueing of a `delivery.send_due` task (in its AppConfig.ready). Without one, or when
# the task is lost, the schedule's periodic `send_due` sends them.
_mail_waiting: list[Callable[[], None]] = []


def on_mail_waiting(callback: Callable[[], None]) -> Callable[[], None]:
    """Register `callback` (once); usable as a decorator."""
    if callback not in _mail_waiting:
        _mail_waiting.append(callback)
    return callback


def users_in_area(user_ids: Iterable[int], city: City):
    """Those of `user_ids` whose assignments cover `city` (its city roles, its province's
    KMW, Pusat): nobody outside the record's area is told of it."""
    return (
        get_user_model()
        .objects.filter(pk__in=set(user_ids), is_active=True)
        .filter(
            Q(assignments__city=city)
            | Q(assignments__province_id=city.province_id)
            | Q(assignments__role=Role.PUSAT)
            | Q(is_superuser=True)
        )
        .distinct()
    )


def next_digest_at(now: datetime.datetime) -> datetime.datetime:
    """The next daily digest hour (settings.NOTIFY_DIGEST_HOUR, local time) after `now`."""
    local = timezone.localtime(now)
    due = local.replace(hour=settings.NOTIFY_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return due if due > local else due + datetime.timedelta(days=1)


def email_modes(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each user's email mode for `kind` (the kind's default where they chose none)."""
    chosen = dict(
        EmailPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "mode"
        )
    )
    return {pk: chosen.get(pk, default_mode(kind)) for pk in user_ids}


def notify(
    *,
    user_ids: Iterable[int],
    kind: str,
    event: str,
    city: City,
    record: str,
    url: str,
    params: dict | None = None,
    actor=None,
    dedupe_key: str | None = None,
    now: datetime.datetime | None = None,
) -> list[Notification]:
    """Tell the users `user_ids` (those of them in the city's area, the actor left out) of an
    event, with their email deliveries, in the caller's transaction: the change and its
    notices are committed together or not at all. With `dedupe_key`, a user already told
    under that key is not told again."""
    now = now or timezone.now()
    recipients = list(users_in_area(user_ids, city).exclude(pk=getattr(actor, "pk", None)))
    modes = email_modes([u.pk for u in recipients], kind)
    made, immediate = [], False
    for user in recipients:
        notification = Notification(
            recipient=user,
            kind=kind,
            event=event,
            city=city,
            record=record,
            url=url,
            params=params or {},
            created_at=now,
            dedupe_key=dedupe_key,
        )
        if dedupe_key:
            try:
                with transaction.atomic():
                    notification.save()
            except IntegrityError:
                continue  # told already (another run of the schedule)
        else:
            notification.save()
        made.append(notification)
        mode = modes[user.pk]
        if mode == EmailMode.OFF or not user.email:
            continue
        if mode == EmailMode.IMMEDIATE and _mailed_recently(user, record, now):
            mode = EmailMode.DIGEST
        Delivery.objects.create(
            notification=notification,
            mode=mode,
            due_at=now if mode == EmailMode.IMMEDIATE else next_digest_at(now),
        )
        immediate = immediate or mode == EmailMode.IMMEDIATE
    if immediate:
        for callback in _mail_waiting:
            transaction.on_commit(callback)
    return made


def _mailed_recently(user, record: str, now: datetime.datetime) -> bool:
    return Delivery.objects.filter(
        notification__recipient=user,
        notification__record=record,
        mode=EmailMode.IMMEDIATE,
        notification__created_at__gt=now - IMMEDIATE_CAP,
    ).exists()


def tell_download_finished(sender, download, **kwargs) -> None:
    """Receiver of kotaku.downloads' `download_ready` and `download_failed`: the user who asked
    is told, in the bell (and by mail if they chose so), under one of the file's cities, which
    they could read when they asked (My downloads checks the whole area again)."""
    from django.urls import reverse

    from notifications.kinds import Kind

    city = download.cities.order_by("pk").first()
    if city is None:
        return
    event = "download_ready" if download.status == download.Status.READY else "download_failed"
    notify(
        user_ids=[download.user_id],
        kind=Kind.DOWNLOAD_READY,
        event=event,
        city=city,
        record=f"download:{download.pk}",
        url=reverse("downloads"),
        params={"title": download.title},
        dedupe_key=f"download:{download.pk}",
    )
