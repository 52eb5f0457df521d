"""Places: the visit's position on site, when and where its photos were taken (EXIF, or what
the page read before shrinking them), and the flags its reviewers see on the visit page, the
review and the report PDF."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from kotaku.lib import exif
from kotaku.lib.uploads import process_photo
from monitoring import places
from monitoring.models import Attachment, Visit
from tests.documents import pdf_bytes
from tests.monitoring.test_reports import pdf_text

WIB = datetime.timezone(datetime.timedelta(hours=7))
# The world's visit of Metro: 21-23 July 2026. Its place: the BDC Mart of Kota Metro.
METRO = (Decimal("-5.113000"), Decimal("105.307000"))
# 0.009 degrees of latitude: 1,000.76 m on the mean earth radius.
NEAR_KM = (Decimal("-5.104000"), Decimal("105.307000"))


def jpeg(*, taken=None, offset=None, gps=None, size=(800, 600)) -> bytes:
    """A JPEG whose EXIF holds `taken` ("2026:07:22 10:15:00"), `offset` ("+08:00") and
    `gps`: ((degrees, minutes, seconds), "S", (d, m, s), "E")."""
    info = Image.Exif()
    if taken:
        info.get_ifd(exif.EXIF_IFD)[exif.DATE_TIME_ORIGINAL] = taken
    if offset:
        info.get_ifd(exif.EXIF_IFD)[exif.OFFSET_TIME_ORIGINAL] = offset
    if gps:
        lat, lat_ref, lng, lng_ref = gps
        ifd = info.get_ifd(exif.GPS_IFD)
        ifd[exif.GPS_LATITUDE_REF], ifd[exif.GPS_LATITUDE] = lat_ref, lat
        ifd[exif.GPS_LONGITUDE_REF], ifd[exif.GPS_LONGITUDE] = lng_ref, lng
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, "JPEG", exif=info)
    return buffer.getvalue()


# 5° 6' 46.8" S, 105° 18' 25.2" E: -5.113, 105.307 (Kota Metro).
METRO_GPS = ((5.0, 6.0, 46.8), "S", (105.0, 18.0, 25.2), "E")


def upload(content: bytes, name="IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "image/jpeg")


def visit_at(position=METRO, starts=(2026, 11, 14), ends=(2026, 11, 15)) -> Visit:
    lat, lng = position or (None, None)
    return Visit(
        starts_on=datetime.date(*starts),
        ends_on=datetime.date(*ends),
        latitude=lat,
        longitude=lng,
    )


def photo_at(position=None, taken_at=None, kind=Attachment.Kind.PHOTO) -> Attachment:
    lat, lng = position or (None, None)
    return Attachment(kind=kind, latitude=lat, longitude=lng, taken_at=taken_at)


# ---- The flags ----------------------------------------------------------------------------------


def test_the_distance_is_the_great_circle_one():
    assert places.distance_metres(*METRO, *METRO) == 0
    assert places.distance_metres(*METRO, *NEAR_KM) == pytest.approx(1000.76, abs=0.01)
    # A degree along the equator, and a quarter of a meridian: R·π/180 and R·π/2.
    assert places.distance_metres(0, 0, 0, 1) == pytest.approx(111_195.08, abs=0.01)
    assert places.distance_metres(0, 0, 90, 0) == pytest.approx(10_007_557.2, abs=0.1)
    assert places.distance_metres(0, 179.5, 0, -179.5) == pytest.approx(111_195.08, abs=0.01)


def test_a_photo_farther_than_the_limit_is_flagged_and_one_at_the_limit_is_not(settings):
    visit, photo = visit_at(), photo_at(NEAR_KM)
    metres = places.distance_metres(*METRO, *NEAR_KM)
    settings.PHOTO_FAR_METRES = metres
    assert places.photo_flags(visit, photo) == []
    settings.PHOTO_FAR_METRES = metres - 0.01
    (flag,) = places.photo_flags(visit, photo)
    assert flag.kind == places.FlagKind.FAR
    assert flag.metres == pytest.approx(metres)


def test_the_distance_is_said_in_km_or_in_metres(settings):
    settings.PHOTO_FAR_METRES = 100
    visit = visit_at()
    with translation.override("en"):
        (far,) = places.photo_flags(visit, photo_at((Decimal("-5.084"), Decimal("105.307"))))
        assert far.text == "taken 3.2 km from the visit's position"
        (near,) = places.photo_flags(visit, photo_at((Decimal("-5.1054"), Decimal("105.307"))))
        assert near.text == "taken 845 m from the visit's position"


@pytest.mark.parametrize(
    ("local_time", "flagged"),
    [
        ("2026-11-13 23:59", True),
        ("2026-11-14 00:00", False),
        ("2026-11-15 23:59", False),
        ("2026-11-16 00:00", True),
    ],
)
def test_a_photo_is_flagged_on_a_local_day_outside_the_visits_dates(local_time, flagged):
    taken_at = datetime.datetime.fromisoformat(local_time).replace(tzinfo=WIB)
    flags = places.photo_flags(visit_at(), photo_at(taken_at=taken_at))
    assert [f.kind for f in flags] == ([places.FlagKind.OTHER_DAY] if flagged else [])


def test_the_day_is_the_local_one_not_utcs():
    # 16 November 00:30 in Jakarta is still 15 November in UTC.
    taken_at = datetime.datetime(2026, 11, 15, 17, 30, tzinfo=datetime.UTC)
    (flag,) = places.photo_flags(visit_at(), photo_at(taken_at=taken_at))
    assert flag.day == datetime.date(2026, 11, 16)


def test_the_day_flag_names_the_photos_day_and_the_visits_dates():
    taken_at = datetime.datetime(2026, 11, 12, 9, 0, tzinfo=WIB)
    with translation.override("en"):
        (flag,) = places.photo_flags(visit_at(), photo_at(taken_at=taken_at))
        assert flag.text == "taken on 12 Nov, visit was 14\N{EN DASH}15 Nov"
        one_day = visit_at(starts=(2026, 11, 14), ends=(2026, 11, 14))
        assert places.photo_flags(one_day, photo_at(taken_at=taken_at))[0].text == (
            "taken on 12 Nov, visit was 14 Nov"
        )
        last_year = photo_at(taken_at=taken_at.replace(year=2025))
        assert places.photo_flags(visit_at(), last_year)[0].text == (
            "taken on 12 Nov 2025, visit was 14\N{EN DASH}15 Nov"
        )
    with translation.override("id"):
        month_end = visit_at(starts=(2026, 11, 30), ends=(2026, 12, 2))
        assert (
            "30 Nov \N{EN DASH} 2 Des"
            in places.photo_flags(month_end, photo_at(taken_at=taken_at))[0].text
        )


def test_a_photo_far_away_and_on_another_day_has_both_flags():
    taken_at = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
    flags = places.photo_flags(
        visit_at(), photo_at((Decimal("3.5952"), Decimal("98.6722")), taken_at)
    )
    assert [f.kind for f in flags] == [places.FlagKind.FAR, places.FlagKind.OTHER_DAY]


@pytest.mark.parametrize(
    ("visit", "photo"),
    [
        (visit_at(position=None), photo_at((Decimal("3.5952"), Decimal("98.6722")))),
        (visit_at(), photo_at(None)),
        (visit_at(), photo_at(None, taken_at=None)),
    ],
    ids=["visit-without-position", "photo-without-position", "photo-without-anything"],
)
def test_nothing_is_flagged_on_what_is_not_known(visit, photo):
    assert places.photo_flags(visit, photo) == []


def test_files_are_never_flagged():
    far_file = photo_at(
        (Decimal("3.5952"), Decimal("98.6722")),
        datetime.datetime(2020, 1, 1, tzinfo=WIB),
        kind=Attachment.Kind.FILE,
    )
    (checked,) = places.flag_photos(visit_at(), [far_file])
    assert checked.place_flags == []


# ---- EXIF from the uploaded file ----------------------------------------------------------------


def test_the_time_and_position_are_read_from_the_exif_and_dropped_from_the_stored_files():
    content = jpeg(taken="2026:07:22 10:15:00", offset="+08:00", gps=METRO_GPS)
    photo = process_photo(upload(content))
    assert photo.place == exif.PhotoPlace(
        datetime.datetime(
            2026, 7, 22, 10, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
        ),
        Decimal("-5.113000"),
        Decimal("105.307000"),
    )
    for stored in (photo.original, photo.web):
        with Image.open(io.BytesIO(stored.read())) as image:
            kept = image.getexif()
            assert not kept.get_ifd(exif.GPS_IFD)
            assert not kept.get_ifd(exif.EXIF_IFD)
            assert "exif" not in image.info


def test_a_time_without_offset_is_local_time_and_a_photo_without_gps_has_no_position():
    photo = process_photo(upload(jpeg(taken="2026:07:22 10:15:00")))
    assert photo.place.taken_at == datetime.datetime(2026, 7, 22, 3, 15, tzinfo=datetime.UTC)
    assert photo.place.latitude is None
    assert photo.place.longitude is None


def test_a_photo_without_exif_says_nothing():
    assert process_photo(upload(jpeg())).place == exif.PhotoPlace()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"taken": "0000:00:00 00:00:00"},
        {"taken": "yesterday"},
        {"gps": ((0.0, 0.0, 0.0), "N", (0.0, 0.0, 0.0), "E")},  # a receiver without a fix
        {"gps": ((95.0, 0.0, 0.0), "N", (105.0, 0.0, 0.0), "E")},
        {"gps": ((5.0, 0.0, 0.0), "X", (105.0, 0.0, 0.0), "E")},
    ],
)
def test_nonsense_in_the_exif_is_left_out(kwargs):
    assert process_photo(upload(jpeg(**kwargs))).place == exif.PhotoPlace()


def test_the_equator_and_the_western_hemisphere_are_positions_too():
    # Pontianak lies on the equator: a latitude of 0 is a real one.
    place = process_photo(upload(jpeg(gps=((0.0, 0.0, 0.0), "N", (109.0, 20.0, 0.0), "W")))).place
    assert (place.latitude, place.longitude) == (Decimal("0.000000"), Decimal("-109.333333"))


# ---- Uploading a photo --------------------------------------------------------------------------


@pytest.fixture
def facilitator(client, world):
    client.force_login(world.users["fasilitator"])
    client.cookies["django_language"] = "en"
    return client


def attach(client, visit, content, **fields):
    url = reverse("monitoring:attachment_add", args=[visit.code])
    return client.post(url, {"file": upload(content), "caption": "Etalase", **fields})


BROWSER_FIELDS = {
    "exif_taken_at": "2026-07-21T08:00:00",
    "exif_latitude": "-5.120000",
    "exif_longitude": "105.300000",
}


def test_the_files_own_exif_wins_over_what_the_page_sent(facilitator, world):
    visit = world.ours["visit"]
    content = jpeg(taken="2026:07:22 10:15:00", gps=METRO_GPS)
    assert attach(facilitator, visit, content, **BROWSER_FIELDS).status_code == 302
    photo = visit.attachments.get()
    assert photo.taken_at == datetime.datetime(2026, 7, 22, 10, 15, tzinfo=WIB)
    assert (photo.latitude, photo.longitude) == METRO


def test_a_shrunk_photo_keeps_what_the_page_read_before_shrinking(facilitator, world):
    visit = world.ours["visit"]
    assert attach(facilitator, visit, jpeg(), **BROWSER_FIELDS).status_code == 302
    photo = visit.attachments.get()
    assert photo.taken_at == datetime.datetime(2026, 7, 21, 8, 0, tzinfo=WIB)
    assert (photo.latitude, photo.longitude) == (Decimal("-5.120000"), Decimal("105.300000"))


def test_each_of_time_and_position_comes_from_where_it_is_known(facilitator, world):
    visit = world.ours["visit"]
    content = jpeg(taken="2026:07:22 10:15:00")  # a camera without GPS
    fields = {**BROWSER_FIELDS, "exif_taken_at": "2026-07-21T08:00:00+08:00"}
    assert attach(facilitator, visit, content, **fields).status_code == 302
    photo = visit.attachments.get()
    assert photo.taken_at == datetime.datetime(2026, 7, 22, 10, 15, tzinfo=WIB)
    assert (photo.latitude, photo.longitude) == (Decimal("-5.120000"), Decimal("105.300000"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"exif_latitude": "95", "exif_longitude": "105"}, "A latitude is between -90 and 90"),
        ({"exif_latitude": "-5", "exif_longitude": "181"}, "A longitude is between -180 and 180"),
        ({"exif_latitude": "-5"}, "lacks a coordinate"),
        ({"exif_taken_at": "kemarin"}, "is not a date and time"),
        ({"exif_taken_at": "2027-01-01T10:00:00"}, "is in the future"),
    ],
)
def test_what_the_page_sent_is_checked_and_refused_with_a_message(
    facilitator, world, fields, message
):
    visit = world.ours["visit"]
    response = attach(facilitator, visit, jpeg(), **fields)
    assert response.status_code == 422
    errors = [
        e.strip() for e in response.content.decode().split('data-testid="photo-place-error">')[1:]
    ]
    assert any(message in error for error in errors), errors
    assert not visit.attachments.exists()


def test_what_the_page_sent_is_ignored_for_a_document(facilitator, world):
    visit = world.ours["visit"]
    url = reverse("monitoring:attachment_add", args=[visit.code])
    document = SimpleUploadedFile("notulen.pdf", pdf_bytes(), "application/pdf")
    assert facilitator.post(url, {"file": document, **BROWSER_FIELDS}).status_code == 302
    attachment = visit.attachments.get()
    assert (attachment.taken_at, attachment.latitude) == (None, None)


# ---- The visit's position -----------------------------------------------------------------------


def position_url(visit) -> str:
    return reverse("monitoring:visit_section", args=[visit.code, "position"])


POSITION = {
    "version": 0,
    "latitude": "-5.113000",
    "longitude": "105.307000",
    "position_accuracy": "12",
    "positioned_at": "2026-07-22T03:15:00.000Z",
}


def test_the_position_is_saved_with_its_accuracy_and_time(facilitator, world):
    visit = world.ours["visit"]
    response = facilitator.post(position_url(visit), POSITION)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.latitude, visit.longitude) == METRO
    assert visit.position_accuracy == 12
    assert visit.positioned_at == datetime.datetime(2026, 7, 22, 10, 15, tzinfo=WIB)
    assert visit.section_meta["position"]["version"] == 1
    assert visit.history.latest().latitude == METRO[0]  # in the audit trail
    assert visit.title == "Monev BDC Kota Metro"  # nothing else of the visit changes


def test_a_position_is_rounded_to_what_is_stored(facilitator, world):
    visit = world.ours["visit"]
    data = {**POSITION, "latitude": "-5.11300049", "longitude": "105.3070004"}
    assert facilitator.post(position_url(visit), data).status_code == 302
    visit.refresh_from_db()
    assert (visit.latitude, visit.longitude) == METRO


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": "-91"}, "A latitude is between -90 and 90 degrees."),
        ({"longitude": "180.5"}, "A longitude is between -180 and 180 degrees."),
        ({"position_accuracy": "-3"}, "The accuracy of a position cannot be negative."),
        ({"positioned_at": "2030-01-01T00:00:00Z"}, "is in the future"),
        ({"longitude": ""}, "A position needs its latitude, longitude, accuracy and time."),
    ],
)
def test_a_wrong_position_is_refused_with_422_and_a_message(facilitator, world, changes, message):
    visit = world.ours["visit"]
    response = facilitator.post(position_url(visit), {**POSITION, **changes})
    assert response.status_code == 422
    assert message in response.content.decode()
    visit.refresh_from_db()
    assert visit.latitude is None
    # The refused position is not shown as the visit's.
    assert "No position recorded yet." in response.content.decode()


def test_with_htmx_a_refused_position_is_answered_in_place_for_the_outbox(facilitator, world):
    visit = world.ours["visit"]
    response = facilitator.post(
        position_url(visit), {**POSITION, "latitude": "-91"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["X-Section-Saved"] == "0"
    assert response["X-Section-Status"] == "422"
    assert 'id="section-position"' in response.content.decode()


def test_a_second_position_from_a_stale_page_is_a_conflict(facilitator, world):
    visit = world.ours["visit"]
    assert facilitator.post(position_url(visit), POSITION).status_code == 302
    response = facilitator.post(position_url(visit), {**POSITION, "latitude": "-5.2"})
    assert response.status_code == 409
    visit.refresh_from_db()
    assert visit.latitude == METRO[0]


def test_a_korkot_cannot_record_a_position(client, world):
    visit = world.ours["visit"]
    client.force_login(world.users["korkot"])
    assert client.post(position_url(visit), POSITION).status_code == 403


def test_the_fill_in_page_offers_to_record_the_position(facilitator, world):
    visit = world.ours["visit"]
    page = facilitator.get(reverse("monitoring:visit_edit", args=[visit.code])).content.decode()
    assert 'id="section-position"' in page
    assert "data-position-record" in page
    assert "No position recorded yet." in page
    Visit.objects.filter(pk=visit.pk).update(
        latitude=METRO[0],
        longitude=METRO[1],
        position_accuracy=12,
        positioned_at=datetime.datetime(2026, 7, 22, 10, 15, tzinfo=WIB),
    )
    page = facilitator.get(reverse("monitoring:visit_edit", args=[visit.code])).content.decode()
    assert "-5.113000, 105.307000" in page
    assert "± 12 m" in page


# ---- What the reviewers see ---------------------------------------------------------------------


def add_photo(visit, caption, *, position=None, taken_at=None) -> Attachment:
    lat, lng = position or (None, None)
    return Attachment.objects.create(
        visit=visit,
        kind=Attachment.Kind.PHOTO,
        file="visits/x/photo.jpg",
        web_image="visits/x/photo-web.jpg",
        caption=caption,
        taken_at=taken_at,
        latitude=lat,
        longitude=lng,
        uploaded_by=visit.created_by,
    )


def place_visit(visit) -> None:
    Visit.objects.filter(pk=visit.pk).update(
        latitude=METRO[0],
        longitude=METRO[1],
        position_accuracy=12,
        positioned_at=datetime.datetime(2026, 7, 22, 10, 15, tzinfo=WIB),
    )
    visit.refresh_from_db()


FAR = (Decimal("-5.084000"), Decimal("105.307000"))  # 3.2 km north
OTHER_DAY = datetime.datetime(2026, 7, 12, 9, 0, tzinfo=WIB)


@pytest.fixture
def korkot(client, world):
    client.force_login(world.users["korkot"])
    client.cookies["django_language"] = "en"
    return client


def test_the_review_page_shows_the_position_and_flags_the_photos(korkot, world):
    visit = world.ours["visit"]
    place_visit(visit)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    add_photo(
        visit, "Etalase", position=METRO, taken_at=datetime.datetime(2026, 7, 22, 9, 0, tzinfo=WIB)
    )
    add_photo(visit, "Gudang", position=FAR, taken_at=OTHER_DAY)
    page = korkot.get(reverse("monitoring:visit_detail", args=[visit.code])).content.decode()
    assert 'id="review"' in page  # the Korkot's review form: this is the review page
    assert "-5.113000, 105.307000" in page
    assert "± 12 m" in page
    assert '<span data-testid="position-time">22 Jul 2026 10:15</span>' in page
    assert page.count('data-testid="photo-flag"') == 2
    assert "taken 3.2 km from the visit&#x27;s position" in page
    assert "taken on 12 Jul, visit was 21\N{EN DASH}23 Jul" in page
    assert "No position recorded" not in page


def test_a_visit_without_a_position_says_so_to_the_reviewer(korkot, world):
    visit = world.ours["visit"]
    add_photo(visit, "Gudang", position=FAR)
    page = korkot.get(reverse("monitoring:visit_detail", args=[visit.code])).content.decode()
    assert 'data-testid="no-position"' in page
    assert 'data-testid="photos-no-position"' in page
    assert 'data-testid="photo-flag"' not in page


def test_the_visit_page_runs_the_same_queries_however_many_flagged_photos(
    korkot, world, django_assert_num_queries
):
    visit = world.ours["visit"]
    place_visit(visit)
    url = reverse("monitoring:visit_detail", args=[visit.code])
    add_photo(visit, "Foto 0", position=FAR, taken_at=OTHER_DAY)
    with CaptureQueriesContext(connection) as one:
        korkot.get(url)
    for i in range(1, 25):
        add_photo(visit, f"Foto {i}", position=FAR, taken_at=OTHER_DAY)
    with django_assert_num_queries(len(one.captured_queries)):
        page = korkot.get(url).content.decode()
    assert page.count('data-testid="photo-flag"') == 50


def test_the_fill_in_page_flags_the_photos_too_in_constant_queries(
    facilitator, world, django_assert_num_queries
):
    visit = world.ours["visit"]
    place_visit(visit)
    url = reverse("monitoring:visit_edit", args=[visit.code])
    add_photo(visit, "Foto 0", position=FAR)
    with CaptureQueriesContext(connection) as one:
        facilitator.get(url)
    for i in range(1, 25):
        add_photo(visit, f"Foto {i}", position=FAR)
    with django_assert_num_queries(len(one.captured_queries)):
        page = facilitator.get(url).content.decode()
    assert page.count('data-flag="far"') == 25


def test_the_report_pdf_shows_the_position_and_the_flags(korkot, world):
    visit = world.ours["visit"]
    place_visit(visit)
    add_photo(visit, "Gudang", position=FAR, taken_at=OTHER_DAY)
    response = korkot.get(reverse("monitoring:visit_report_pdf", args=[visit.code]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "-5.113000, 105.307000" in text
    assert "± 12 m" in text
    assert "taken 3.2 km from the visit's position" in text
    assert "taken on 12 Jul, visit was 21\N{EN DASH}23 Jul" in text


def test_the_report_pdf_says_when_no_position_was_recorded(korkot, world):
    visit = world.ours["visit"]
    text = pdf_text(korkot.get(reverse("monitoring:visit_report_pdf", args=[visit.code])).content)
    assert "No position recorded" in text


@time_machine.travel(datetime.datetime(2026, 7, 22, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_a_photo_taken_during_the_visit_at_its_place_is_not_flagged(facilitator, world):
    visit = world.ours["visit"]
    place_visit(visit)
    content = jpeg(taken="2026:07:22 09:45:00", gps=METRO_GPS)
    assert attach(facilitator, visit, content).status_code == 302
    (photo,) = places.flag_photos(visit, visit.attachments.all())
    assert photo.place_flags == []
