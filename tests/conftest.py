import os

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failure: nothing may pass by not running."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which counts as a failure: {report.longrepr}"


def pytest_terminal_summary(terminalreporter):
    """Say how large the permission matrix was, when it ran."""
    if any("test_permission_matrix" in str(path) for path in terminalreporter.config.args) or (
        not terminalreporter.config.args or terminalreporter.config.args == ["tests"]
    ):
        from tests.test_permission_matrix import ALL, matrix_size

        views, requests = matrix_size()
        terminalreporter.write_line(
            f"permission matrix: {views} views x {len(ALL) + 1} personas = {requests} checks"
        )


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


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
    return world


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
