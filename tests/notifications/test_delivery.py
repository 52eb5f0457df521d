"""Immediate mails: each notice mailed exactly once, whatever crashes in between; the hourly
cap per record; preferences; language, links and unsubscribe links of the mail."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.utils import timezone

from kotaku.models import Assignment
from notifications.delivery import MAX_ATTEMPTS, send_due
from notifications.emails import immediate_mail
from notifications.kinds import EmailMode, Kind
from notifications.models import Delivery, EmailPreference, Notification
from notifications.services import notify, on_mail_waiting

FROZEN_AT = "2026-09-01 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def tell(world, personas, *, kind=Kind.REVIEW_WAITING, record="visit:ABC", city=None, **kw):
    return notify(
        user_ids=[world.users[p].pk for p in personas],
        kind=kind,
        event="submitted",
        city=city or world.metro,
        record=record,
        url=f"/visits/{record.split(':')[1]}/",
        params={"title": "Monev BDC Kota Metro", "actor": "Fasilitator"},
        **kw,
    )


class Crash(BaseException):
    """The worker process dying (a BaseException, as SystemExit): nothing catches it."""


class CrashingBackend(EmailBackend):
    """Accepts `survive` mails, then the process dies in the middle of sending."""

    survive = 2

    def send_messages(self, messages):
        if len(mail.outbox) >= self.survive:
            raise Crash
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """A mail server that refuses the mails to one address."""

    def send_messages(self, messages):
        if any("korkot@" in to for m in messages for to in m.to):
            raise ConnectionRefusedError("refused")
        return super().send_messages(messages)


def recipients() -> list[str]:
    return sorted(to for m in mail.outbox for to in m.to)


def test_an_immediate_notice_is_mailed_once_in_text_and_html(world, emails, mailoutbox):
    tell(world, ["korkot"])
    assert send_due() == 1
    assert send_due() == 0
    (message,) = mailoutbox
    assert message.to == ["korkot@example.org"]
    assert message.subject == "[KOTAKU Monev] Kunjungan menunggu reviu Anda"
    # In the user's language (the site's, Indonesian, when none is stored).
    assert 'mengajukan kunjungan "Monev BDC Kota Metro": menunggu reviu Anda' in message.body
    assert "http://127.0.0.1:8000/visits/ABC/" in message.body
    assert "/notifications/unsubscribe/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://127.0.0.1:8000/visits/ABC/"' in html
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.sent_at) == (Delivery.Status.SENT, timezone.now())


@override_settings(SITE_URL="https://monev.example.org")
def test_links_go_to_the_site_url(world, emails, mailoutbox):
    tell(world, ["korkot"])
    send_due()
    assert "https://monev.example.org/visits/ABC/" in mailoutbox[0].body


@override_settings(EMAIL_BACKEND="tests.notifications.test_delivery.CrashingBackend")
def test_a_crash_mid_way_loses_no_mail_and_sends_none_twice(world, emails, mailoutbox, monkeypatch):
    monkeypatch.setattr(CrashingBackend, "survive", 2)
    personas = ["fasilitator", "korkot", "kmw", "pemda", "pusat"]
    for n in range(3):
        tell(world, personas, record=f"visit:V{n}")  # committed with "the change"
    assert Delivery.objects.count() == 15
    with pytest.raises(Crash):
        send_due()
    assert len(mail.outbox) == 2
    # The mails sent before the crash are marked; the one being sent is still pending.
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2
    monkeypatch.setattr(CrashingBackend, "survive", 9)
    with pytest.raises(Crash):
        send_due()
    monkeypatch.setattr(CrashingBackend, "survive", 100)
    assert send_due() == 6
    assert send_due() == 0
    assert len(mail.outbox) == 15
    sent = [(m.to[0], line) for m in mail.outbox for line in m.body.split() if "/visits/V" in line]
    assert len(set(sent)) == 15, "a mail went twice"
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


@override_settings(EMAIL_BACKEND="tests.notifications.test_delivery.RefusingBackend")
def test_a_refused_mail_is_tried_again_and_does_not_hold_up_the_others(world, emails, mailoutbox):
    tell(world, ["korkot", "pusat"])
    assert send_due() == 1
    assert recipients() == ["pusat@example.org"]
    refused = Delivery.objects.get(notification__recipient=world.users["korkot"])
    assert (refused.status, refused.attempts) == (Delivery.Status.PENDING, 1)
    assert "refused" in refused.last_error
    for _ in range(MAX_ATTEMPTS - 1):
        send_due()
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (Delivery.Status.FAILED, MAX_ATTEMPTS)
    assert recipients() == ["pusat@example.org"]


def test_one_immediate_mail_per_user_and_record_an_hour(world, emails, mailoutbox, time_machine):
    tell(world, ["korkot"], record="visit:ONE")
    tell(world, ["korkot"], record="visit:ONE")  # the same record again: to the digest
    tell(world, ["korkot"], record="visit:TWO")  # another record: at once
    assert send_due() == 2
    modes = list(Delivery.objects.order_by("pk").values_list("mode", flat=True))
    assert modes == [EmailMode.IMMEDIATE, EmailMode.DIGEST, EmailMode.IMMEDIATE]
    time_machine.shift(datetime.timedelta(minutes=61))
    tell(world, ["korkot"], record="visit:ONE")
    assert send_due() == 1
    assert len(mailoutbox) == 3


def test_the_kinds_default_to_immediate_or_digest(world, emails):
    tell(world, ["korkot"], kind=Kind.VISIT_RETURNED)
    tell(world, ["korkot"], kind=Kind.RKTL_DONE, record="rktl:X")
    modes = dict(Delivery.objects.values_list("notification__kind", "mode"))
    assert modes == {Kind.VISIT_RETURNED: EmailMode.IMMEDIATE, Kind.RKTL_DONE: EmailMode.DIGEST}


def test_a_user_chooses_per_kind(world, emails, mailoutbox):
    korkot = world.users["korkot"]
    EmailPreference.objects.create(user=korkot, kind=Kind.REVIEW_WAITING, mode=EmailMode.OFF)
    EmailPreference.objects.create(user=korkot, kind=Kind.RKTL_DONE, mode=EmailMode.IMMEDIATE)
    tell(world, ["korkot"])
    tell(world, ["korkot"], kind=Kind.RKTL_DONE, record="rktl:X")
    # Without mail the notice is still in the app.
    assert Notification.objects.filter(recipient=korkot).count() == 2
    assert list(Delivery.objects.values_list("notification__kind", "mode")) == [
        (Kind.RKTL_DONE, EmailMode.IMMEDIATE)
    ]
    assert send_due() == 1


def test_nobody_outside_the_area_is_told(world, emails):
    # Asked to tell everyone, only those whose assignments cover Kota Metro are told.
    tell(world, list(world.users))
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "fasilitator",
        "korkot",
        "kmw",
        "pemda",
        "pusat",
    }


def test_the_actor_is_not_told_of_their_own_change(world, emails):
    tell(world, ["korkot", "kmw"], actor=world.users["korkot"])
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["kmw"]


def test_no_address_no_delivery(world, emails):
    world.users["korkot"].__class__.objects.filter(pk=world.users["korkot"].pk).update(email="")
    tell(world, ["korkot"])
    assert Notification.objects.count() == 1
    assert not Delivery.objects.exists()


def test_a_notice_of_an_area_left_since_is_not_mailed(world, emails, mailoutbox):
    tell(world, ["korkot"])
    Assignment.objects.filter(user=world.users["korkot"]).delete()
    assert send_due() == 0
    assert mailoutbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_the_dedupe_key_tells_each_user_once(world, emails):
    assert len(tell(world, ["korkot", "kmw"], dedupe_key="due:1")) == 2
    assert tell(world, ["korkot", "kmw"], dedupe_key="due:1") == []
    assert Notification.objects.count() == Delivery.objects.count() == 2


def test_a_mail_is_in_the_language_stored_for_the_user(world, emails):
    (notification,) = tell(world, ["korkot"])
    notification.recipient.language = "en"  # as a profile's language field would give
    message = immediate_mail(notification)
    assert message.subject == "[KOTAKU Monev] A visit waits for your review"
    assert 'submitted the visit "Monev BDC Kota Metro": it waits for your review.' in message.body
    notification.recipient.language = "xx"  # not a language of the site: the site's own
    assert immediate_mail(notification).subject == "[KOTAKU Monev] Kunjungan menunggu reviu Anda"


def test_the_job_queue_is_called_after_the_commit_of_immediate_mails(
    world, emails, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr("notifications.services._mail_waiting", [])
    on_mail_waiting(lambda: calls.append("send_due"))
    with django_capture_on_commit_callbacks(execute=True):
        tell(world, ["korkot"])
        assert calls == []  # not before the change is committed
    assert calls == ["send_due"]
    with django_capture_on_commit_callbacks(execute=True):
        tell(world, ["korkot"], kind=Kind.RKTL_DONE, record="rktl:X")  # a digest entry only
    assert calls == ["send_due"]
