"""Field work with no signal, in the browser: the app opened from the phone's cache, every
section filled in, photos added, a visit planned and RKTL progress reported offline; then the
outbox syncs and the database holds each record exactly once.

Chromium with service workers allowed; `context.set_offline(True)` cuts the network from the
start of the field work, and `context.route` loses answers on the way back.
"""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD
from kotaku.models import ClientRequest
from monitoring.models import ChecklistItem, RktlItem, RktlUpdate, Visit
from monitoring.offline import field_pages
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, sign_in

DRAFT = "Kunjungan BDC Mart Kota Metro"  # a demo draft of fasilitator-metro, never opened here
PLANNED = "Monev luring Kota Metro"
LONGEST_SIDE = 1600


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    call_command("seed_demo", force=True, stdout=io.StringIO())


@pytest.fixture
def field(browser, live_server, demo):
    """A phone with service workers allowed, signed in as fasilitator-metro, its field pages
    kept (the app opened once with a connection)."""
    context = browser.new_context(
        service_workers="allow", viewport=PHONE, timezone_id="Asia/Jakarta", locale="id-ID"
    )
    page = context.new_page()
    sign_in(page, live_server.url, "fasilitator-metro", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    wait_until_kept(page)
    yield page
    # The worker may still be fetching pages in the background (a refresh after a sync): cut
    # the network and give the live server a moment to finish what it is answering, so that
    # the database is not flushed under a request (on PostgreSQL that can deadlock).
    context.set_offline(True)
    page.wait_for_timeout(1500)
    context.close()


def shoot(page, name: str) -> None:
    """A full-page screenshot of the phone's page, and of the same page at desktop width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def poll(page, expression: str, *, seconds: float = 30) -> None:
    """Until `expression` (which may be a promise) is true in the page."""
    for _ in range(int(seconds * 4)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"still false after {seconds} s: {expression}")


def wait_until_kept(page) -> None:
    """The service worker controls the page and has kept the user's field pages."""
    poll(page, "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)")
    poll(page, "KotakuStore.getMeta(+document.body.dataset.offlineUser, 'refreshedAt')")


def outbox_count(page) -> int:
    return page.evaluate("KotakuStore.count(+document.body.dataset.offlineUser)")


def wait_until_sent(page, seconds: float = 60) -> None:
    count = "KotakuStore.count(+document.body.dataset.offlineUser)"
    poll(page, f"{count}.then(n => n === 0)", seconds=seconds)


def photo(name: str, size: tuple[int, int]) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, "JPEG", quality=95)
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def open_section(page, key):
    details = page.locator(f"#section-{key}")
    if details.get_attribute("open") is None:
        details.locator(":scope > summary").click()
    return details


def waiting(page, key):
    expect(page.locator(f"#section-{key} [data-save-state]")).to_contain_text("Menunggu dikirim")


