import contextlib
import copy
import os
import random

import pytest
import time_machine
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, transaction
from django.test import Client
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import blocking_manager_key

from kotaku.pdf import KEPT_REPORTS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failure: nothing may pass by not running."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which counts as a failure: {report.longrepr}"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """One Hypothesis seed for the whole run, chosen anew unless given, the same in every worker.

    The fuzz tests explore new examples in every run, in CI as on a developer's machine; the
    summary prints the seed, and `--hypothesis-seed=N` runs the same examples again.
    """
    if config.getoption("hypothesis_seed") is None:
        workerinput = getattr(config, "workerinput", None)
        seed = workerinput["hypothesis_seed"] if workerinput else random.randrange(2**32)
        config.option.hypothesis_seed = str(seed)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist: hand the run's seed to a worker."""
    node.workerinput["hypothesis_seed"] = node.config.getoption("hypothesis_seed")


def pytest_terminal_summary(terminalreporter):
    """Say how large the permission matrix was, when it ran, and which seed the fuzz tests had."""
    seed = terminalreporter.config.getoption("hypothesis_seed")
    terminalreporter.write_line(
        f"hypothesis seed: {seed} (the same examples again: --hypothesis-seed={seed})"
    )
    if any("test_permission_matrix" in str(path) for path in terminalreporter.config.args) or (
        not terminalreporter.config.args or terminalreporter.config.args == ["tests"]
    ):
        from tests.test_permission_matrix import ALL, matrix_size

        views, requests = matrix_size()
        terminalreporter.write_line(
            f"permission matrix: {views} views x {len(ALL) + 1} personas = {requests} checks"
        )


def is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test on committed data, flushing the tables after it."""
    marker = item.get_closest_marker("django_db")
    if marker:
        transactional, reset_sequences, *_rest = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    used = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(used & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the program data back after a transactional test's flush.

    Django runs such tests last for this reason, and each worker of a parallel run keeps that
    order; with `--dist loadfile`, or tests chosen by hand, the next test may still need them.
    """
    yield
    if nextitem is not None and is_transactional(item):
        from tests.world import create_program_data

        with item.config.stash[blocking_manager_key].unblock():
            create_program_data()


