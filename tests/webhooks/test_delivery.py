"""Sending deliveries to a real HTTP server on 127.0.0.1: signatures that the README's recipe
verifies, retries with backoff, giving up, pausing a failing hook and telling its owner,
resuming it, no redirect followed, and no delivery to a private address."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from notifications.delivery import send_due as send_mail_due
from notifications.kinds import Kind
from notifications.models import Notification
from tests.webhooks.conftest import make_hook
from webhooks.addresses import address_allowed
from webhooks.delivery import BACKOFF, MAX_ATTEMPTS, PAUSE_AFTER_FAILURES, Outcome, send_due
from webhooks.events import emit
from webhooks.models import Delivery, Event, Webhook
from webhooks.tasks import send_delivery

FROZEN_AT = "2026-09-01 09:00 +0700"
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)
    return time_machine


def readme_recipe():
    """The verification function exactly as the README prints it."""
    text = README.read_text()
    block = re.search(r"```python\n(.*?def verify_kotaku_webhook.*?)```", text, re.S)
    assert block, "the README has no verification recipe"
    namespace: dict = {}
    exec(block.group(1), namespace)
    return namespace["verify_kotaku_webhook"]


def approved(world, code="V1"):
    return emit(event=Event.VISIT_APPROVED, city=world.metro, data={"code": code})


def test_a_delivery_is_signed_so_that_the_readme_recipe_verifies_it(world, metro_hook, receiver):
    (delivery,) = approved(world)
    assert send_due() == 1
    (request,) = receiver.posts
    assert request.path == "/metro"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Kotaku-Event"] == "visit.approved"
    assert request.headers["X-Kotaku-Delivery"] == str(delivery.event_id)
    body = json.loads(request.body)
    assert body["id"] == str(delivery.event_id)
    assert body["event"] == "visit.approved"
    assert body["data"] == {"code": "V1"}
    assert datetime.datetime.fromisoformat(body["created_at"])
    verify = readme_recipe()
    secret = metro_hook.secret
    assert verify(secret, request.headers, request.body)
    assert not verify("whsec_another", request.headers, request.body)
    assert not verify(secret, request.headers, request.body.replace(b"V1", b"V2"))
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (1, 200, "")
    assert delivery.next_attempt_at is None


def test_the_recipe_refuses_a_replayed_request(world, metro_hook, receiver, clock):
    approved(world)
    send_due()
    (request,) = receiver.posts
    verify = readme_recipe()
    assert verify(metro_hook.secret, request.headers, request.body)
    clock.shift(datetime.timedelta(minutes=6))
    assert not verify(metro_hook.secret, request.headers, request.body)


def test_a_failed_delivery_is_retried_with_backoff_then_given_up(
    world, metro_hook, receiver, clock
):
    receiver.answer(500)
    (delivery,) = approved(world)
    for attempt, wait in enumerate(BACKOFF, start=1):
        assert send_due() == 0
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, attempt)
        assert delivery.last_status_code == 500
        # Not before its time.
        clock.shift(wait - datetime.timedelta(seconds=1))
        send_due()
        assert len(receiver.posts) == attempt
        clock.shift(datetime.timedelta(seconds=1))
    send_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.GIVEN_UP, MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None
    assert len(receiver.posts) == MAX_ATTEMPTS
    # Every attempt is the same event: one id for the receiver to recognise it by.
    assert {r.headers["X-Kotaku-Delivery"] for r in receiver.posts} == {str(delivery.event_id)}
    clock.shift(datetime.timedelta(days=3))
    assert send_due() == 0
    assert len(receiver.posts) == MAX_ATTEMPTS
    # Failing for more than a day with nothing going through paused the hook.
    metro_hook.refresh_from_db()
    assert metro_hook.paused_at is not None


def test_a_hook_failing_ten_times_in_a_row_is_paused_and_its_owner_told(
    world, emails, metro_hook, receiver, mailoutbox, clock
):
    receiver.answer(503)
    for i in range(PAUSE_AFTER_FAILURES):
        approved(world, code=f"V{i}")
    send_due()
    metro_hook.refresh_from_db()
    assert metro_hook.failure_streak == PAUSE_AFTER_FAILURES
    assert metro_hook.paused_at is not None
    (notice,) = Notification.objects.filter(kind=Kind.WEBHOOK_PAUSED)
    assert notice.recipient == world.users["korkot"]
    assert notice.city == world.metro
    assert notice.url == reverse("webhooks:hook_detail", args=[metro_hook.pk])
    assert notice.params["title"] == metro_hook.url
    # Nothing is queued for a paused hook, and what it held waits.
    assert approved(world, code="later") == []
    clock.shift(datetime.timedelta(hours=1))
    receiver.answer(200)
    assert send_due() == 0
    assert len(receiver.posts) == PAUSE_AFTER_FAILURES
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.FAILED}
    # Told once.
    assert Notification.objects.filter(kind=Kind.WEBHOOK_PAUSED).count() == 1
    # By mail at once, unless they chose otherwise.
    assert send_mail_due() == 1
    (mail,) = mailoutbox
    assert mail.to == ["korkot@example.org"]
    assert metro_hook.url in mail.body


def test_a_delivery_that_goes_through_ends_the_run_of_failures(world, metro_hook, receiver):
    receiver.answers = [(500, {})] * (PAUSE_AFTER_FAILURES - 1) + [(204, {})]
    for i in range(PAUSE_AFTER_FAILURES):
        approved(world, code=f"V{i}")
    assert send_due() == 1
    metro_hook.refresh_from_db()
    assert (metro_hook.failure_streak, metro_hook.failing_since) == (0, None)
    assert metro_hook.paused_at is None


def test_resuming_sends_what_the_paused_hook_held(
    client, world, metro_hook, receiver, clock, django_capture_on_commit_callbacks
):
    receiver.answer(500)
    for i in range(PAUSE_AFTER_FAILURES):
        approved(world, code=f"V{i}")
    send_due()
    metro_hook.refresh_from_db()
    assert metro_hook.is_paused
    receiver.answer(200)
    client.force_login(world.users["korkot"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webhooks:hook_resume", args=[metro_hook.pk]))
    assert response.status_code == 302
    metro_hook.refresh_from_db()
    assert (metro_hook.paused_at, metro_hook.failure_streak) == (None, 0)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert len(receiver.posts) == 2 * PAUSE_AFTER_FAILURES
    # And it receives events again.
    assert len(approved(world, code="again")) == 1


def test_a_redirect_is_not_followed(world, metro_hook, receiver):
    receiver.answer(302, Location=f"{receiver.url}/elsewhere")
    (delivery,) = approved(world)
    assert send_due() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (Delivery.Status.FAILED, 302)
    assert [(r.method, r.path) for r in receiver.received] == [("POST", "/metro")]


def test_a_receiver_that_does_not_answer_is_a_failure(world):
    hook = make_hook(world.users["korkot"], world.metro, "http://127.0.0.1:1/closed")
    (delivery,) = approved(world)
    send_due()
    delivery.refresh_from_db()
    assert delivery.hook == hook
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_status_code is None
    assert "refused" in delivery.last_error.lower()


@override_settings(WEBHOOK_ALLOWED_NETWORKS=[])
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_nothing_is_sent_to_a_local_address_unless_allowed(world, receiver, host):
    port = receiver.server_address[1]
    make_hook(world.users["korkot"], world.metro, f"http://{host}:{port}/metro")
    (delivery,) = approved(world)
    send_due()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error.startswith("address not allowed")
    assert receiver.received == []


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("127.0.0.2", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
@override_settings(WEBHOOK_ALLOWED_NETWORKS=[])
def test_only_public_addresses_are_reached(address, allowed):
    assert address_allowed(address) is allowed


@override_settings(WEBHOOK_ALLOWED_NETWORKS=["10.20.0.0/16"])
def test_an_allowed_network_may_be_reached():
    assert address_allowed("10.20.3.4")
    assert not address_allowed("10.21.3.4")


def test_a_test_event_goes_even_to_a_paused_hook_and_leaves_its_count(
    client, world, metro_hook, receiver, django_capture_on_commit_callbacks
):
    metro_hook.paused_at = metro_hook.created_at
    metro_hook.failure_streak = 10
    metro_hook.save()
    client.force_login(world.users["korkot"])
    receiver.answer(500)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhooks:hook_ping", args=[metro_hook.pk]))
    (request,) = receiver.posts
    assert request.headers["X-Kotaku-Event"] == "ping"
    assert readme_recipe()(metro_hook.secret, request.headers, request.body)
    # A test is tried once, and says nothing of the events' fate.
    ping = Delivery.objects.get()
    assert (ping.status, ping.attempts) == (Delivery.Status.GIVEN_UP, 1)
    metro_hook.refresh_from_db()
    assert metro_hook.failure_streak == 10


def test_the_worker_sends_a_delivery_when_the_change_commits(
    world, metro_hook, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = approved(world)
        assert receiver.posts == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(receiver.posts) == 1


def test_a_rotated_secret_signs_the_next_attempts(client, world, metro_hook, receiver, clock):
    receiver.answer(500)
    approved(world)
    send_due()
    old = metro_hook.secret
    client.force_login(world.users["korkot"])
    client.post(reverse("webhooks:hook_rotate", args=[metro_hook.pk]))
    metro_hook.refresh_from_db()
    assert metro_hook.secret != old
    receiver.answer(200)
    clock.shift(BACKOFF[0])
    assert send_due() == 1
    request = receiver.posts[-1]
    verify = readme_recipe()
    assert verify(metro_hook.secret, request.headers, request.body)
    assert not verify(old, request.headers, request.body)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_the_database_queue_a_failed_attempt_queues_its_retry_for_its_time(
    world, metro_hook, receiver
):
    receiver.answer(500)
    (delivery,) = approved(world)
    assert send_delivery.call(delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    retries = DBTaskResult.objects.filter(task_path=send_delivery.module_path)
    (job,) = retries
    assert job.args_kwargs == {"args": [delivery.pk], "kwargs": {}}
    assert job.run_after == delivery.next_attempt_at
    # Sent or not due: nothing more is queued.
    assert send_delivery.call(delivery.pk) is None
    assert retries.count() == 1


def test_the_admin_refuses_a_hook_without_known_events(world):
    hook = Webhook(owner=world.users["pusat"], url="https://a.example.org/")
    for events in ([], ["visit.deleted"], "visit.approved"):
        hook.events = events
        with pytest.raises(ValidationError) as refused:
            hook.full_clean()
        assert list(refused.value.message_dict) == ["events"]
    hook.events = [Event.VISIT_APPROVED]
    hook.full_clean()


def test_a_hook_removed_during_an_attempt_leaves_nothing_behind(world, metro_hook, monkeypatch):
    assert len(approved(world)) == 1

    # The network's side of an attempt, during which the owner removes the hook.
    def receiver_whose_owner_removes_the_hook(url, body, request_headers):
        metro_hook.delete()
        return Outcome(ok=False, status_code=500, error="HTTP 500")

    monkeypatch.setattr("webhooks.delivery.post", receiver_whose_owner_removes_the_hook)
    assert send_due() == 0
    assert not Delivery.objects.exists()