def fill_the_draft_offline(page, base, visit: Visit) -> None:
    """Every section of `visit`'s fill-in page, with the network off."""
    page.goto(f"{base}/visits/{visit.code}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(DRAFT)
    for code in visit.template.sections.values_list("code", flat=True):
        section = open_section(page, f"checklist-{code}")
        for label in section.locator("label.answer-ya").all():
            label.click()
        section.get_by_role("button", name=f"Simpan bagian {code}").click()
        waiting(page, f"checklist-{code}")

    docs = open_section(page, "documents")
    docs.locator("select[name$='-document']").last.select_option("buku_kas")
    docs.locator("select[name$='-status']").last.select_option("tidak_lengkap")
    docs.get_by_role("button", name="Simpan dokumen").click()
    waiting(page, "documents")

    att = open_section(page, "attendees")
    rows = visit.attendees.count()
    att.locator(f"input[name='att-{rows}-name']").fill("Siti Rahmawati")
    att.locator(f"select[name='att-{rows}-gender']").select_option("P")
    att.locator(f"input[name='att-{rows + 1}-name']").fill("Agus Salim")
    att.locator(f"select[name='att-{rows + 1}-gender']").select_option("L")
    att.locator(f"input[name='att-{rows + 1}-has_disability']").check()
    att.get_by_role("button", name="Simpan daftar hadir").click()
    waiting(page, "attendees")

    photos = open_section(page, "attachments")
    for picture, caption in (
        (photo("IMG_4000.jpg", (4000, 3000)), "Etalase BDC Mart"),
        (photo("IMG_PORTRAIT.jpg", (2400, 3200)), "Buku kas"),
    ):
        photos.locator("input[type=file]").set_input_files(files=[picture])
        # Shrunk on the device before anything is kept or sent.
        expect(photos.locator("input[type=file]")).to_have_attribute("data-shrunk", "1")
        photos.get_by_label("Keterangan").fill(caption)
        photos.get_by_role("button", name="Unggah").click()
        expect(photos.get_by_label("Keterangan")).to_have_value("")
    waiting(page, "attachments")

    findings = open_section(page, "findings")
    findings.locator("textarea[name='description']").fill("Stok BDC Mart tidak dicatat.")
    findings.locator("select[name='rktl-new-category']").select_option("transparansi")
    findings.locator("textarea[name='rktl-new-problem']").fill("Stok tidak dicatat")
    findings.locator("textarea[name='rktl-new-action']").fill("Membuat kartu stok harian")
    findings.locator("input[name='rktl-new-pic_name']").fill("Manajer BDC")
    findings.locator("select[name='rktl-new-pic_tier']").select_option("pengelola")
    findings.locator("input[name='rktl-new-deadline']").fill("2027-02-28")
    findings.get_by_role("button", name="Tambah temuan").click()
    waiting(page, "findings")


def plan_offline(page, base) -> None:
    page.goto(f"{base}/visits/new/")
    page.get_by_label("Judul").fill(PLANNED)
    page.get_by_label("Tanggal mulai").fill("2026-12-10")
    page.get_by_label("Tanggal selesai").fill("2026-12-10")
    page.get_by_label("Lokasi").fill("Kelurahan Yosodadi")
    page.get_by_label("Observasi").check()
    page.get_by_label("BDC menjadi sasaran").check()
    page.get_by_label("KSM Tapis Hadimulyo Barat").check()
    page.get_by_role("button", name="Rencanakan kunjungan").click()
    expect(page.locator("[data-queued-notice]")).to_contain_text("Tersimpan di perangkat ini")


def report_progress_offline(page, base, item: RktlItem) -> None:
    page.goto(f"{base}/rktl/{item.code}/")
    form = page.locator("#progress")
    form.get_by_label("Status baru").select_option(index=0)
    form.get_by_label("Apa yang sudah dilakukan").fill("Kartu stok dibuat dan diisi seminggu.")
    form.locator("input[type=file]").set_input_files(files=[photo("bukti.jpg", (3000, 2000))])
    expect(form.locator("input[type=file]")).to_have_attribute("data-shrunk", "1")
    form.get_by_role("button", name="Simpan kemajuan").click()
    expect(page.locator("[data-queued-notice]")).to_contain_text("Tersimpan di perangkat ini")


def an_item_to_report_on() -> RktlItem:
    from django.contrib.auth.models import User

    user = User.objects.get(username="fasilitator-metro")
    code = field_pages(user)["rktl"][0].strip("/").split("/")[-1]
    return RktlItem.objects.get(code=code)


def assert_synced_once(visit: Visit, item: RktlItem, updates_before: int) -> None:
    visit.refresh_from_db()
    items = ChecklistItem.objects.filter(section__template=visit.template).count()
    assert visit.answers.count() == items
    assert list(
        visit.attendees.filter(name__in=["Siti Rahmawati", "Agus Salim"]).values_list(
            "name", flat=True
        )
    ) in (["Siti Rahmawati", "Agus Salim"], ["Agus Salim", "Siti Rahmawati"])
    photos = list(visit.attachments.filter(caption__in=["Etalase BDC Mart", "Buku kas"]))
    assert len(photos) == 2
    for attachment in photos:
        with Image.open(attachment.file) as image:
            assert max(image.size) == LONGEST_SIDE, image.size
    finding = visit.findings.get(description="Stok BDC Mart tidak dicatat.")
    assert list(finding.rktl_items.values_list("action", flat=True)) == [
        "Membuat kartu stok harian"
    ]
    assert Visit.objects.filter(title=PLANNED).count() == 1
    planned = Visit.objects.get(title=PLANNED)
    assert planned.target_bdc and planned.target_ksms.count() == 1
    updates = RktlUpdate.objects.filter(item=item)
    assert updates.count() == updates_before + 1
    assert updates.latest("pk").evidence.count() == 1


def test_a_day_of_field_work_with_no_signal_syncs_each_record_once(field, live_server):
    page, base = field, live_server.url
    visit = Visit.objects.get(title=DRAFT)
    item = an_item_to_report_on()
    updates_before = item.updates.count()

    page.context.set_offline(True)
    page.goto(f"{base}/")  # the app, opened from the phone's cache
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    expect(page.locator("[data-connection]")).to_contain_text("Anda sedang luring")
    fill_the_draft_offline(page, base, visit)
    shoot(page, "offline-01-filled")
    waiting_now = outbox_count(page)
    # Seven checklist parts, documents, attendance, two photos, the finding.
    assert waiting_now == 7 + 1 + 1 + 2 + 1

    # Reloading loses nothing: the outbox stays and typed input is back in its fields.
    for _ in range(2):
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(DRAFT)
    assert outbox_count(page) == waiting_now
    att = open_section(page, "attendees")
    rows = visit.attendees.count()
    expect(att.locator(f"input[name='att-{rows}-name']")).to_have_value("Siti Rahmawati")
    expect(page.get_by_test_id("outbox-badge")).to_contain_text(str(waiting_now))
    waiting(page, "attendees")
    shoot(page, "offline-02-reloaded")

    plan_offline(page, base)
    report_progress_offline(page, base, item)
    assert outbox_count(page) == waiting_now + 2
    page.goto(f"{base}/offline/")
    expect(page.get_by_test_id("outbox-item")).to_have_count(waiting_now + 2)
    shoot(page, "offline-03-outbox")
    assert not Visit.objects.filter(title=PLANNED).exists()  # nothing reached the server

    page.context.set_offline(False)
    page.goto(f"{base}/offline/")  # any page load sends the outbox
    wait_until_sent(page)
    expect(page.get_by_test_id("outbox-item")).to_have_count(0)
    assert_synced_once(visit, item, updates_before)
    assert ClientRequest.objects.count() == waiting_now + 2

    page.goto(f"{base}/visits/{visit.code}/edit/")
    expect(open_section(page, "attendees").locator("input[value='Agus Salim']")).to_have_count(1)
    shoot(page, "offline-04-synced")


def test_answers_lost_in_the_middle_of_the_sync_make_no_duplicates(field, live_server):
    page, base = field, live_server.url
    visit = Visit.objects.get(title=DRAFT)
    item = an_item_to_report_on()
    updates_before = item.updates.count()
    page.context.set_offline(True)
    fill_the_draft_offline(page, base, visit)
    plan_offline(page, base)
    report_progress_offline(page, base, item)
    total = outbox_count(page)

    # The server gets every change and stores it, but the first answers never come back.
    lost = []

    def lose_the_answer(route):
        key = route.request.headers.get("x-client-request-id")
        if route.request.method == "POST" and key not in lost and len(lost) < 6:
            route.fetch()  # the server has it now
            lost.append(key)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.context.route(re.compile(r".*/(visits|rktl)/.*"), lose_the_answer)
    page.context.set_offline(False)
    page.goto(f"{base}/offline/")  # sends; each lost answer is tried again, soon, by itself
    wait_until_sent(page, seconds=120)
    page.context.unroute_all(behavior="ignoreErrors")
    assert len(lost) == 6
    assert_synced_once(visit, item, updates_before)
    assert ClientRequest.objects.count() == total


def test_signing_out_warns_of_unsent_changes_and_the_next_user_sees_nothing(field, live_server):
    page, base = field, live_server.url
    first_user = page.evaluate("+document.body.dataset.offlineUser")
    page.context.set_offline(True)
    plan_offline(page, base)
    assert outbox_count(page) == 1
    # The server cannot be reached for posts: the plan stays unsent. Blocked before the
    # connection returns, since the worker's Background Sync sends the outbox at once.
    page.context.route(
        re.compile(r".*/visits/new/$"),
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.context.set_offline(False)

    warnings = []

    def answer(dialog):
        warnings.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(f"{base}/visits/")
    page.get_by_role("button", name="Menu").click()
    # The menu slides open: a click while it moves can land beside the button.
    expect(page.locator("#nav-main")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"), timeout=15_000)
    assert warnings and "1 perubahan" in warnings[0]

    sign_in(page, base, "fasilitator-medan", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    wait_until_kept(page)
    databases = page.evaluate("indexedDB.databases().then(ds => ds.map(d => d.name))")
    assert f"kotaku-user-{first_user}" not in databases
    caches = page.evaluate("caches.keys()")
    assert f"kotaku-pages-{first_user}" not in caches
    page.goto(f"{base}/offline/")
    expect(page.get_by_test_id("outbox-item")).to_have_count(0)
    # Offline, the second user's phone serves their own pages only.
    page.context.set_offline(True)
    page.goto(f"{base}/visits/")
    expect(page.locator("body")).not_to_contain_text("Kota Metro")
    shoot(page, "offline-05-next-user")


def test_a_section_changed_on_the_server_meanwhile_is_shown_with_both_versions(field, live_server):
    from django.contrib.auth.models import User

    from monitoring import services
    from monitoring.models import Attendee

    page, base = field, live_server.url
    visit = Visit.objects.get(title=DRAFT)
    returned = Visit.objects.get(
        title__startswith="FGD Rencana Usaha", created_by__username="fasilitator-metro"
    )
    page.context.set_offline(True)
    page.goto(f"{base}/visits/{visit.code}/edit/")
    att = open_section(page, "attendees")
    rows = visit.attendees.count()
    att.locator(f"input[name='att-{rows}-name']").fill("Siti Rahmawati")
    att.locator(f"select[name='att-{rows}-gender']").select_option("P")
    att.get_by_role("button", name="Simpan daftar hadir").click()
    waiting(page, "attendees")
    page.goto(f"{base}/visits/{returned.code}/edit/")
    findings = open_section(page, "findings")
    findings.locator("textarea[name='description']").fill("Temuan yang terlambat")
    findings.get_by_role("button", name="Tambah temuan").click()
    waiting(page, "findings")

    # Meanwhile, with a connection: Pusat saves the same attendance, and the sent-back visit
    # is submitted from another device.
    pusat = User.objects.get(username="admin")
    services.section_save(
        visit=visit,
        section="attendees",
        expected_version=services.section_version(visit, "attendees"),
        user=pusat,
        save=lambda: Attendee.objects.create(visit=visit, name="Ditambah Pusat", gender="L"),
    )
    Visit.objects.filter(pk=returned.pk).update(status=Visit.Status.SUBMITTED)

    page.context.set_offline(False)
    page.goto(f"{base}/offline/")
    items = page.get_by_test_id("outbox-item")
    expect(items.filter(has_text="Daftar hadir")).to_contain_text("diubah di server")
    expect(items.filter(has_text="Temuan dan RKTL")).to_contain_text("ditolak")
    shoot(page, "offline-06-refused")
    assert outbox_count(page) == 2  # nothing is dropped

    # The section shows what the server has and what the user typed; saving again decides.
    page.goto(f"{base}/visits/{visit.code}/edit/")
    section = page.locator("#section-attendees")
    expect(section.get_by_test_id("conflict")).to_be_visible()
    expect(section.locator(f"input[name='att-{rows}-name']")).to_have_value("Siti Rahmawati")
    shoot(page, "offline-07-conflict")
    section.get_by_role("button", name="Simpan daftar hadir").click()
    expect(page.locator("#section-attendees [data-save-state]")).to_contain_text(
        "Tersimpan di server"
    )
    poll(page, "KotakuStore.count(+document.body.dataset.offlineUser).then(n => n === 1)")
    names = list(visit.attendees.values_list("name", flat=True))
    assert names.count("Siti Rahmawati") == 1 and names.count("Ditambah Pusat") == 1

    # The refused change is discarded only after a confirmation.
    page.goto(f"{base}/offline/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Buang").click()
    expect(page.get_by_test_id("outbox-item")).to_have_count(0)
    assert not returned.findings.filter(description="Temuan yang terlambat").exists()


def test_a_new_release_keeps_the_outbox_and_the_kept_pages(field, live_server, settings):
    page, base = field, live_server.url
    user = page.evaluate("+document.body.dataset.offlineUser")
    page.context.set_offline(True)
    plan_offline(page, base)
    page.context.route(
        re.compile(r".*/visits/new/$"),
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.context.set_offline(False)
    before = page.evaluate("caches.keys()")

    settings.OFFLINE_RELEASE = "next-release"
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    poll(page, "caches.keys().then(ks => ks.includes('kotaku-static-next-release'))")
    poll(page, "KotakuStore.release().then(r => r === 'next-release')")
    # The earlier release's files stay while kept pages still name them...
    assert len([k for k in page.evaluate("caches.keys()") if k.startswith("kotaku-static-")]) == 2
    # ...until every page has been kept again.
    poll(page, "KotakuStore.release().then(r => r === 'next-release')")
    page.evaluate("KotakuOffline.ask('refresh')")
    poll(
        page,
        "caches.keys().then(ks => !ks.some(k => k.startsWith('kotaku-static-') "
        "&& k !== 'kotaku-static-next-release'))",
    )
    assert f"kotaku-pages-{user}" in before and f"kotaku-pages-{user}" in page.evaluate(
        "caches.keys()"
    )
    assert outbox_count(page) == 1
    page.context.set_offline(True)
    page.goto(f"{base}/visits/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunjungan")
    expect(page.get_by_test_id("outbox-badge")).to_contain_text("1")


def test_a_report_sent_after_the_session_ended_waits_for_the_next_sign_in(field, live_server):
    """Online, but signed out meanwhile (the session ended): the report is kept, not lost to
    the sign-in page, and sent once the user is back."""
    page, base = field, live_server.url
    item = an_item_to_report_on()
    updates_before = item.updates.count()
    page.goto(f"{base}/rktl/{item.code}/")
    page.context.clear_cookies(name="sessionid")  # the session ends while the page is open
    form = page.locator("#progress")
    form.get_by_label("Status baru").select_option(index=0)
    form.get_by_label("Apa yang sudah dilakukan").fill("Dilaporkan setelah sesi berakhir.")
    form.get_by_role("button", name="Simpan kemajuan").click()
    expect(page.locator("[data-queued-notice]")).to_contain_text("masuk lagi")
    assert item.updates.count() == updates_before

    page.fill("input[name=username]", "fasilitator-metro")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/rktl/{item.code}/$"))  # back where they were
    wait_until_sent(page)
    assert item.updates.filter(note="Dilaporkan setelah sesi berakhir.").count() == 1
