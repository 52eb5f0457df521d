"""The attendance section's live total counts what would be saved, also after a refused save."""

import pytest
from playwright.sync_api import expect

from monitoring.models import Visit
from tests.browser.conftest import PHONE
from tests.browser.test_visit_journey import demo, open_section, sign_in_as  # noqa: F401


@pytest.mark.usefixtures("demo")
def test_the_live_total_counts_only_rows_that_would_be_saved_and_survives_an_error(
    live_server, page
):
    page.set_viewport_size(PHONE)
    base = live_server.url
    visit = Visit.objects.get(title="Kunjungan BDC Mart Kota Metro")
    rows = visit.attendees.count()
    sign_in_as(page, base, "fasilitator-metro")
    page.goto(f"{base}/visits/{visit.code}/edit/")
    att = open_section(page, "attendees")
    live = att.get_by_test_id("attendance-live")
    expect(live).to_contain_text(f"{rows} orang")

    # A name without a gender would not be saved: it is not counted yet.
    att.locator(f"input[name='att-{rows}-name']").fill("Tanpa jenis kelamin")
    expect(live).to_contain_text(f"{rows} orang")
    att.locator(f"input[name='att-{rows + 1}-name']").fill("Rina Marlina")
    att.locator(f"select[name='att-{rows + 1}-gender']").select_option("P")
    expect(live).to_contain_text(f"{rows + 1} orang")

    # Saved with the first row in error: the section comes back with both rows, and the
    # total still counts what the form holds, not zero.
    att.get_by_role("button", name="Simpan daftar hadir").click()
    section = page.locator("#section-attendees")
    expect(section.locator(".invalid-feedback").first).to_be_visible()
    expect(section.get_by_test_id("attendance-live")).to_contain_text(f"{rows + 1} orang")
    assert visit.attendees.count() == rows
