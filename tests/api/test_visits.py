"""/api/v1/visits/: the visits of the token's area, with everything recorded on them."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from kotaku.language import remember
from kotaku.lib.choices import Gender
from monitoring.models import (
    Answer,
    Attachment,
    Attendee,
    ChecklistItem,
    ChecklistSection,
    Finding,
    Review,
    Visit,
)
from tests.monitoring.test_fill_sections import attendee_post, section_url
from tests.world import MEDAN, METRO

LIST = "/api/v1/visits/"


def detail(code: str) -> str:
    return f"{LIST}{code}/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def every_code(api, query: str = "") -> list[str]:
    """Every page of the list, following the cursor."""
    found, url = [], f"{LIST}?page_size=2&{query}"
    while url:
        response = api.get(url)
        found += codes(response)
        url = response.json()["next"]
    return found


def new_visit(world, city=None, **fields) -> Visit:
    city = city or world.metro
    author = world.users["fasilitator" if city == world.metro else "fasilitator_other"]
    values = {
        "title": "Kunjungan tambahan",
        "starts_on": datetime.date(2026, 8, 3),
        "ends_on": datetime.date(2026, 8, 3),
    } | fields
    return Visit.objects.create(
        city=city, template=world.ours["visit"].template, created_by=author, **values
    )


def jpeg_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 80)).save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def grow(visit: Visit, n: int) -> None:
    """Rows on every list a visit's record holds."""
    Attendee.objects.bulk_create(
        Attendee(visit=visit, name=f"Peserta {i}", gender=Gender.FEMALE) for i in range(n)
    )
    Attachment.objects.bulk_create(
        Attachment(
            visit=visit,
            kind=Attachment.Kind.PHOTO,
            file=f"visits/{visit.code}/{i}.jpg",
            web_image=f"visits/{visit.code}/{i}-web.jpg",
            uploaded_by=visit.created_by,
        )
        for i in range(n)
    )
    Finding.objects.bulk_create(Finding(visit=visit, description=f"Temuan {i}") for i in range(n))
    for item in ChecklistItem.objects.filter(section__template=visit.template)[:n]:
        Answer.objects.update_or_create(visit=visit, item=item, defaults={"value": "ya"})


# ---- Scope -----------------------------------------------------------------------------------


def test_a_metro_token_lists_the_visits_of_metro_and_none_of_medan(api_as, world):
    ours, theirs = world.ours["visit"], world.theirs["visit"]
    api = api_as("korkot")
    assert codes(api.get(LIST)) == [ours.code]
    assert api.get(detail(theirs.code)).status_code == 404
    assert api.get(detail(ours.code)).json()["city"] == METRO
    assert codes(api_as("korkot_other").get(LIST)) == [theirs.code]


def test_pusat_sees_both_cities_and_a_user_with_no_area_nothing(api_as, world):
    assert set(codes(api_as("pusat").get(LIST))) == {
        world.ours["visit"].code,
        world.theirs["visit"].code,
    }
    assert codes(api_as("unassigned").get(LIST)) == []


# ---- What a visit holds ----------------------------------------------------------------------


def test_the_detail_holds_answers_documents_attendance_findings_and_reviews(api_as, world):
    visit = world.ours["visit"]
    body = api_as("korkot").get(detail(visit.code)).json()
    answer = Answer.objects.get(visit=visit)
    assert body["answers"] == [
        {
            "section": answer.item.section.code,
            "item": answer.item.code,
            "label": answer.item.text_id,  # the user's language: Indonesian by default
            "value": "sebagian",
            "note": "Sebagian",
        }
    ]
    assert body["document_checks"] == [
        {"document": "buku_kas", "other_name": "", "status": "tidak_lengkap", "note": ""}
    ]
    assert body["attendance"] == {"total": 1, "men": 1, "women": 0, "disabled": 0, "women_share": 0}
    assert body["attendees"][0]["name"] == f"Budi {world.metro.name}"
    [finding] = body["findings"]
    assert finding["item"] == answer.item.code
    assert sorted(finding["rktl_items"]) == sorted(
        [world.ours["rktl"].code, world.ours["rktl_done"].code]
    )
    [review] = body["reviews"]
    assert (review["tier"], review["decision"], review["reason"]) == (
        "korkot",
        "kembalikan",
        "Lengkapi daftar hadir",
    )
    assert body["target_ksms"] == [{"code": world.ours["ksm"].code, "name": world.ours["ksm"].name}]
    assert body["status"] == "draft" and body["approved_at"] is None


def test_pemda_gets_the_totals_and_organisations_but_no_attendee_names(api_as, world):
    visit = world.ours["visit"]
    Attendee.objects.create(
        visit=visit, name="Ani", organisation="KSM Tenun", gender=Gender.FEMALE, has_disability=True
    )
    body = api_as("pemda").get(detail(visit.code)).json()
    assert body["attendance"] == {
        "total": 2,
        "men": 1,
        "women": 1,
        "disabled": 1,
        "women_share": 50,
    }
    assert body["attendees"] is None
    assert {"name": "KSM Tenun", "count": 1} in body["organisations"]
    assert "Ani" not in str(body) and "Budi" not in str(body)
    # The same rule in the list.
    [row] = api_as("pemda").get(LIST).json()["results"]
    assert row["attendees"] is None and row["attendance"]["total"] == 2


