"""The visit journey in the browser, at phone width, with the demo users."""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD
from monitoring.models import ChecklistItem, Visit
from tests.browser.conftest import DESKTOP, PHONE, sign_in

TITLE = "Monev BDC Kota Metro Desember"


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    call_command("seed_demo", force=True, stdout=io.StringIO())


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def sign_in_as(page, base, user):
    page.context.clear_cookies()
    sign_in(page, base, user, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def open_section(page, section_id):
    details = page.locator(f"#section-{section_id}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return page.locator(f"#section-{section_id}")


def saved(section):
    expect(section.locator("[data-save-state]")).to_contain_text("Tersimpan di server")


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 140, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def plan_visit(page, base):
    page.goto(f"{base}/visits/new/")
    page.get_by_label("Judul").fill(TITLE)
    page.get_by_label("Tanggal mulai").fill("2026-12-01")
    page.get_by_label("Tanggal selesai").fill("2026-12-02")
    page.get_by_label("Lokasi").fill("Sekretariat BDC Kota Metro")
    page.get_by_label("Observasi").check()
    page.get_by_label("FGD", exact=True).check()
    page.get_by_label("BDC menjadi sasaran").check()
    page.get_by_label("KSM Tapis Hadimulyo Barat").check()
    page.get_by_role("button", name="Rencanakan kunjungan").click()
    expect(page).to_have_url(re.compile(r"/visits/\w+/edit/$"))


def fill_checklist(page):
    for code in "ABCDEFG":
        section = open_section(page, f"checklist-{code}")
        for label in section.locator("label.answer-ya").all():
            label.click()
        section.get_by_role("button", name=f"Simpan bagian {code}").click()
        saved(page.locator(f"#section-checklist-{code}"))


def test_a_visit_goes_from_plan_to_final_approval(live_server, demo, phone, shoot):
    page, base = phone, live_server.url
    sign_in_as(page, base, "fasilitator-metro")
    shoot("journey-01-home")
    plan_visit(page, base)
    shoot("journey-02-planned")

    fill_checklist(page)

    docs = open_section(page, "documents")
    docs.locator("select[name='doc-0-document']").select_option("buku_kas")
    docs.locator("select[name='doc-0-status']").select_option("tidak_lengkap")
    docs.locator("input[name='doc-0-note']").fill("Belum dicatat sejak Oktober")
    docs.get_by_role("button", name="Simpan dokumen").click()
    saved(page.locator("#section-documents"))

    # Attendance is the last section the visit still needs before it can be submitted.
    submit_panel = page.get_by_test_id("submit-panel")
    expect(submit_panel.get_by_test_id("submit-problems")).to_have_text(
        "Catat minimal satu peserta."
    )
    expect(submit_panel.get_by_role("button", name="Ajukan kunjungan")).to_be_disabled()
    att = open_section(page, "attendees")
    att.locator("input[name='att-0-name']").fill("Sri Wahyuni")
    att.locator("select[name='att-0-gender']").select_option("P")
    att.locator("input[name='att-0-organisation']").fill("KSM Tapis Hadimulyo Barat")
    att.locator("input[name='att-1-name']").fill("Bambang Hartono")
    att.locator("select[name='att-1-gender']").select_option("L")
    att.locator("input[name='att-1-has_disability']").check()
    expect(att.get_by_test_id("attendance-live")).to_contain_text("2 orang")
    expect(att.get_by_test_id("attendance-live")).to_contain_text("50%")
    live_totals = att.get_by_test_id("attendance-live").inner_text()
    shoot("journey-03-attendance")
    att.get_by_role("button", name="Simpan daftar hadir").click()
    saved(page.locator("#section-attendees"))
    # The server counts as the script did while typing.
    expect(page.locator("#section-attendees").get_by_test_id("attendance-live")).to_have_text(
        live_totals
    )
    # The save brought the submit panel up to date too: nothing missing, Submit enabled.
    expect(submit_panel.get_by_test_id("submit-problems")).to_have_count(0)
    expect(submit_panel.get_by_role("button", name="Ajukan kunjungan")).to_be_enabled()
    shoot("journey-03b-ready-to-submit")
    page.set_viewport_size(DESKTOP)
    shoot("journey-03b-ready-to-submit")
    page.set_viewport_size(PHONE)

    photos = open_section(page, "attachments")
    photos.locator("input[type=file]").set_input_files(
        files=[{"name": "IMG_2001.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    photos.get_by_label("Keterangan").fill("Etalase BDC Mart")
    photos.get_by_role("button", name="Unggah").click()
    expect(page.locator("#section-attachments img")).to_have_count(1)

    findings = open_section(page, "findings")
    findings.locator("textarea[name='description']").fill(
        "Buku kas BDC Mart tidak diisi sejak Oktober."
    )
    findings.get_by_role("button", name="Tambah temuan").click()
    finding = page.locator("#section-findings").get_by_test_id("finding")
    expect(finding).to_have_count(1)
    finding.locator("summary").click()
    finding.locator("select[name$='-category']").select_option("transparansi")
    finding.locator("textarea[name$='-problem']").fill("Pencatatan kas tidak rutin")
    finding.locator("textarea[name$='-action']").fill("Melatih staf keuangan mengisi buku kas")
    finding.locator("input[name$='-pic_name']").fill("Manajer BDC")
    finding.locator("select[name$='-pic_tier']").select_option("pengelola")
    finding.locator("input[name$='-deadline']").fill("2027-01-31")
    finding.get_by_role("button", name="Tambah kegiatan RKTL").click()
    expect(page.locator("#section-findings")).to_contain_text("Melatih staf keuangan")
    shoot("journey-04-filled")

    # Submitted at once, without reloading the page.
    page.get_by_role("button", name="Ajukan kunjungan").click()
    expect(page.locator(".badge.status-diajukan")).to_be_visible()
    visit = Visit.objects.get(title=TITLE)
    assert (
        visit.answers.count()
        == ChecklistItem.objects.filter(section__template=visit.template).count()
    )
    assert visit.attendees.count() == 2 and visit.attachments.count() == 1

    # Korkot sends it back, with a reason.
    sign_in_as(page, base, "korkot-metro")
    page.goto(f"{base}/visits/{visit.code}/")
    page.get_by_label("Dikembalikan").check()
    page.get_by_role("button", name="Kirim reviu").click()
    expect(page.locator("#id_comment")).to_have_class(re.compile("is-invalid"))
    page.get_by_label("Dikembalikan").check()
    page.get_by_label("Komentar").fill("Tambahkan peserta dari Bappeda.")
    shoot("journey-05-send-back")
    page.get_by_role("button", name="Kirim reviu").click()
    expect(page.locator(".alert-success")).to_be_visible()

    # The facilitator reads why, fixes and resubmits.
    sign_in_as(page, base, "fasilitator-metro")
    page.goto(f"{base}/visits/{visit.code}/edit/")
    expect(page.get_by_test_id("return-reasons")).to_contain_text("Tambahkan peserta dari Bappeda.")
    shoot("journey-06-returned")
    att = open_section(page, "attendees")
    att.locator("input[name='att-2-name']").fill("Dewi Anggraini")
    att.locator("select[name='att-2-gender']").select_option("P")
    att.locator("input[name='att-2-organisation']").fill("Bappeda Kota Metro")
    att.get_by_role("button", name="Simpan daftar hadir").click()
    saved(page.locator("#section-attendees"))
    page.reload()
    page.get_by_role("button", name="Ajukan kunjungan").click()
    expect(page.locator(".badge.status-diajukan")).to_be_visible()

    for reviewer in ("korkot-metro", "kmw-lampung"):
        sign_in_as(page, base, reviewer)
        page.goto(f"{base}/visits/{visit.code}/")
        page.get_by_label("Disetujui").check()
        page.get_by_role("button", name="Kirim reviu").click()
        expect(page.locator(".alert-success")).to_be_visible()

    visit.refresh_from_db()
    assert visit.status == Visit.Status.APPROVED
    sign_in_as(page, base, "fasilitator-metro")
    page.goto(f"{base}/visits/{visit.code}/")
    expect(page.locator(".badge.status-disetujui")).to_be_visible()
    expect(page.get_by_role("link", name="Isi", exact=True)).to_have_count(0)
    shoot("journey-07-approved")
    response = page.goto(f"{base}/visits/{visit.code}/edit/")
    assert response.status == 403


def _draft_visit():
    return Visit.objects.filter(
        created_by__username="fasilitator-metro", status=Visit.Status.DRAFT
    ).first()


def test_input_survives_a_failed_save_and_is_restored(live_server, demo, phone, shoot):
    page, base = phone, live_server.url
    visit = _draft_visit()
    sign_in_as(page, base, "fasilitator-metro")
    edit = f"{base}/visits/{visit.code}/edit/"
    page.goto(edit)
    section = open_section(page, "checklist-B")
    section.locator("textarea").first.fill("Catatan yang diketik di lapangan")

    # The connection drops while saving.
    page.route("**/edit/checklist-B/", lambda route: route.abort())
    section.get_by_role("button", name="Simpan bagian B").click()
    expect(section.locator("[data-save-state]")).to_contain_text("Server tidak dapat dihubungi")
    page.unroute("**/edit/checklist-B/")

    # Coming back later, the typed note is restored and flagged as not yet on the server.
    page.goto(edit)
    section = open_section(page, "checklist-B")
    expect(section.locator("textarea").first).to_have_value("Catatan yang diketik di lapangan")
    expect(section.locator("[data-draft-notice]")).to_be_visible()
    shoot("draft-restored")
    section.get_by_role("button", name="Simpan bagian B").click()
    saved(page.locator("#section-checklist-B"))
    assert visit.answers.filter(note="Catatan yang diketik di lapangan").exists()

    # Once saved, the draft is gone.
    page.goto(edit)
    expect(open_section(page, "checklist-B").locator("[data-draft-notice]")).to_be_hidden()


def test_input_survives_an_expired_session(live_server, demo, phone):
    page, base = phone, live_server.url
    visit = _draft_visit()
    sign_in_as(page, base, "fasilitator-metro")
    edit = f"{base}/visits/{visit.code}/edit/"
    page.goto(edit)
    att = open_section(page, "attendees")
    rows = att.locator(".formset-row").count()
    att.get_by_role("button", name="Tambah peserta").click()
    att.locator(f"input[name='att-{rows}-name']").fill("Peserta Saat Sesi Habis")
    att.locator(f"select[name='att-{rows}-gender']").select_option("P")

    page.context.clear_cookies(name="sessionid")  # the session expires; the CSRF cookie stays
    att.get_by_role("button", name="Simpan daftar hadir").click()
    expect(att.locator("[data-save-state]")).to_contain_text("Sesi Anda telah berakhir")
    assert not visit.attendees.filter(name="Peserta Saat Sesi Habis").exists()

    # Sign in again, then come back: the row is restored and can be saved. (In this tab: a
    # second page closed right after its sign-in hung Playwright's page.close() now and then,
    # for good, which is what stopped a CI run.)
    sign_in(page, base, "fasilitator-metro", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    page.goto(edit)
    att = open_section(page, "attendees")
    expect(att.locator(f"input[name='att-{rows}-name']")).to_have_value("Peserta Saat Sesi Habis")
    att.get_by_role("button", name="Simpan daftar hadir").click()
    saved(page.locator("#section-attendees"))
    assert visit.attendees.filter(name="Peserta Saat Sesi Habis").exists()
