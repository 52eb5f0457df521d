"""Notifications in the browser: the Korkot's bell rises when a facilitator submits, the
Korkot opens the notice and reviews, and the facilitator's inbox shows the result."""

import re

from playwright.sync_api import expect

from kotaku.lib.choices import Gender
from monitoring.models import Answer, ChecklistItem, Visit
from notifications.kinds import EmailMode, Kind
from notifications.models import EmailPreference
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_visit_journey import demo, phone, sign_in_as  # noqa: F401

REASON = "Tambahkan daftar hadir dari Bappeda."


def ready_draft() -> Visit:
    """A demo draft of the Metro facilitator, complete enough to submit."""
    visit = Visit.objects.filter(
        created_by__username="fasilitator-metro", status=Visit.Status.DRAFT
    ).first()
    for item in ChecklistItem.objects.filter(section__template=visit.template):
        Answer.objects.update_or_create(visit=visit, item=item, defaults={"value": "ya"})
    if not visit.attendees.exists():
        visit.attendees.create(name="Sri Wahyuni", gender=Gender.FEMALE)
    if not (visit.target_bdc or visit.target_ksms.exists() or visit.target_outlets.exists()):
        visit.target_bdc = True
        visit.save()
    return visit


def bell(page):
    return page.get_by_test_id("notification-bell")


def unread(page) -> int:
    count = bell(page).get_by_test_id("unread-count")
    return int(count.inner_text().split()[0]) if count.count() else 0


def test_the_korkot_is_told_reviews_and_the_facilitator_sees_the_result(
    live_server,
    demo,  # noqa: F811
    phone,  # noqa: F811
    shoot,
):
    page, base = phone, live_server.url
    visit = ready_draft()

    sign_in_as(page, base, "korkot-metro")
    before = unread(page)

    sign_in_as(page, base, "fasilitator-metro")
    page.goto(f"{base}/visits/{visit.code}/edit/")
    page.get_by_role("button", name="Ajukan kunjungan").click()
    expect(page.locator(".badge.status-diajukan")).to_be_visible()

    # The Korkot's bell has risen by one.
    sign_in_as(page, base, "korkot-metro")
    expect(bell(page).get_by_test_id("unread-count")).to_contain_text(str(before + 1))
    shoot("notifications-01-bell")
    page.set_viewport_size(DESKTOP)
    shoot("notifications-01-bell")
    page.set_viewport_size(PHONE)

    bell(page).click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    notice = page.get_by_test_id("notification").filter(has_text=visit.title).first
    expect(notice).to_contain_text("menunggu reviu Anda")
    shoot("notifications-02-inbox")
    page.set_viewport_size(DESKTOP)
    shoot("notifications-02-inbox")
    page.set_viewport_size(PHONE)

    # Opening the notice reads it and leads to the visit, where the Korkot reviews.
    notice.get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"/visits/{visit.code}/$"))
    assert unread(page) == before
    page.get_by_label("Dikembalikan").check()
    page.get_by_label("Komentar").fill(REASON)
    page.get_by_role("button", name="Kirim reviu").click()
    expect(page.locator(".alert-success")).to_be_visible()

    # The facilitator's inbox shows the result, and leads to the visit to fix.
    sign_in_as(page, base, "fasilitator-metro")
    expect(bell(page).get_by_test_id("unread-count")).to_be_visible()
    bell(page).click()
    result = page.get_by_test_id("notification").filter(has_text=visit.title).first
    expect(result).to_contain_text("mengembalikan kunjungan")
    shoot("notifications-03-facilitator")
    page.set_viewport_size(DESKTOP)
    shoot("notifications-03-facilitator")
    page.set_viewport_size(PHONE)
    result.get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"/visits/{visit.code}/"))
    expect(page.get_by_text(REASON)).to_be_visible()

    # From the inbox, the facilitator stops the mails of reminders.
    page.goto(f"{base}/notifications/")
    page.get_by_role("link", name="Pengaturan email").click()
    reminders = page.get_by_role("group", name="Tenggat RKTL sudah dekat")
    reminders.get_by_label("Tidak lewat email").check()
    shoot("notifications-04-settings")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Pengaturan email Anda tersimpan")
    assert (
        EmailPreference.objects.get(user__username="fasilitator-metro", kind=Kind.RKTL_DUE).mode
        == EmailMode.OFF
    )
