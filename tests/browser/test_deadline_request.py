"""A new RKTL deadline in the browser: the facilitator asks, the item stays overdue, the Korkot
approves; the item's page, the list and the PDF show both deadlines."""

import datetime
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from monitoring.models import RktlItem, RktlStatus
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.browser.test_visit_journey import sign_in_as
from tests.monitoring.test_reports import pdf_text

AGREED = datetime.date(2026, 10, 1)  # before "today" (22 November 2026): overdue


@pytest.fixture
def demo(settings, tmp_path, time_machine):
    time_machine.move_to("2026-11-22 09:00 +0700")
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    call_command("seed_demo", force=True, stdout=io.StringIO())


def overdue_item() -> RktlItem:
    item = RktlItem.objects.filter(city__code="1872", status=RktlStatus.OPEN).first()
    item.deadline = item.original_deadline = AGREED
    item.save()
    return item


def test_a_deadline_is_asked_for_stays_overdue_then_is_approved(live_server, demo, page, shoot):
    base = live_server.url
    item = overdue_item()
    detail = f"{base}/rktl/{item.code}/"

    page.set_viewport_size(PHONE)
    sign_in_as(page, base, "fasilitator-metro")
    page.goto(detail)
    page.get_by_text("Ajukan tenggat baru").first.click()  # the <summary>
    page.get_by_label("Tenggat yang diusulkan").fill("2027-01-15")
    page.get_by_label("Alasan perubahan").fill("Pelatih pemasaran baru tersedia Januari.")
    page.get_by_role("button", name="Ajukan tenggat baru").click()
    expect(page.get_by_test_id("pending-deadline")).to_contain_text("15 Januari 2027")
    expect(page.get_by_test_id("overdue").first).to_be_visible()  # still overdue
    expect(page.get_by_test_id("deadline")).to_contain_text("1 Oktober 2026")
    shoot("deadline-01-asked")
    page.goto(f"{base}/rktl/?overdue=on")
    expect(page.locator(f"tr:has(a[href='/rktl/{item.code}/'])")).to_be_visible()

    sign_in_as(page, base, "korkot-metro")
    page.set_viewport_size(DESKTOP)
    page.goto(detail)
    expect(page.locator("#deadline-decision")).to_contain_text("Pelatih pemasaran baru")
    shoot("deadline-02-to-decide")
    page.get_by_label("Setujui tenggat baru").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.get_by_test_id("deadline")).to_contain_text("15 Januari 2027")
    expect(page.get_by_test_id("original-deadline")).to_contain_text(
        "pertama disepakati 1 Oktober 2026"
    )
    expect(page.get_by_test_id("overdue")).to_have_count(0)
    expect(page.get_by_test_id("deadline-requests")).to_contain_text("Disetujui")
    shoot("deadline-03-approved")
    page.set_viewport_size(PHONE)
    shoot("deadline-03-approved")

    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(f"{base}/rktl/?deadline_from=2027-01-15&deadline_to=2027-01-15")
        row = page.locator(f"tr:has(a[href='/rktl/{item.code}/'])")
        expect(row.get_by_test_id("original-deadline").first).to_contain_text("1 Okt 2026")
        expect(row).to_contain_text("15 Jan 2027")
        shoot("deadline-04-list")

    response = page.request.get(f"{base}/rktl/report.pdf?city={item.city_id}")
    assert response.status == 200
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "deadline-05-report.pdf").write_bytes(response.body())
    text = pdf_text(response.body())
    assert "15 Jan 2027 (pertama disepakati 1 Okt 2026)" in text
    item.refresh_from_db()
    assert (item.deadline, item.original_deadline) == (datetime.date(2027, 1, 15), AGREED)