def _module_items(request) -> list[pytest.Item]:
    return [item for item in request.session.items if item.module is request.module]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a count kept by one test (kotaku.kept) is keyed
    by city versions that another test, its writes rolled back, may reach again. (The kept
    PDFs too: a test counts the renders it causes.)"""
    cache.clear()
    caches[KEPT_REPORTS].clear()


@pytest.fixture(scope="module", autouse=True)
def _world_from_the_first_test(request):
    """In a module where some test uses `world`, the world exists from the module's first test
    on, as `setUpTestData` gives a TestCase: every test of the module sees its rows, whatever
    the order the tests run in or the worker they run on."""
    if any("world" in getattr(item, "fixturenames", ()) for item in _module_items(request)):
        request.getfixturevalue("shared_world")


@pytest.fixture(scope="module")
def shared_world(request, django_db_setup, django_db_blocker):
    """The world, built once per module inside a transaction that is rolled back at its end.

    Each test runs in a savepoint of that transaction (pytest-django's own per-test atomic), so
    what a test writes is gone before the next one. A module with a transactional test builds
    the world per test instead: its tests commit and flush, which no outer transaction survives.
    A module that freezes the clock for its tests names the moment in `FROZEN_AT`, and the
    world is built at that moment too, as it was when each test built its own.
    """
    if any(is_transactional(item) for item in _module_items(request)):
        yield None
        return
    from tests.world import build_world

    frozen_at = getattr(request.module, "FROZEN_AT", None)
    clock = time_machine.travel(frozen_at, tick=False) if frozen_at else contextlib.nullcontext()
    rollback = contextlib.ExitStack()
    with django_db_blocker.unblock():
        # The primary only: the "replica" alias has a test database only in the modules that
        # ask for it (tests/kotaku/test_replica.py, whose tests are transactional).
        outer = transaction.atomic(using=DEFAULT_DB_ALIAS)
        # Marked as a TestCase marks its setUpTestData transaction: code that asks whether it
        # runs in a transaction of its own (kotaku.kept) sees the test's, as in production.
        outer._from_testcase = True
        rollback.enter_context(outer)
        rollback.callback(transaction.set_rollback, True, using=DEFAULT_DB_ALIAS)
        try:
            # In a savepoint: on PostgreSQL its rows then carry the savepoint's transaction id,
            # not the outer transaction's, as rows committed before a request carry another's.
            # The city versions' triggers (kotaku/versions.py) raise a city once per
            # transaction and kotaku.kept keeps no count over rows of its own transaction:
            # under the outer one's id, no test could change a version or keep a count.
            with clock, transaction.atomic(using=DEFAULT_DB_ALIAS):
                world = build_world()
        except BaseException:
            rollback.close()
            raise
    yield world
    with django_db_blocker.unblock():
        rollback.close()


@pytest.fixture
def world(db, shared_world):
    """Each test's own copy of the shared world's instances, as `TestCase.setUpTestData` gives:
    a test may change them, in memory or in the database, without the next test seeing it."""
    if shared_world is None:
        from tests.world import build_world

        return build_world()
    return copy.deepcopy(shared_world)


@pytest.fixture
def records(world):
    """At least one record of every registered model: the shared world, files, a group, and
    the lockout records (django-axes) that a failed sign-in leaves."""
    Group.objects.create(name="Konsultan")
    Client().post("/accounts/login/", {"username": "korkot", "password": "wrong"})
    # Written only with AXES_ENABLE_ACCESS_FAILURE_LOG, but its admin is always registered.
    AccessFailureLog.objects.get_or_create(
        username="korkot", ip_address="10.0.0.1", user_agent="", http_accept="", path_info="/"
    )
    AccessLog.objects.create(username="korkot", ip_address="10.0.0.1", user_agent="", path_info="/")
    from monitoring.models import Attachment, Evidence

    visit = world.ours["visit"]
    Attachment.objects.create(
        visit=visit,
        kind=Attachment.Kind.PHOTO,
        file=ContentFile(b"\xff\xd8\xff", name="foto.jpg"),
        caption="BDC Mart",
        uploaded_by=visit.created_by,
    )
    Evidence.objects.create(
        update=world.ours["rktl"].updates.first(),
        file=ContentFile(b"%PDF-1.4", name="bukti.pdf"),
        caption="Buku kas",
    )
    world.ours["rktl_fresh"] = fresh_action(world.ours["visit"])
    world.ours["deadline_request"] = pending_deadline_request(world.ours["rktl_done"], world)
    world.ours["notification"] = korkot_notice(world)
    # Our Korkot's API token (the admin's pages and the revoke page need one).
    from api.models import ApiToken

    world.ours["api_token"], _raw = ApiToken.objects.issue(
        user=world.users["korkot"], name="Power BI"
    )
    world.ours["webhook"] = korkot_webhook(world)
    return world


def korkot_webhook(world):
    """Our Korkot's webhook for our city, with one delivery sent (never contacted in tests
    that use it: nothing commits)."""
    from webhooks.models import Delivery, Event, Webhook

    hook = Webhook.objects.create(
        owner=world.users["korkot"],
        city=world.metro,
        url="https://hooks.example.org/kotaku",
        events=[Event.VISIT_APPROVED],
    )
    Delivery.objects.create(
        hook=hook,
        event=Event.VISIT_APPROVED,
        payload={"event": Event.VISIT_APPROVED, "data": {}},
        city=world.metro,
        status=Delivery.Status.SENT,
        attempts=1,
        last_status_code=200,
    )
    return hook


def korkot_notice(world):
    """A notice to our Korkot about our city's visit, its mail, and an email preference."""
    from notifications.kinds import EmailMode, Kind
    from notifications.models import Delivery, EmailPreference, Notification

    visit = world.ours["visit"]
    EmailPreference.objects.create(
        user=world.users["korkot"], kind=Kind.RKTL_DUE, mode=EmailMode.OFF
    )
    notice = Notification.objects.create(
        recipient=world.users["korkot"],
        kind=Kind.REVIEW_WAITING,
        event="submitted",
        city=world.metro,
        record=f"visit:{visit.code}",
        url=f"/visits/{visit.code}/",
        params={"title": visit.title, "actor": "Fasilitator"},
    )
    Delivery.objects.create(notification=notice, mode=EmailMode.IMMEDIATE, due_at=notice.created_at)
    return notice


def pending_deadline_request(item, world):
    """A facilitator's request for a new deadline, waiting for the Korkot or KMW."""
    import datetime

    from monitoring.models import DeadlineRequest

    return DeadlineRequest.objects.create(
        item=item,
        requested_by=world.users["fasilitator"],
        current_deadline=item.deadline,
        proposed_deadline=item.deadline + datetime.timedelta(days=30),
        reason="Menunggu jadwal pelatih",
    )


def fresh_action(visit):
    """A finding whose only action has no progress yet: still a draft, its author may remove it."""
    import datetime

    from monitoring.models import Finding, RktlCategory, RktlItem, Tier

    finding = Finding.objects.create(visit=visit, description="Etalase BDC Mart kosong")
    return RktlItem.objects.create(
        finding=finding,
        category=RktlCategory.KSM_READINESS,
        problem="Produk KSM belum dipajang",
        action="Memajang produk unggulan KSM",
        pic_name="Manajer BDC",
        pic_tier=Tier.PENGELOLA,
        deadline=datetime.date(2026, 12, 31),
        created_by=visit.created_by,
    )