def test_attachments_link_to_the_api_file_view_not_to_the_storage(api_as, world):
    visit = world.ours["visit"]
    grow(visit, 1)
    [attachment] = api_as("korkot").get(detail(visit.code)).json()["attachments"]
    expected = reverse("api:file", args=[f"visits/{visit.code}/0.jpg"])
    assert attachment["url"] == f"http://testserver{expected}"
    assert attachment["kind"] == "foto"


def test_approved_at_is_the_kmw_approval(api_as, world):
    visit = world.ours["visit"]
    Review.objects.create(visit=visit, tier="kmw", decision="setuju", reviewer=world.users["kmw"])
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.APPROVED)
    body = api_as("kmw").get(detail(visit.code)).json()
    approval = Review.objects.get(visit=visit, tier="kmw").created_at
    assert datetime.datetime.fromisoformat(body["approved_at"]) == approval


def test_labels_follow_the_users_language(api_as, world):
    remember(world.users["korkot"], "en")
    body = api_as("korkot").get(detail(world.ours["visit"].code)).json()
    assert body["answers"][0]["label"] == Answer.objects.get(visit=world.ours["visit"]).item.text_en


# ---- Filters: the page's form ----------------------------------------------------------------


@pytest.fixture
def several(world):
    return [
        new_visit(world, title="FGD Agustus", kind=Visit.Kind.FGD),
        new_visit(
            world,
            title="Lokakarya September",
            kind=Visit.Kind.WORKSHOP,
            starts_on=datetime.date(2026, 9, 1),
            ends_on=datetime.date(2026, 9, 2),
            status=Visit.Status.SUBMITTED,
        ),
        new_visit(world, title="Dibatalkan", status=Visit.Status.CANCELLED),
        new_visit(world, city=world.medan, title="FGD Medan", kind=Visit.Kind.FGD),
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=diajukan",
        "status=dibatalkan",
        "kind=fgd",
        "date_from=2026-08-15",
        "date_to=2026-08-05",
        "kind=fgd&date_to=2026-12-31",
    ],
)
def test_the_filters_select_what_the_visit_list_page_shows(client, api_as, world, several, query):
    client.force_login(world.users["kmw"])
    page = client.get(f"/visits/?{query}")
    expected = {visit.code for visit in page.context["page"].object_list}
    assert set(every_code(api_as("kmw"), query)) == expected


def test_places_are_named_by_their_codes(api_as, world, several):
    api = api_as("pusat")
    assert set(every_code(api, f"city={MEDAN}")) == {
        world.theirs["visit"].code,
        several[3].code,
    }
    assert world.ours["visit"].code in every_code(api, "province=18")
    # A city outside the user's area is not a choice.
    response = api_as("korkot").get(f"{LIST}?city={MEDAN}")
    assert response.status_code == 400 and "city" in response.json()


def test_invalid_filters_are_a_400_with_each_fields_errors_in_the_users_language(api_as, world):
    remember(world.users["korkot"], "en")
    response = api_as("korkot").get(f"{LIST}?date_from=2026-09-01&date_to=2026-08-01&kind=x")
    assert response.status_code == 400
    errors = response.json()
    assert errors["date_to"] == ["The end date cannot be before the start date."]
    assert list(errors) == ["kind", "date_to"] or set(errors) == {"kind", "date_to"}
    assert response["Content-Language"] == "en"


def test_errors_are_in_indonesian_by_default(api_as, world):
    response = api_as("korkot").get(f"{LIST}?date_from=2026-09-01&date_to=2026-08-01")
    assert response.status_code == 400
    assert response["Content-Language"] == "id"
    assert response.json()["date_to"] != ["The end date cannot be before the start date."]


# ---- Paging and incremental sync -------------------------------------------------------------


def test_paging_stays_stable_while_visits_are_added(api_as, world):
    for n in range(4):
        new_visit(world, title=f"Kunjungan {n}")
    api = api_as("korkot")
    first = api.get(f"{LIST}?page_size=2").json()
    before = [row["code"] for row in first["results"]]
    # Added between two pages (and one planned earlier in the year: the order is not by date).
    added = new_visit(world, title="Baru", starts_on=datetime.date(2026, 1, 5))
    rest, url = [], first["next"]
    while url:
        page = api.get(url).json()
        rest += [row["code"] for row in page["results"]]
        url = page["next"]
    everything = before + rest
    assert len(everything) == len(set(everything)) == 6  # nothing twice, nothing skipped
    assert everything[-1] == added.code


