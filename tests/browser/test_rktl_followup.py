"""RKTL follow-up in the browser: progress with evidence, a rejection, a verification."""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from monitoring.models import RktlItem, RktlStatus
from tests.browser.conftest import PHONE
from tests.browser.test_visit_journey import sign_in_as


@pytest.fixture
def demo(settings, tmp_path, time_machine):
    # A fixed "today", so that deadlines fall where the test expects them.
    time_machine.move_to("2026-11-22 09:00 +0700")
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    call_command("seed_demo", force=True, stdout=io.StringIO())


def photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 120, 60)).save(buffer, "JPEG")
    return {"name": "bukti-buku-kas.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def verified_on_dashboard(page, base) -> tuple[int, int]:
    """(verified, total) from the dashboard's first key figure, as the user reads it."""
    page.goto(f"{base}/dashboard/")
    text = page.locator(".dash-headline .card").first.inner_text()
    verified, total = re.search(r"\((\d+) \D+ (\d+)\)", text).groups()
    return int(verified), int(total)


def test_progress_is_reported_rejected_once_then_verified(live_server, demo, page, shoot):
    page.set_viewport_size(PHONE)
    base = live_server.url
    item = RktlItem.objects.filter(city__code="1872", status=RktlStatus.OPEN).first()
    item.deadline = item.original_deadline = item.created_at.date()  # due long ago
    item.save()

    sign_in_as(page, base, "fasilitator-metro")
    page.goto(f"{base}/rktl/?overdue=on")
    row = page.locator(f"tr:has(a[href='/rktl/{item.code}/'])")
    expect(row.get_by_test_id("overdue")).to_be_visible()
    shoot("rktl-01-overdue-list")

    page.goto(f"{base}/rktl/{item.code}/")
    expect(page.get_by_test_id("overdue").first).to_be_visible()
    page.get_by_label("Status baru").select_option("selesai")
    page.get_by_label("Apa yang sudah dilakukan").fill(
        "Buku kas diisi setiap Jumat sejak November."
    )
    page.locator("input[type=file]").set_input_files(files=[photo()])
    page.get_by_role("button", name="Simpan kemajuan").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Buku kas diisi setiap Jumat")
    expect(
        page.get_by_test_id("timeline").get_by_role("link", name="bukti-buku-kas.jpg")
    ).to_be_visible()
    shoot("rktl-02-progress")

    sign_in_as(page, base, "korkot-metro")
    before = verified_on_dashboard(page, base)
    page.goto(f"{base}/rktl/{item.code}/")
    page.get_by_label("Belum selesai").check()
    page.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    page.get_by_label("Belum selesai").check()
    page.get_by_label("Catatan").fill("Lampirkan foto halaman buku kas bulan ini.")
    page.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.locator(".badge.rktl-proses")).to_be_visible()
    shoot("rktl-03-rejected")

    sign_in_as(page, base, "fasilitator-metro")
    page.goto(f"{base}/rktl/{item.code}/")
    page.get_by_label("Status baru").select_option("selesai")
    page.get_by_label("Apa yang sudah dilakukan").fill("Foto halaman November dilampirkan.")
    page.locator("input[type=file]").set_input_files(files=[photo()])
    page.get_by_role("button", name="Simpan kemajuan").click()

    sign_in_as(page, base, "korkot-metro")
    page.goto(f"{base}/rktl/{item.code}/")
    page.get_by_label("Terverifikasi").check()
    page.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.locator(".badge.rktl-terverifikasi")).to_be_visible()
    expect(page.get_by_test_id("overdue")).to_have_count(0)
    shoot("rktl-04-verified")
    assert verified_on_dashboard(page, base) == (before[0] + 1, before[1])
    shoot("rktl-05-dashboard")
    item.refresh_from_db()
    assert item.status == RktlStatus.VERIFIED
    assert list(item.updates.order_by("id").values_list("kind", flat=True))[-4:] == [
        "progres",
        "tolak",
        "progres",
        "verifikasi",
    ]
