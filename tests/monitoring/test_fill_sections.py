import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from PIL import Image

from monitoring.models import (
    Answer,
    Attachment,
    Attendee,
    ChecklistItem,
    ChecklistSection,
    Finding,
    RktlItem,
    Visit,
)
from tests.documents import pdf_bytes


def section_url(visit, section):
    return reverse("monitoring:visit_section", args=[visit.code, section])


@pytest.fixture
def visit(world):
    return world.ours["visit"]


@pytest.fixture
def facilitator(client, world):
    client.force_login(world.users["fasilitator"])
    return client


def checklist_post(visit, code="A", version=0, **values):
    section = ChecklistSection.objects.get(template=visit.template, code=code)
    data = {f"cl{code}-version": version}
    for item in section.items.all():
        if item.code in values:
            value, note = values[item.code]
            data[f"cl{code}-value_{item.pk}"] = value
            data[f"cl{code}-note_{item.pk}"] = note
    return data


def attendee_post(version=0, rows=(), existing=()):
    data = {
        "version": version,
        "att-TOTAL_FORMS": len(rows) + len(existing),
        "att-INITIAL_FORMS": len(existing),
        "att-MIN_NUM_FORMS": 0,
        "att-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate([*existing, *rows]):
        for key, value in row.items():
            data[f"att-{i}-{key}"] = value
    return data


def test_a_checklist_section_saves_answers_and_notes(facilitator, visit):
    response = facilitator.post(
        section_url(visit, "checklist-A"),
        checklist_post(visit, A1=("ya", "Sudah ada SK"), A2=("tidak", ""), A3=("sebagian", "")),
    )
    assert response.status_code == 302
    answers = {a.item.code: (a.value, a.note) for a in visit.answers.select_related("item")}
    assert answers["A1"] == ("ya", "Sudah ada SK")
    assert answers["A2"] == ("tidak", "")
    visit.refresh_from_db()
    assert visit.section_meta["checklist-A"]["version"] == 1


def test_a_note_without_an_answer_is_marked_and_kept(facilitator, visit):
    response = facilitator.post(
        section_url(visit, "checklist-B"), checklist_post(visit, "B", B1=("", "Belum dicek"))
    )
    assert response.status_code == 422
    form = next(c for c in response.context["forms"]["checklist"] if c.section.code == "B")
    assert form.errors
    assert "Belum dicek" in response.content.decode()


def test_a_second_writer_of_the_same_section_is_told_and_keeps_their_input(facilitator, visit):
    first = checklist_post(visit, "C", version=0, C1=("ya", "versi pertama"))
    assert facilitator.post(section_url(visit, "checklist-C"), first).status_code == 302
    # A second tab, loaded before the first save, still carries version 0.
    second = checklist_post(visit, "C", version=0, C1=("tidak", "versi kedua"))
    response = facilitator.post(section_url(visit, "checklist-C"), second)
    assert response.status_code == 409
    assert response.context["conflict"]["section"] == "checklist-C"
    body = response.content.decode()
    assert "versi kedua" in body  # the second writer's input is kept
    assert "versi pertama" in body  # and what is on the server is shown
    assert Answer.objects.get(visit=visit, item__code="C1").note == "versi pertama"
    # Saving again, now with the version shown in the conflict form, overwrites deliberately.
    form = next(c for c in response.context["forms"]["checklist"] if c.section.code == "C")
    assert form["version"].value() == 1
    again = checklist_post(visit, "C", version=1, C1=("tidak", "versi kedua"))
    assert facilitator.post(section_url(visit, "checklist-C"), again).status_code == 302
    assert Answer.objects.get(visit=visit, item__code="C1").note == "versi kedua"


def test_edits_of_different_sections_do_not_conflict(facilitator, visit):
    assert (
        facilitator.post(
            section_url(visit, "checklist-A"), checklist_post(visit, A1=("ya", ""))
        ).status_code
        == 302
    )
    assert (
        facilitator.post(
            section_url(visit, "checklist-B"), checklist_post(visit, "B", B1=("ya", ""))
        ).status_code
        == 302
    )


def test_attendance_rows_are_added_and_the_totals_follow(facilitator, visit):
    existing = visit.attendees.get()
    data = attendee_post(
        existing=[{"id": existing.pk, "name": existing.name, "gender": "L"}],
        rows=[
            {
                "name": "Sri Wahyuni",
                "organisation": "KSM Tenun",
                "gender": "P",
                "has_disability": "on",
            },
            {"name": "Dewi Lestari", "organisation": "Bappeda", "gender": "P"},
        ],
    )
    assert facilitator.post(section_url(visit, "attendees"), data).status_code == 302
    page = facilitator.get(reverse("monitoring:visit_edit", args=[visit.code]))
    assert page.context["totals"] == {
        "total": 3,
        "men": 1,
        "women": 2,
        "disabled": 1,
        "women_share": 67,
    }


def test_an_attendee_without_gender_is_marked_and_nothing_is_saved(facilitator, visit):
    data = attendee_post(rows=[{"name": "Tanpa Gender"}, {"name": "Rudi", "gender": "L"}])
    response = facilitator.post(section_url(visit, "attendees"), data)
    assert response.status_code == 422
    formset = response.context["forms"]["attendees"][0]
    assert formset.errors[0]["gender"]
    assert "Tanpa Gender" in response.content.decode()
    assert not Attendee.objects.filter(name__in=["Tanpa Gender", "Rudi"]).exists()


def test_an_htmx_save_answers_with_the_section_alone(facilitator, visit):
    response = facilitator.post(
        section_url(visit, "checklist-A"),
        checklist_post(visit, A1=("ya", "")),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["X-Section-Saved"] == "1"
    body = response.content.decode()
    assert body.lstrip().startswith("<details") and 'id="section-checklist-A"' in body
    assert "<html" not in body


def submit_panel(body: str) -> str:
    """The submit panel swapped in out of band, from an htmx section response."""
    start = body.index('<section class="card mb-3 border-primary" id="section-submit"')
    return body[start : body.index("</section>", start)]


def test_an_htmx_save_refreshes_the_submit_panel_out_of_band(facilitator, visit):
    response = facilitator.post(
        section_url(visit, "checklist-A"),
        checklist_post(visit, A1=("ya", ""), A2=("ya", "")),
        HTTP_HX_REQUEST="true",
    )
    panel = submit_panel(response.content.decode())
    assert 'hx-swap-oob="true"' in panel
    # Two answers of section A, where the visit had one elsewhere: the count is the new one.
    answered = visit.answers.count()
    assert f"({answered} dari 20 sudah dijawab)" in panel
    assert re.search(r"<button [^>]*disabled", panel)


def test_saving_the_last_missing_section_enables_submit_at_once(facilitator, visit):
    section_a = ChecklistSection.objects.get(template=visit.template, code="A")
    for item in ChecklistItem.objects.filter(section__template=visit.template).exclude(
        section=section_a
    ):
        Answer.objects.update_or_create(visit=visit, item=item, defaults={"value": "ya"})
    answers = {item.code: ("ya", "") for item in section_a.items.all()}
    response = facilitator.post(
        section_url(visit, "checklist-A"), checklist_post(visit, **answers), HTTP_HX_REQUEST="true"
    )
    assert response["X-Section-Saved"] == "1"
    body = response.content.decode()
    assert body.lstrip().startswith("<details") and 'id="section-checklist-A"' in body
    panel = submit_panel(body)
    assert 'hx-swap-oob="true"' in panel
    assert 'data-testid="submit-problems"' not in panel
    assert "Semua isian wajib sudah lengkap" in panel
    assert re.search(r'<button type="submit" class="btn btn-primary"\s*>', panel)


def test_an_htmx_save_with_errors_is_not_marked_saved(facilitator, visit):
    response = facilitator.post(
        section_url(visit, "attendees"), attendee_post(rows=[{"name": "X"}]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["X-Section-Saved"] == "0"


def test_an_expired_session_answers_a_background_save_with_401(client, visit):
    response = client.post(
        section_url(visit, "checklist-A"), checklist_post(visit), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 401


def _jpeg(size=(2400, 1800)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 80)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_photo_is_stored_with_a_downscaled_web_copy(facilitator, visit):
    upload = SimpleUploadedFile("IMG_0001.JPG", _jpeg(), content_type="image/jpeg")
    url = reverse("monitoring:attachment_add", args=[visit.code])
    assert facilitator.post(url, {"file": upload, "caption": "BDC Mart"}).status_code == 302
    attachment = Attachment.objects.get(visit=visit)
    assert attachment.kind == Attachment.Kind.PHOTO
    assert attachment.original_name == "IMG_0001.JPG"
    assert "IMG_0001" not in attachment.file.name  # stored names are generated
    with Image.open(attachment.web_image) as web:
        assert max(web.size) == 1600
    with Image.open(attachment.file) as original:
        assert original.size == (2400, 1800)


def test_a_file_that_claims_to_be_a_photo_but_is_not_is_refused(facilitator, visit):
    upload = SimpleUploadedFile("foto.jpg", b"<?php echo 'hi'; ?>", content_type="image/jpeg")
    url = reverse("monitoring:attachment_add", args=[visit.code])
    response = facilitator.post(url, {"file": upload, "caption": "Keterangan tetap ada"})
    assert response.status_code == 422
    assert response.context["forms"]["attachment"].errors["file"]
    assert "Keterangan tetap ada" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused(facilitator, visit, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("besar.jpg", _jpeg((200, 200)), content_type="image/jpeg")
    response = facilitator.post(
        reverse("monitoring:attachment_add", args=[visit.code]), {"file": upload}
    )
    assert response.status_code == 422
    (error,) = response.context["forms"]["attachment"].errors["file"]
    assert filesizeformat(1000) in error
    assert not Attachment.objects.exists()


def test_a_pdf_is_stored_as_a_file(facilitator, visit):
    upload = SimpleUploadedFile("notulen.pdf", pdf_bytes(), content_type="application/pdf")
    facilitator.post(reverse("monitoring:attachment_add", args=[visit.code]), {"file": upload})
    attachment = Attachment.objects.get()
    assert attachment.kind == Attachment.Kind.FILE
    assert attachment.file.name.endswith(".pdf")


def test_a_finding_and_its_rktl_item_are_added(facilitator, visit, world, time_machine):
    time_machine.move_to("2026-11-22 10:00 +0700")
    item = visit.template.sections.get(code="E").items.first()
    facilitator.post(
        reverse("monitoring:finding_add", args=[visit.code]),
        {"description": "Laporan keuangan belum dipublikasikan", "item": item.pk},
    )
    finding = Finding.objects.get(description__startswith="Laporan keuangan")
    assert finding.item == item
    response = facilitator.post(
        reverse("monitoring:rktl_add", args=[visit.code, finding.pk]),
        {
            f"rktl{finding.pk}-category": "transparansi",
            f"rktl{finding.pk}-problem": "Laporan tidak diumumkan",
            f"rktl{finding.pk}-action": "Menempel laporan di papan informasi",
            f"rktl{finding.pk}-pic_name": "Manajer BDC",
            f"rktl{finding.pk}-pic_tier": "pengelola",
            f"rktl{finding.pk}-deadline": "2026-12-31",
        },
    )
    assert response.status_code == 302
    rktl = RktlItem.objects.get(finding=finding)
    assert rktl.city == world.metro
    assert rktl.original_deadline == rktl.deadline
    assert rktl.created_by == world.users["fasilitator"]
    # The visit's only target is the KSM: the action concerns it without a choice posted.
    assert (rktl.concern, rktl.concern_ksm) == ("ksm", world.ours["ksm"])


def test_a_new_rktl_item_with_a_past_deadline_is_refused(facilitator, visit, time_machine):
    time_machine.move_to("2026-11-22 10:00 +0700")
    finding = visit.findings.first()
    prefix = f"rktl{finding.pk}"
    response = facilitator.post(
        reverse("monitoring:rktl_add", args=[visit.code, finding.pk]),
        {
            f"{prefix}-category": "kapasitas",
            f"{prefix}-problem": "Masalah",
            f"{prefix}-action": "Aksi yang diketik",
            f"{prefix}-pic_name": "Korkot",
            f"{prefix}-pic_tier": "korkot",
            f"{prefix}-deadline": "2026-11-21",
        },
    )
    assert response.status_code == 422
    assert "Aksi yang diketik" in response.content.decode()
    assert RktlItem.objects.filter(finding=finding).count() == 2  # the world's two


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("korkot", 403),
        ("kmw", 403),
        ("pemda", 403),
        ("fasilitator_other", 404),
        ("korkot_other", 404),
    ],
)
def test_only_the_author_changes_a_draft(client, world, visit, persona, status):
    client.force_login(world.users[persona])
    response = client.post(section_url(visit, "checklist-A"), checklist_post(visit, A1=("ya", "")))
    assert response.status_code == status
    assert not visit.answers.filter(item__code="A1", value="ya").exists()


def test_a_submitted_visit_cannot_be_changed_by_its_author(facilitator, visit):
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    response = facilitator.post(
        section_url(visit, "checklist-A"), checklist_post(visit, A1=("ya", ""))
    )
    assert response.status_code == 403
    assert facilitator.get(reverse("monitoring:visit_edit", args=[visit.code])).status_code == 403


FIRST_ACTION = {
    "rktl-new-category": "transparansi",
    "rktl-new-problem": "Stok tidak dicatat",
    "rktl-new-action": "Membuat kartu stok harian",
    "rktl-new-pic_name": "Manajer BDC",
    "rktl-new-pic_tier": "pengelola",
    "rktl-new-deadline": "2026-12-31",
}


def test_a_finding_is_added_with_its_first_rktl_action_in_one_post(
    facilitator, visit, world, time_machine
):
    """As a phone with no signal sends it: the action cannot name a finding not yet saved."""
    time_machine.move_to("2026-11-22 10:00 +0700")
    response = facilitator.post(
        reverse("monitoring:finding_add", args=[visit.code]),
        {"description": "Stok BDC Mart tidak dicatat", **FIRST_ACTION},
    )
    assert response.status_code == 302
    finding = Finding.objects.get(description="Stok BDC Mart tidak dicatat")
    rktl = finding.rktl_items.get()
    assert rktl.action == "Membuat kartu stok harian"
    assert (rktl.city, rktl.created_by) == (world.metro, world.users["fasilitator"])
    assert rktl.original_deadline == rktl.deadline


def test_a_finding_without_an_action_adds_no_rktl_item(facilitator, visit):
    facilitator.post(
        reverse("monitoring:finding_add", args=[visit.code]),
        {"description": "Hanya temuan", "rktl-new-pic_tier": "", "rktl-new-deadline": ""},
    )
    assert not Finding.objects.get(description="Hanya temuan").rktl_items.exists()


def test_an_incomplete_first_action_keeps_the_input_and_saves_neither(
    facilitator, visit, time_machine
):
    time_machine.move_to("2026-11-22 10:00 +0700")
    before = Finding.objects.count()
    response = facilitator.post(
        reverse("monitoring:finding_add", args=[visit.code]),
        {"description": "Temuan dengan aksi", **FIRST_ACTION, "rktl-new-deadline": "2026-11-01"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Temuan dengan aksi" in page and "Membuat kartu stok harian" in page
    assert "is-invalid" in page
    assert Finding.objects.count() == before


def test_submitting_an_incomplete_visit_is_refused_with_409_and_the_reasons(facilitator, visit):
    response = facilitator.post(reverse("monitoring:visit_submit", args=[visit.code]))
    assert response.status_code == 409
    assert 'data-testid="submit-problems"' in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DRAFT