def test_updated_since_returns_exactly_the_visit_whose_answer_changed(
    client, api_as, world, time_machine
):
    time_machine.move_to("2027-01-04 08:00 +0700")
    a, b = world.ours["visit"], new_visit(world)
    time_machine.move_to("2027-01-05 09:00 +0700")
    api = api_as("korkot")
    assert codes(api.get(f"{LIST}?updated_since=2027-01-05T08:00:00%2B07:00")) == []
    # The facilitator changes an answer of visit A on the fill-in page.
    client.force_login(world.users["fasilitator"])
    section = ChecklistSection.objects.get(template=a.template, code="A")
    item = section.items.first()
    response = client.post(
        reverse("monitoring:visit_section", args=[a.code, "checklist-A"]),
        {"clA-version": 0, f"clA-value_{item.pk}": "ya", f"clA-note_{item.pk}": "Sudah"},
    )
    assert response.status_code == 302
    assert codes(api.get(f"{LIST}?updated_since=2027-01-05T08:00:00%2B07:00")) == [a.code]
    assert codes(api.get(f"{LIST}?updated_since=2027-01-05T10:00:00%2B07:00")) == []
    assert b.code in codes(api.get(f"{LIST}?updated_since=2027-01-03T00:00:00%2B07:00"))


@pytest.mark.parametrize("change", ["attendees", "documents", "finding", "photo"])
def test_every_change_recorded_on_a_visit_moves_its_updated_at(client, world, time_machine, change):
    time_machine.move_to("2027-01-04 08:00 +0700", tick=False)
    visit = new_visit(world)
    time_machine.move_to("2027-01-05 09:00 +0700", tick=False)
    client.force_login(world.users["fasilitator"])
    if change == "attendees":
        data = attendee_post(rows=[{"name": "Ani", "gender": "P"}])
        response = client.post(section_url(visit, "attendees"), data)
    elif change == "documents":
        data = {
            "doc-TOTAL_FORMS": 1,
            "doc-INITIAL_FORMS": 0,
            "version": 0,
            "doc-0-document": "buku_kas",
            "doc-0-status": "lengkap",
        }
        response = client.post(section_url(visit, "documents"), data)
    elif change == "finding":
        url = reverse("monitoring:finding_add", args=[visit.code])
        response = client.post(url, {"description": "Kas belum dicatat"})
    else:
        url = reverse("monitoring:attachment_add", args=[visit.code])
        response = client.post(url, {"file": jpeg_upload()})
    assert response.status_code == 302, response.content
    assert "login" not in response["Location"]
    visit.refresh_from_db()
    assert visit.updated_at == datetime.datetime.fromisoformat("2027-01-05T09:00+07:00")


def test_a_cancelled_visit_is_in_the_changes_so_a_sync_learns_of_it(api_as, world, time_machine):
    time_machine.move_to("2027-01-05 09:00 +0700")
    visit = new_visit(world)
    visit.status = Visit.Status.CANCELLED
    visit.save()
    api = api_as("korkot")
    assert visit.code not in codes(api.get(LIST))
    changed = api.get(f"{LIST}?updated_since=2027-01-05T08:00:00%2B07:00").json()["results"]
    assert [(row["code"], row["status"]) for row in changed] == [(visit.code, "dibatalkan")]


def test_a_malformed_updated_since_is_a_400(api_as, world):
    response = api_as("korkot").get(f"{LIST}?updated_since=yesterday")
    assert response.status_code == 400 and "updated_since" in response.json()


# ---- Constant queries ------------------------------------------------------------------------


def count_queries(api, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_the_list_runs_as_many_queries_for_30_visits_as_for_3(
    api_as, world, django_assert_num_queries, time_machine
):
    time_machine.move_to("2027-01-05 09:00 +0700", tick=False)  # the token's "last used" once
    api = api_as("kmw")
    url = f"{LIST}?page_size=100&kind=kunjungan"
    for n in range(2):
        grow(new_visit(world, title=f"Kecil {n}"), 2)
    api.get(url)
    small = count_queries(api, url)
    for n in range(27):
        grow(new_visit(world, title=f"Besar {n}"), 3)
    with django_assert_num_queries(small):
        response = api.get(url)
    assert len(response.json()["results"]) == 30


def test_the_detail_runs_as_many_queries_for_a_large_visit_as_for_a_small_one(
    api_as, world, django_assert_num_queries, time_machine
):
    time_machine.move_to("2027-01-05 09:00 +0700", tick=False)
    api = api_as("korkot")
    visit = world.ours["visit"]
    api.get(detail(visit.code))
    small = count_queries(api, detail(visit.code))
    grow(visit, 30)
    with django_assert_num_queries(small):
        assert api.get(detail(visit.code)).status_code == 200


def test_a_token_downloads_an_attachment_of_its_area_and_not_of_another(api_as, world):
    visit = world.ours["visit"]
    attachment = Attachment(
        visit=visit, kind=Attachment.Kind.FILE, uploaded_by=visit.created_by, caption="Notulen"
    )
    attachment.file.save("notulen.pdf", ContentFile(b"%PDF-1.4 notulen"), save=True)
    [row] = api_as("pemda").get(detail(visit.code)).json()["attachments"]
    response = api_as("pemda").get(row["url"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 notulen"
    assert response["Content-Disposition"].startswith("attachment")
    assert api_as("korkot_other").get(row["url"]).status_code == 404
    assert api_as("korkot").get(reverse("api:file", args=["visits/../x"])).status_code == 404
