"""The dashboard's panels kept as HTML for a large area (monitoring/dashboard/fragments.py):
never longer than the numbers, never across areas or languages, each response with its own
CSP nonce."""

import datetime
import re

import pytest
from django.urls import reverse

from monitoring.dashboard.fragments import NONCE_MARKER
from monitoring.dashboard.queries import NUMBERS_CACHE_SECONDS
from monitoring.models import RktlItem

URL = reverse("monitoring:dashboard")
FROZEN_AT = "2026-11-15 09:00 +0700"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


@pytest.fixture(autouse=True)
def every_area_is_large(monkeypatch, settings):
    """Any area counts as large, so the small test world takes the kept path; each test
    starts with an empty cache."""
    monkeypatch.setattr("kotaku.kept.LIVE_COUNT_CITIES", 0)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "fragments-test"}}  # fmt: skip
    from django.core.cache import cache

    cache.clear()


def panels(response) -> str:
    html = response.content.decode()
    return html[html.index("dash-headline") :]


def style_nonces(response) -> set[str]:
    return set(re.findall(r'<style nonce="([^"]+)"', response.content.decode()))


def header_nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def get(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(URL)
    assert response.status_code == 200
    return response


def test_a_second_request_reuses_the_panels_with_its_own_nonce(client, world, monkeypatch):
    first = get(client, world.users["pusat"])

    def not_again(*args, **kwargs):
        raise AssertionError("the panels were built again")

    # The kept HTML is used: the panels are neither built nor rendered again.
    monkeypatch.setattr("monitoring.dashboard.fragments.build_dashboard", not_again)
    second = get(client, world.users["pusat"])
    assert NONCE_MARKER not in first.content.decode() + second.content.decode()
    assert style_nonces(first) == {header_nonce(first)}
    assert style_nonces(second) == {header_nonce(second)}
    assert header_nonce(first) != header_nonce(second)
    assert panels(first).replace(header_nonce(first), "N") == panels(second).replace(
        header_nonce(second), "N"
    )


def test_the_panels_are_counted_again_when_the_numbers_are(client, world, time_machine):
    before = get(client, world.users["pusat"])
    items = RktlItem.objects.filter(status="belum").order_by("pk")
    assert items.exists(), "the test world needs an RKTL item not started"
    items.update(status="terverifikasi")
    # Within the numbers' five minutes the page shows the figures counted before, and says when.
    same = get(client, world.users["pusat"])
    assert verified_count(same) == verified_count(before)
    assert "Figures as of 09:00" in same.content.decode()
    time_machine.move_to(
        datetime.datetime.fromisoformat("2026-11-15 09:00+07:00")
        + datetime.timedelta(seconds=NUMBERS_CACHE_SECONDS + 1),
        tick=False,
    )
    after = get(client, world.users["pusat"])
    assert "Figures as of 09:05" in after.content.decode()
    assert verified_count(after) > verified_count(before)


def verified_count(response) -> int:
    """The headline's "RKTL verified (N of M)", N without its link."""
    found = re.search(r"RKTL verified \((.*?) of ", response.content.decode(), re.S)
    return int(re.sub(r"<[^>]+>|\D", "", found.group(1)))


def test_another_area_never_gets_the_kept_panels(client, world):
    national = get(client, world.users["pusat"])
    assert "Medan" in panels(national)
    korkot = get(client, world.users["korkot"])
    kmw = get(client, world.users["kmw"])
    for response in (korkot, kmw):
        assert "Medan" not in panels(response)


def test_each_language_keeps_its_own_panels(client, world):
    english = get(client, world.users["pusat"])
    indonesian = get(client, world.users["pusat"], "id").content.decode()
    assert "Key figures" in english.content.decode()
    assert "Key figures" not in indonesian
    assert "RKTL verified" not in indonesian


def test_without_a_csp_nonce_the_kept_html_has_no_nonce_attribute(world, rf):
    """A response without django-csp's nonce (none in a test request) drops the marker."""
    from monitoring.dashboard import cities_in_scope
    from monitoring.dashboard.filters import DashboardFilterForm
    from monitoring.dashboard.fragments import rendered_dashboard

    request = rf.get(URL)
    request.user = world.users["pusat"]
    cities = cities_in_scope(request.user)
    filters = DashboardFilterForm(None, cities=cities).filters()
    today = datetime.date(2026, 11, 15)
    for _ in range(2):  # built, then kept
        dash = rendered_dashboard(request, cities, filters, today)
        assert "nonce" not in dash.headline + dash.panels
        assert "<style" in dash.panels
