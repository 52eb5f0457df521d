"""The PDF reports: a visit's report, the RKTL of an area, and a BDC's profile.

The PDFs are read back with pypdf and their text asserted; Indonesian is the default language.
"""

import datetime
import io
import threading

import pytest
import qrcode
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import TemplateDoesNotExist
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from pypdf import PdfReader

from bdc.models import BdcPerson
from kotaku import pdf
from kotaku.lib.choices import Gender
from kotaku.lib.uploads import process_photo
from kotaku.models import Download
from kotaku.pdf import BASE_URL, ReportFetcher, report_stylesheets
from kotaku.templatetags.kotaku_format import percent, rupiah
from ksm.models import Ksm
from monitoring.models import (
    Answer,
    Attachment,
    Attendee,
    ChecklistItem,
    Finding,
    Review,
    RktlCategory,
    RktlItem,
    RktlStatus,
    Tier,
    Visit,
)

# Inside the tests' frozen time both world RKTL items are open or done, and the open one
# (deadline 30 September 2026) is overdue.
AFTER_DEADLINES = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def pdf_text(content: bytes) -> str:
    """All the text of a PDF, with runs of white space (line and cell breaks) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def get_pdf(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response


def photo_upload(colour, name="foto.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def add_photo(visit, caption: str, colour=(30, 120, 160)) -> Attachment:
    photo = process_photo(photo_upload(colour))
    attachment = Attachment(
        visit=visit, kind=Attachment.Kind.PHOTO, caption=caption, uploaded_by=visit.created_by
    )
    attachment.file.save("foto.jpg", photo.original, save=False)
    attachment.web_image.save("foto.jpg", photo.web, save=False)
    attachment.save()
    return attachment


# ---- Visit report ---------------------------------------------------------------------------


def visit_url(visit) -> str:
    return reverse("monitoring:visit_report_pdf", args=[visit.code])


def test_the_visit_report_holds_the_visit_and_nothing_of_another_city(client, world):
    visit = world.ours["visit"]
    response = get_pdf(client, world.users["korkot"], visit_url(visit))

    assert response["Content-Disposition"] == (
        f'attachment; filename="laporan-kunjungan-metro-{visit.code}.pdf"'
    )
    text = pdf_text(response.content)
    assert "Monev BDC Kota Metro" in text
    assert "Kota Metro, Lampung" in text  # the cover and the running header
    assert "21 Juli 2026 \N{EN DASH} 23 Juli 2026" in text  # Indonesian long dates
    assert "KSM Tenun Metro" in text  # a target
    assert "Sebagian" in text  # an answer's note
    assert "Buku kas belum rutin" in text  # the finding
    assert "Memutakhirkan buku kas setiap minggu" in text  # an RKTL action...
    assert "Bendahara BDC" in text  # ...its person in charge
    assert "30 Sep 2026" in text  # ...and deadline
    assert "Budi Metro" in text  # an attendee
    assert "Lengkapi daftar hadir" in text  # the review trail
    assert visit.code in text  # the verification code
    assert f"Halaman 1 dari {page_count(response.content)}" in text
    assert "Medan" not in text


def test_the_visit_report_counts_attendance_by_gender_and_disability(client, world):
    visit = world.ours["visit"]  # has one man, Budi
    Attendee.objects.create(visit=visit, name="Siti Aminah", gender=Gender.FEMALE)
    Attendee.objects.create(
        visit=visit, name="Rina Lestari", gender=Gender.FEMALE, has_disability=True
    )
    text = pdf_text(get_pdf(client, world.users["korkot"], visit_url(visit)).content)
    # The totals row: men, women, total, share of women, with disabilities.
    assert "1 2 3 67% 1" in text
    assert "Siti Aminah" in text
    assert "Rina Lestari" in text


def test_a_draft_is_watermarked_and_an_approved_visit_is_not(client, world):
    visit = world.ours["visit"]
    assert visit.status == Visit.Status.DRAFT
    assert "DRAF" in pdf_text(get_pdf(client, world.users["korkot"], visit_url(visit)).content)

    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.APPROVED)
    text = pdf_text(get_pdf(client, world.users["korkot"], visit_url(visit)).content)
    assert "DRAF" not in text


def test_the_signature_block_names_the_author_and_the_approving_reviewers(client, world):
    visit = world.ours["visit"]
    korkot, kmw = world.users["korkot"], world.users["kmw"]
    korkot.last_name, kmw.last_name = "Setiawan", "Anggraini"
    korkot.save()
    kmw.save()
    Review.objects.create(
        visit=visit, tier=Review.Tier.KORKOT, decision=Review.Decision.APPROVE, reviewer=korkot
    )
    Review.objects.create(
        visit=visit, tier=Review.Tier.KMW, decision=Review.Decision.APPROVE, reviewer=kmw
    )
    text = pdf_text(get_pdf(client, korkot, visit_url(visit)).content)
    assert "Korkot Setiawan" in text
    assert "Kmw Anggraini" in text
    assert "Fasilitator" in text  # the author, by the persona's first name


def test_the_reviews_comments_per_section_are_under_the_sections_names(client, world):
    visit = world.ours["visit"]
    Review.objects.create(
        visit=visit,
        tier=Review.Tier.KORKOT,
        decision=Review.Decision.RETURN,
        comment="Mohon dilengkapi",
        section_comments={"attendees": "Jumlah peserta perempuan belum dicatat."},
        reviewer=world.users["korkot"],
    )
    text = pdf_text(get_pdf(client, world.users["korkot"], visit_url(visit)).content)
    assert "Daftar hadir: Jumlah peserta perempuan belum dicatat." in text
    assert "attendees" not in text


def test_the_report_follows_the_users_language(client, world):
    client.cookies["django_language"] = "en"
    text = pdf_text(get_pdf(client, world.users["korkot"], visit_url(world.ours["visit"])).content)
    assert "Page 1 of" in text
    assert "21 July 2026" in text
    assert "DRAFT" in text


def embedded_fonts(content: bytes) -> dict[str, int]:
    """The name of every font a PDF uses, with the size of its embedded file (0: not embedded)."""
    fonts = {}
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                file = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                fonts[str(descriptor["/FontName"])] = (
                    len(file.get_object().get_data()) if file else 0
                )
    return fonts


def test_the_reports_fonts_are_embedded_and_subset(client, world):
    content = get_pdf(client, world.users["korkot"], visit_url(world.ours["visit"])).content
    fonts = embedded_fonts(content)
    # A subset's name carries a six-letter tag; the mono font prints the verification code.
    assert {name.split("+", 1)[1] for name in fonts} == {
        "DejaVu-Sans",
        "DejaVu-Sans-Bold",
        "DejaVu-Sans-Mono-Bold",
    }
    # Embedded, and subset: the full DejaVu Sans alone is over 700 KB.
    assert all(0 < size < 100_000 for size in fonts.values()), fonts


def test_the_page_counter_follows_each_reports_language_in_one_process(client, world):
    # The stylesheets are parsed once per process and language: an English report printed
    # after an Indonesian one must not get its page counter, nor the other way round.
    korkot, url = world.users["korkot"], visit_url(world.ours["visit"])
    indonesian = pdf_text(get_pdf(client, korkot, url).content)
    client.cookies["django_language"] = "en"
    english = pdf_text(get_pdf(client, korkot, url).content)
    client.cookies["django_language"] = "id"
    indonesian_again = pdf_text(get_pdf(client, korkot, url).content)

    assert "Halaman 1 dari" in indonesian and "Page 1 of" not in indonesian
    assert "Page 1 of" in english and "Halaman" not in english
    assert "Halaman 1 dari" in indonesian_again and "Page 1 of" not in indonesian_again


def test_the_report_stylesheets_are_parsed_once_per_language(settings):
    settings.DEBUG = False
    with translation.override("id"):
        first = report_stylesheets("reports/visit_report.html")
        assert report_stylesheets("reports/visit_report.html") is first
    with translation.override("en"):
        assert report_stylesheets("reports/visit_report.html") is not first
    # The report's own sheet is found beside its template; a report without one fails loudly.
    with pytest.raises(TemplateDoesNotExist):
        report_stylesheets("reports/no_such_report.html")


def test_each_thread_finds_its_fonts_once_and_every_report_is_the_same_file(monkeypatch):
    made = []

    class CountedFonts(pdf.FontConfiguration):
        def __init__(self):
            made.append(self)
            super().__init__()

    monkeypatch.setattr(pdf, "FontConfiguration", CountedFonts)
    html = '<p>Laporan <strong>kunjungan</strong> lapangan</p><p class="muted">ĀĒĪŌŪ</p>'
    sheets = report_stylesheets("reports/visit_report.html")
    files = []

    def print_twice():
        files.extend(pdf.html_to_pdf(html, sheets) for _ in range(2))

    for _ in range(2):  # two threads of a server, one after the other
        thread = threading.Thread(target=print_twice)
        thread.start()
        thread.join()

    assert len(made) == 2  # once in each thread, not once a report
    assert len(set(files)) == 1
    assert "Laporan kunjungan lapangan" in pdf_text(files[0])


def test_photos_are_embedded_and_a_broken_one_does_not_stop_the_report(client, world):
    visit = world.ours["visit"]
    add_photo(visit, "Rapat Komite di BDC Mart")
    add_photo(visit, "Produk KSM di etalase", colour=(160, 90, 30))
    Attachment.objects.create(
        visit=visit,
        kind=Attachment.Kind.PHOTO,
        file=SimpleUploadedFile("rusak.jpg", b"\xff\xd8\xff"),
        caption="Foto rusak",
        uploaded_by=visit.created_by,
    )
    content = get_pdf(client, world.users["korkot"], visit_url(visit)).content
    text = pdf_text(content)
    assert "Rapat Komite di BDC Mart" in text
    assert "Produk KSM di etalase" in text
    assert "Foto rusak" in text
    # The raster images are the two good photos, downscaled for the report, and the QR code.
    # (Pages share one resource dictionary: count by name.)
    images = {
        image.name: image.image
        for page in PdfReader(io.BytesIO(content)).pages
        for image in page.images
    }
    sizes = sorted(max(image.size) for image in images.values())
    assert sizes == [len(qr_matrix(visit)), 800, 800]


def qr_matrix(visit) -> list[list[bool]]:
    """The modules (True: dark) of the QR code of the visit's address, with a one-module
    margin, as the report should draw them."""
    code = qrcode.QRCode(border=1)
    code.add_data(settings.SITE_URL + reverse("monitoring:visit_detail", args=[visit.code]))
    return code.get_matrix()


def test_the_qr_code_holds_the_visits_address_module_for_module(client, world):
    visit = world.ours["visit"]
    content = get_pdf(client, world.users["korkot"], visit_url(visit)).content
    (image,) = PdfReader(io.BytesIO(content)).pages[0].images
    # Scaled up unsmoothed: sharp squares on paper, not a blur of 30 pixels.
    assert image.indirect_reference.get_object()["/Interpolate"].value is False
    qr = image.image.convert("L")
    matrix = qr_matrix(visit)
    assert qr.size == (len(matrix), len(matrix))
    drawn = [[qr.getpixel((x, y)) < 128 for x in range(qr.width)] for y in range(qr.height)]
    assert drawn == matrix


def grow(visit, n: int) -> None:
    """Add n attendees, photos, findings and RKTL items, and answer every checklist item."""
    Attendee.objects.bulk_create(
        Attendee(visit=visit, name=f"Peserta {i}", gender=Gender.FEMALE) for i in range(n)
    )
    Attachment.objects.bulk_create(
        Attachment(
            visit=visit,
            kind=Attachment.Kind.PHOTO,
            file=f"visits/x/{i}.jpg",
            web_image=f"visits/x/{i}-web.jpg",
            caption=f"Foto {i}",
            uploaded_by=visit.created_by,
        )
        for i in range(n)
    )
    for i in range(n):
        finding = Finding.objects.create(visit=visit, description=f"Temuan {i}")
        RktlItem.objects.create(
            finding=finding,
            category=RktlCategory.CAPACITY,
            problem=f"Masalah {i}",
            action=f"Tindakan {i}",
            pic_name="Pengelola",
            pic_tier=Tier.PENGELOLA,
            deadline=datetime.date(2026, 12, 31),
            created_by=visit.created_by,
        )
    Review.objects.create(
        visit=visit,
        tier=Review.Tier.KORKOT,
        decision=Review.Decision.RETURN,
        comment=f"Perbaiki {n}",
        reviewer=visit.created_by,
    )
    for item in ChecklistItem.objects.filter(section__template=visit.template):
        Answer.objects.update_or_create(visit=visit, item=item, defaults={"value": "ya"})


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_visit_report_runs_the_same_queries_however_large_the_visit(client, world):
    visit = world.ours["visit"]
    client.force_login(world.users["korkot"])
    grow(visit, 2)
    small = count_queries(client, visit_url(visit))
    grow(visit, 30)
    assert count_queries(client, visit_url(visit)) == small


@pytest.mark.parametrize("persona", ["korkot_other", "kmw_other", "pemda_other", "unassigned"])
def test_the_visit_report_is_404_outside_the_city(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(visit_url(world.ours["visit"])).status_code == 404


# ---- RKTL report ----------------------------------------------------------------------------

RKTL_URL = reverse("monitoring:rktl_report_pdf")


@time_machine.travel(AFTER_DEADLINES)
def test_the_rktl_report_of_a_korkot_holds_their_city_only(client, world):
    response = get_pdf(client, world.users["korkot"], RKTL_URL)

    assert response["Content-Disposition"] == 'attachment; filename="rktl-wilayah-20261102.pdf"'
    text = pdf_text(response.content)
    assert "Kota Metro, Lampung" in text
    assert "Memutakhirkan buku kas setiap minggu" in text
    assert "Pelatihan SOP untuk Pengelola" in text
    assert "Mulai dikerjakan" in text  # the latest progress note
    with translation.override("id"):
        assert str(RktlCategory.TRANSPARENCY.label) in text  # grouped by category
        assert str(RktlCategory.CAPACITY.label) in text
        assert gettext("Overdue") in text
    assert f"Halaman 1 dari {page_count(response.content)}" in text
    assert "Medan" not in text


@time_machine.travel(AFTER_DEADLINES)
def test_the_rktl_report_counts_verified_items_per_city(client, world):
    RktlItem.objects.filter(pk=world.ours["rktl_done"].pk).update(status="terverifikasi")
    text = pdf_text(get_pdf(client, world.users["korkot"], RKTL_URL).content)
    # Kota Metro: 2 items, 1 verified (50%), none awaiting verification or in progress,
    # 1 not started, none that cannot be done, 1 overdue.
    assert "Kota Metro 2 1 (50%) 0 0 1 0 1" in text


def test_a_kmw_gets_the_rktl_of_a_city_or_of_their_province(client, world):
    kmw = world.users["kmw"]
    by_city = pdf_text(get_pdf(client, kmw, RKTL_URL, city=world.metro.pk).content)
    assert "Memutakhirkan buku kas setiap minggu" in by_city
    by_province = pdf_text(get_pdf(client, kmw, RKTL_URL, province=world.metro.province_id).content)
    assert "Lampung" in by_province
    assert "Memutakhirkan buku kas setiap minggu" in by_province
    assert "Medan" not in by_province


@pytest.mark.parametrize(
    "params",
    [
        lambda w: {"city": w.medan.pk},
        lambda w: {"province": w.medan.province_id},
        lambda w: {"city": "metro"},
        lambda w: {"province": "99999"},
    ],
    ids=["other-city", "other-province", "not-a-number", "no-such-province"],
)
def test_the_rktl_report_of_an_area_outside_the_users_is_404(client, world, params):
    client.force_login(world.users["kmw"])
    assert client.get(RKTL_URL, params(world)).status_code == 404


def test_pusat_gets_the_rktl_of_every_city(client, world):
    text = pdf_text(get_pdf(client, world.users["pusat"], RKTL_URL).content)
    assert "Kota Metro" in text
    assert "Kota Medan" in text


def test_a_user_without_an_area_gets_an_empty_rktl_report(client, world):
    text = pdf_text(get_pdf(client, world.users["unassigned"], RKTL_URL).content)
    assert "Metro" not in text
    assert "Medan" not in text


def test_the_rktl_report_runs_the_same_queries_however_many_items(client, world):
    client.force_login(world.users["kmw"])
    small = count_queries(client, RKTL_URL)
    grow(world.ours["visit"], 20)
    assert count_queries(client, RKTL_URL) == small


def test_the_rktl_report_prints_the_lists_filters_and_names_them(client, world):
    with translation.override("id"):
        status = str(RktlStatus.DONE.label)
        category = str(RktlCategory.CAPACITY.label)
    response = get_pdf(
        client, world.users["korkot"], RKTL_URL, status=RktlStatus.DONE, category="kapasitas"
    )
    text = pdf_text(response.content)
    assert "Pelatihan SOP untuk Pengelola" in text  # done, capacity
    assert "Memutakhirkan buku kas setiap minggu" not in text  # open, transparency
    assert f"Status: {status}" in text
    assert f"Kategori: {category}" in text


def test_the_list_links_to_the_report_of_what_it_shows(client, world):
    client.force_login(world.users["korkot"])
    page = client.get(reverse("monitoring:rktl_list"), {"status": "selesai", "page": "1"})
    assert f'href="{RKTL_URL}?status=selesai"' in page.content.decode()


def test_a_report_past_its_direct_size_is_prepared_for_my_downloads(client, world, monkeypatch):
    monkeypatch.setattr("monitoring.reports.REPORT_DIRECT_ITEMS", 1)
    client.force_login(world.users["korkot"])
    response = client.get(RKTL_URL, {"tier": "", "category": ""}, follow=True)
    assert response.redirect_chain == [(reverse("downloads"), 302)]
    (message,) = (str(m) for m in response.context["messages"])
    assert "sedang disiapkan" in message
    # The job ran (immediate backend in tests): the file waits, with both of Metro's actions.
    download = Download.objects.exclude(pk=world.ours["download"].pk).get()
    assert download.status == Download.Status.READY
    assert download.filename.endswith(".pdf")
    assert set(download.cities.values_list("pk", flat=True)) == {world.metro.pk}
    file = client.get(reverse("download_file", args=[download.pk]))
    assert file["Content-Disposition"].startswith("attachment")
    text = pdf_text(b"".join(file.streaming_content))
    assert "Pelatihan SOP untuk Pengelola" in text
    assert "Memutakhirkan buku kas setiap minggu" in text
    # One item is within the size: printed at once.
    get_pdf(client, world.users["korkot"], RKTL_URL, status=RktlStatus.DONE)
    assert Download.objects.count() == 2  # the world's, and the one above


def test_a_mistyped_filter_goes_back_to_the_list_instead_of_printing_everything(client, world):
    client.force_login(world.users["korkot"])
    response = client.get(RKTL_URL, {"deadline_from": "31-31-2026"}, follow=True)
    assert response.redirect_chain[0][0].endswith("?deadline_from=31-31-2026")
    assert response.status_code == 200
    assert "Perbaiki saringan sebelum mencetak." in response.content.decode()
    # The field is marked on the list.
    assert "is-invalid" in response.content.decode()


@time_machine.travel(AFTER_DEADLINES)
def test_the_report_header_names_dates_and_yes_no_filters_in_the_users_language(client, world):
    text = pdf_text(
        get_pdf(
            client, world.users["korkot"], RKTL_URL, overdue="on", deadline_from="2026-07-01"
        ).content
    )
    assert "Hanya yang terlambat: ya" in text
    assert "Tenggat dari: 1 Jul 2026" in text
    assert "Memutakhirkan buku kas setiap minggu" in text  # overdue since 30 September
    assert "Pelatihan SOP untuk Pengelola" not in text  # done, so never overdue


def test_a_filtered_report_counts_only_the_cities_with_selected_actions(client, world):
    kmw = world.users["kmw"]  # Lampung: Metro has actions, Bandar Lampung and Pringsewu none
    assert "Kota Bandar Lampung" in pdf_text(get_pdf(client, kmw, RKTL_URL).content)
    filtered = pdf_text(get_pdf(client, kmw, RKTL_URL, status=RktlStatus.DONE).content)
    assert "Kota Bandar Lampung" not in filtered
    assert "Kota Metro Lampung 1 0 (0%) 1 0 0 0 0" in filtered


def test_a_city_outside_the_chosen_province_goes_back_to_the_list_marked(client, world):
    client.force_login(world.users["pusat"])
    query = {"province": world.medan.province_id, "city": world.metro.pk}
    response = client.get(RKTL_URL, query, follow=True)
    assert response.redirect_chain[0][1] == 302
    page = response.content.decode()
    assert "Perbaiki saringan sebelum mencetak." in page
    assert "Kota ini tidak berada di provinsi yang dipilih." in page


# ---- BDC profile ----------------------------------------------------------------------------


def test_the_bdc_profile_holds_its_people_money_outlets_and_partners(client, world):
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(is_bdc_partner=True)
    url = reverse("bdc:bdc_profile_pdf", args=[world.metro.code])
    response = get_pdf(client, world.users["korkot"], url)

    assert response["Content-Disposition"] == 'attachment; filename="profil-bdc-metro.pdf"'
    text = pdf_text(response.content)
    assert "BDC Kota Metro" in text
    assert "Ketua Komite Metro" in text
    assert "BLM BDC Tahap 1 (TA 2015)" in text
    # Allocated, disbursed, spent, and the use rate (spent / disbursed).
    assert "Rp500.000.000 Rp400.000.000 Rp250.000.000 63%" in text
    assert "BDC Mart Metro" in text
    assert "KSM Tenun Metro" in text  # a partner KSM...
    assert "Kain tenun Metro" in text  # ...and its flagship product
    assert "Rp250.000" in text
    assert f"Halaman 1 dari {page_count(response.content)}" in text
    assert "Medan" not in text


def test_the_bdc_profile_counts_people_by_stakeholder_group_and_gender(client, world):
    url = reverse("bdc:bdc_profile_pdf", args=[world.metro.code])
    text = pdf_text(get_pdf(client, world.users["korkot"], url).content)
    with translation.override("id"):
        pemda = str(BdcPerson.Unsur.PEMDA.label)
    # One woman from local government on the Komite: Komite men, women, Pengelola men,
    # women, total.
    assert f"{pemda} 0 1 0 0 1" in text


def test_the_bdc_profile_is_404_outside_the_city(client, world):
    client.force_login(world.users["korkot_other"])
    url = reverse("bdc:bdc_profile_pdf", args=[world.metro.code])
    assert client.get(url).status_code == 404


# ---- Formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1_250_000, 0, "Rp1.250.000"),
        (1_250_000, 2, "Rp1.250.000,00"),
        (0, 0, "Rp0"),
        (999, 0, "Rp999"),
        ("1234.5", 2, "Rp1.234,50"),
        (None, 0, ""),
    ],
)
def test_rupiah_is_written_the_indonesian_way(value, decimals, expected):
    assert rupiah(value, decimals) == expected


def test_percent_uses_a_decimal_comma():
    assert percent(0.524, 1) == "52,4%"
    assert percent(0.625) == "63%"
    assert percent(None) == "\N{EN DASH}"


# ---- Rendering ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "ftp://x/y"]
)
def test_reports_fetch_nothing_from_the_network_or_the_disk(url):
    with pytest.raises(ValueError):
        ReportFetcher().fetch(url)


def test_reports_read_media_through_the_storage(db):
    name = default_storage.save("reports-test/logo.png", ContentFile(b"png bytes"))
    response = ReportFetcher().fetch(f"{BASE_URL}media/{name}")
    assert response.read() == b"png bytes"
    assert response.content_type == "image/png"


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("monitoring:visit_report_pdf", args=[w.ours["visit"].code]),
        lambda w: reverse("monitoring:rktl_report_pdf"),
        lambda w: reverse("bdc:bdc_profile_pdf", args=[w.metro.code]),
    ],
    ids=["visit", "rktl", "bdc"],
)
def test_the_reports_answer_only_get(client, world, url):
    client.force_login(world.users["korkot"])
    assert client.post(url(world)).status_code == 405
