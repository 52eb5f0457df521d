"""Made PDFs kept by what they show (kotaku.pdf.render_pdf): a report printed again is sent
again, never one that differs from what would be made now, and never another reader's."""

import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kotaku import pdf
from monitoring.models import Attachment, RktlItem, Visit
from tests.monitoring.test_reports import add_photo, get_pdf, pdf_text, visit_url


@pytest.fixture
def layouts(monkeypatch):
    """The HTML of every report laid out by WeasyPrint in this test."""
    made = []
    html_to_pdf = pdf.html_to_pdf

    def counted(html, stylesheets=()):
        made.append(html)
        return html_to_pdf(html, stylesheets)

    monkeypatch.setattr(pdf, "html_to_pdf", counted)
    return made


def test_a_report_printed_again_is_sent_without_being_laid_out_again(client, world, layouts):
    url = visit_url(world.ours["visit"])
    first = get_pdf(client, world.users["korkot"], url).content
    again = get_pdf(client, world.users["korkot"], url).content
    # Another reader who is shown the same report gets the same file.
    kmw = get_pdf(client, world.users["kmw"], url).content

    assert len(layouts) == 1
    assert again == first and kmw == first


def test_a_change_to_the_visit_makes_its_report_afresh(client, world, layouts):
    visit = world.ours["visit"]
    get_pdf(client, world.users["korkot"], visit_url(visit))
    # As an import or a bulk update would change it: no save(), no signal.
    Visit.objects.filter(pk=visit.pk).update(summary="Ringkasan yang diperbaiki")
    RktlItem.objects.filter(finding__visit=visit).update(pic_name="Bendahara Baru")
    text = pdf_text(get_pdf(client, world.users["korkot"], visit_url(visit)).content)

    assert len(layouts) == 2
    assert "Ringkasan yang diperbaiki" in text
    assert "Bendahara Baru" in text


def test_a_reader_without_personal_data_never_gets_the_report_with_names(client, world, layouts):
    url = visit_url(world.ours["visit"])
    named = pdf_text(get_pdf(client, world.users["korkot"], url).content)
    unnamed = pdf_text(get_pdf(client, world.users["pemda"], url).content)

    assert len(layouts) == 2
    assert "Budi Metro" in named
    assert "Budi Metro" not in unnamed


def test_each_language_and_printing_day_has_its_own_report(client, world, layouts):
    url = visit_url(world.ours["visit"])
    indonesian = pdf_text(get_pdf(client, world.users["korkot"], url).content)
    client.cookies["django_language"] = "en"
    english = pdf_text(client.get(url).content)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        next_day = pdf_text(get_pdf(client, world.users["korkot"], url).content)  # signed in anew

    assert len(layouts) == 3
    assert "Halaman 1 dari" in indonesian and "Page 1 of" in english
    assert f"printed on {tomorrow.day} " in next_day and next_day != english


def test_the_rktl_report_is_kept_and_follows_a_verification(client, world, layouts):
    url = reverse("monitoring:rktl_report_pdf")
    get_pdf(client, world.users["korkot"], url)
    get_pdf(client, world.users["korkot"], url)
    assert len(layouts) == 1

    RktlItem.objects.filter(finding__visit__city=world.metro).update(pic_name="Ketua Komite")
    text = pdf_text(get_pdf(client, world.users["korkot"], url).content)
    assert len(layouts) == 2
    assert "Ketua Komite" in text


def test_a_report_larger_than_the_keeping_size_is_made_every_time(
    client, world, layouts, monkeypatch
):
    monkeypatch.setattr(pdf, "KEEP_PDF_UP_TO", 1000)
    url = visit_url(world.ours["visit"])
    first = get_pdf(client, world.users["korkot"], url).content
    get_pdf(client, world.users["korkot"], url)

    assert len(first) > 1000
    assert len(layouts) == 2


def test_a_photo_is_downsized_once_and_a_broken_one_is_tried_again(world, monkeypatch):
    photo = add_photo(world.ours["visit"], "Rapat Komite")
    broken = Attachment.objects.create(
        visit=world.ours["visit"],
        kind=Attachment.Kind.PHOTO,
        file=SimpleUploadedFile("rusak.jpg", b"\xff\xd8\xff"),
        uploaded_by=world.ours["visit"].created_by,
    )
    opened = []
    open_file = default_storage.open

    def counted(name, *args, **kwargs):
        opened.append(name)
        return open_file(name, *args, **kwargs)

    monkeypatch.setattr(default_storage, "open", counted)
    uri = pdf.image_data_uri(photo.web_image.name)
    assert uri.startswith("data:image/jpeg;base64,")
    assert pdf.image_data_uri(photo.web_image.name) == uri
    # Another size of the same photo is another picture.
    assert pdf.image_data_uri(photo.web_image.name, max_side=100) != uri
    assert pdf.image_data_uri(broken.file.name) is None
    assert pdf.image_data_uri(broken.file.name) is None

    assert opened == [photo.web_image.name, photo.web_image.name] + [broken.file.name] * 2
