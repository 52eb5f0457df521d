"""Places in the browser: the facilitator records the phone's position on site (with the
location permission granted, and with it refused), online and with no signal; a photo whose
EXIF says it was taken elsewhere on another day is shrunk on the phone, keeps its time and
place, and is flagged to the Korkot on the review page."""

import datetime
import io
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD
from kotaku.lib import exif
from monitoring.models import Visit
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, sign_in
from tests.browser.test_offline_field_work import (
    DRAFT,
    open_section,
    outbox_count,
    wait_until_kept,
    wait_until_sent,
    waiting,
)
from tests.browser.test_offline_field_work import demo as demo

AT_THE_MART = {"latitude": -5.113, "longitude": 105.307, "accuracy": 12}
ACROSS_THE_ROAD = {"latitude": -5.11342, "longitude": 105.30761, "accuracy": 35}


def phone_context(browser, **options):
    return browser.new_context(
        service_workers="allow",
        viewport=PHONE,
        timezone_id="Asia/Jakarta",
        locale="id-ID",
        **options,
    )


@pytest.fixture
def field(browser, live_server, demo):
    """fasilitator-metro's phone, location allowed for the app, its field pages kept."""
    context = phone_context(browser, geolocation=AT_THE_MART, permissions=["geolocation"])
    page = context.new_page()
    sign_in(page, live_server.url, "fasilitator-metro", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    wait_until_kept(page)
    yield page
    context.set_offline(True)  # see test_offline_field_work.field
    page.wait_for_timeout(1500)
    context.close()


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def record(page):
    section = open_section(page, "position")
    section.locator("[data-position-record]").click()
    return section


def far_photo(day: datetime.date) -> dict:
    """A 4000 px phone photo taken 3.2 km north of the Mart at 09:30 on `day`: shrunk on the
    phone, which drops its EXIF, before it is sent."""
    info = Image.Exif()
    info.get_ifd(exif.EXIF_IFD)[exif.DATE_TIME_ORIGINAL] = f"{day:%Y:%m:%d} 09:30:00"
    gps = info.get_ifd(exif.GPS_IFD)
    gps[1], gps[2] = "S", (5.0, 5.0, 2.4)  # -5.084
    gps[3], gps[4] = "E", (105.0, 18.0, 25.2)  # 105.307
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 140, 60)).save(buffer, "JPEG", exif=info)
    return {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_the_position_is_recorded_online_then_again_with_no_signal(field, live_server):
    page, base = field, live_server.url
    visit = Visit.objects.get(title=DRAFT)
    page.goto(f"{base}/visits/{visit.code}/edit/")
    section = record(page)
    expect(section.locator("[data-save-state]")).to_contain_text("Tersimpan di server")
    expect(section.get_by_test_id("position-coordinates")).to_have_text("-5.113000, 105.307000")
    visit.refresh_from_db()
    assert (visit.latitude, visit.longitude, visit.position_accuracy) == (
        Decimal("-5.113000"),
        Decimal("105.307000"),
        12,
    )
    assert abs(visit.positioned_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(
        minutes=2
    )
    shoot(page, "position-01-recorded")

    # The phone keeps the page as it last loaded it (a save by htmx does not renew that copy):
    # opened once more with a signal, its kept copy carries the position's new version.
    page.reload()
    expect(page.get_by_test_id("visit-position")).to_contain_text("-5.113000, 105.307000")

    # No signal: the page comes from the phone, the new position waits in the outbox.
    page.context.set_offline(True)
    page.context.set_geolocation(ACROSS_THE_ROAD)
    page.goto(f"{base}/visits/{visit.code}/edit/")
    section = record(page)
    waiting(page, "position")
    expect(section.get_by_test_id("visit-position")).to_contain_text("-5.113420, 105.307610")
    assert outbox_count(page) == 1
    page.reload()  # nothing is lost on the phone
    expect(page.locator("#section-position [data-position-shown]")).to_contain_text("-5.113420")
    visit.refresh_from_db()
    assert visit.latitude == Decimal("-5.113000")  # not on the server yet

    page.context.set_offline(False)
    page.goto(f"{base}/offline/")
    wait_until_sent(page)
    visit.refresh_from_db()
    assert (visit.latitude, visit.longitude, visit.position_accuracy) == (
        Decimal("-5.113420"),
        Decimal("105.307610"),
        35,
    )


def test_a_refused_permission_is_said_and_changes_nothing(browser, live_server, demo):
    context = browser.new_context(
        viewport=PHONE, timezone_id="Asia/Jakarta", locale="id-ID", service_workers="block"
    )
    page = context.new_page()
    sign_in(page, live_server.url, "fasilitator-metro", DEMO_PASSWORD)
    visit = Visit.objects.get(title=DRAFT)
    page.goto(f"{live_server.url}/visits/{visit.code}/edit/")
    section = record(page)
    status = section.locator("[data-position-status]")
    expect(status).to_be_visible()
    expect(status).to_have_class("small mb-2 text-danger")
    expect(section.locator("[data-position-record]")).to_be_enabled()
    expect(section.get_by_test_id("visit-position")).not_to_contain_text("-5.")
    page.screenshot(path=str(SCREENSHOTS / "position-02-refused-360.png"), full_page=True)
    visit.refresh_from_db()
    assert visit.latitude is None
    context.close()


def test_a_photo_from_elsewhere_on_another_day_is_flagged_to_the_korkot(
    field, live_server, browser
):
    page, base = field, live_server.url
    visit = Visit.objects.get(title=DRAFT)
    page.goto(f"{base}/visits/{visit.code}/edit/")
    record(page)
    expect(page.locator("#section-position [data-save-state]")).to_contain_text(
        "Tersimpan di server"
    )
    photos = open_section(page, "attachments")
    photos.locator("input[type=file]").set_input_files(
        files=[far_photo(visit.starts_on - datetime.timedelta(days=2))]
    )
    expect(photos.locator("input[type=file]")).to_have_attribute("data-shrunk", "1")
    photos.get_by_label("Keterangan").fill("Gudang KSM")
    photos.get_by_role("button", name="Unggah").click()
    photos = page.locator("#section-attachments")
    expect(photos.get_by_test_id("photo-flag")).to_have_count(2)

    photo = visit.attachments.get(caption="Gudang KSM")
    assert (photo.latitude, photo.longitude) == (Decimal("-5.084000"), Decimal("105.307000"))
    assert photo.taken_at.astimezone(exif.local_zone()).date() == (
        visit.starts_on - datetime.timedelta(days=2)
    )
    with Image.open(photo.file) as image:
        assert max(image.size) == 1600  # shrunk on the phone
        assert not image.getexif().get_ifd(exif.GPS_IFD)

    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    korkot = browser.new_context(viewport=DESKTOP, locale="id-ID", service_workers="block")
    review = korkot.new_page()
    sign_in(review, base, "korkot-metro", DEMO_PASSWORD)
    review.goto(f"{base}/visits/{visit.code}/")
    expect(review.locator("#review")).to_be_visible()
    expect(review.get_by_test_id("visit-position").first).to_contain_text("-5.113000, 105.307000")
    flags = review.get_by_test_id("photo-flag")
    expect(flags).to_have_count(2)
    expect(flags.first).to_contain_text("3,2 km")
    # The photo itself reaches the Korkot (the media view checks their access).
    image = review.locator("section[aria-labelledby=photos] img").first
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    review.screenshot(path=str(SCREENSHOTS / "position-04-review-photos-1280.png"))
    shoot(review, "position-03-review-flagged")
    korkot.close()
