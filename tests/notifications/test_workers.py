"""Two workers sending at once (two threads, two database connections): each mail once."""

import threading
import time

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test import override_settings

from notifications.delivery import send_due
from notifications.digest import send_digests
from notifications.kinds import Kind
from notifications.models import Delivery
from notifications.services import notify
from tests.world import build_world, create_program_data

PERSONAS = ["fasilitator", "korkot", "kmw", "pemda", "pusat"]


class SlowBackend(EmailBackend):
    """A mail server that takes a moment: time for the other worker to reach the same row."""

    def send_messages(self, messages):
        time.sleep(0.02)
        return super().send_messages(messages)


def run_two_workers(work) -> list[BaseException]:
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait()
            work()
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def committed_world(transactional_db):
    create_program_data()
    world = build_world()
    User.objects.filter(username__in=[p.replace("_", "-") for p in PERSONAS]).update(
        email="x@example.org"
    )
    return world


def tell(world, kind, n):
    for i in range(n):
        notify(
            user_ids=[world.users[p].pk for p in PERSONAS],
            kind=kind,
            event="submitted",
            city=world.metro,
            record=f"visit:V{i}",
            url=f"/visits/V{i}/",
            params={"title": f"V{i}"},
        )


@override_settings(EMAIL_BACKEND="tests.notifications.test_workers.SlowBackend")
def test_two_workers_send_each_immediate_mail_once(committed_world, mailoutbox):
    tell(committed_world, Kind.REVIEW_WAITING, 6)
    assert Delivery.objects.count() == 30
    assert run_two_workers(send_due) == []
    assert len(mail.outbox) == 30
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 30


@override_settings(EMAIL_BACKEND="tests.notifications.test_workers.SlowBackend")
def test_two_workers_send_each_digest_once(committed_world, mailoutbox):
    tell(committed_world, Kind.RKTL_DONE, 3)
    due = Delivery.objects.order_by("-due_at").first().due_at
    assert run_two_workers(lambda: send_digests(due)) == []
    assert len(mail.outbox) == 5
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 15


def test_a_user_whose_digest_another_worker_is_sending_is_left_to_it(committed_world, mailoutbox):
    """Two workers never split one user's entries between two digests: the second finds the
    user taken and leaves all of their entries to the first."""
    from notifications.digest import _claim_user

    tell(committed_world, Kind.RKTL_DONE, 3)
    due = Delivery.objects.order_by("-due_at").first().due_at
    korkot = committed_world.users["korkot"]
    taken, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                assert _claim_user(korkot.pk)
                taken.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    taken.wait(10)
    try:
        send_digests(due)
    finally:
        release.set()
        thread.join()

    korkots = Delivery.objects.filter(notification__recipient=korkot)
    if connection.vendor == "postgresql":  # row locks: the user was skipped, whole
        assert len(mail.outbox) == 4
        assert set(korkots.values_list("status", flat=True)) == {Delivery.Status.PENDING}
        send_digests(due)
        assert len(mail.outbox) == 5
    else:  # SQLite: one writer at a time, so no worker ever holds part of a user's entries
        assert len(mail.outbox) == 5
    assert set(korkots.values_list("status", flat=True)) == {Delivery.Status.SENT}
