"""POST /api/v1/rktl-items/<code>/progress/: the page's progress report, from another system."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from PIL import Image

from kotaku.language import remember
from monitoring.models import Evidence, RktlItem, RktlUpdate


def url(item: RktlItem) -> str:
    return f"/api/v1/rktl-items/{item.code}/progress/"


def photo(name: str = "bukti.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def item(world) -> RktlItem:
    return world.ours["rktl"]  # open ("belum"), with one progress report already


def report(**fields) -> dict:
    return {"status": "proses", "note": "Buku kas dimutakhirkan"} | fields


def test_a_facilitator_reports_progress_with_evidence(api_as, world, item):
    response = api_as("fasilitator").post(url(item), report(status="selesai", evidence=[photo()]))
    assert response.status_code == 201, response.content
    item.refresh_from_db()
    assert item.status == "selesai"
    update = RktlUpdate.objects.filter(item=item).latest("id")
    assert (update.kind, update.status_before, update.status_after, update.author) == (
        "progres",
        "belum",
        "selesai",
        world.users["fasilitator"],
    )
    assert update.note == "Buku kas dimutakhirkan"
    [evidence] = Evidence.objects.filter(update=update)
    assert evidence.original_name == "bukti.jpg"
    # The audit trail names the token's user.
    assert item.history.latest("history_id").history_user == world.users["fasilitator"]
    body = response.json()
    assert body["status"] == "selesai" and body["updates"][-1]["evidence"][0]["url"]
    assert response["Location"].endswith(f"/api/v1/rktl-items/{item.code}/")


def test_cannot_be_done_needs_a_reason_as_on_the_page(api_as, world, item):
    remember(world.users["fasilitator"], "en")
    api = api_as("fasilitator")
    response = api.post(url(item), report(status="tidak_dapat"))
    assert response.status_code == 400
    assert response.json() == {"reason": ["Say why the action cannot be followed up."]}
    response = api.post(url(item), report(status="tidak_dapat", reason="Dana tidak ada"))
    assert response.status_code == 201
    item.refresh_from_db()
    assert (item.status, item.cannot_reason) == ("tidak_dapat", "Dana tidak ada")


def test_field_errors_are_a_400_in_the_users_language(api_as, world, item):
    remember(world.users["fasilitator"], "en")
    response = api_as("fasilitator").post(url(item), {"status": "terverifikasi"})
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"status", "note"}
    assert errors["note"] == ["This field is required."]
    assert response["Content-Language"] == "en"
    assert RktlUpdate.objects.filter(item=item).count() == 1


def test_errors_are_in_indonesian_by_default(api_as, item):
    response = api_as("fasilitator").post(url(item), {"status": "proses"})
    assert response.status_code == 400
    assert response["Content-Language"] == "id"
    assert response.json()["note"] != ["This field is required."]


def test_evidence_is_checked_as_on_the_page(api_as, world, item):
    remember(world.users["fasilitator"], "en")
    script = SimpleUploadedFile("bukti.jpg", b"#!/bin/sh\necho hi\n", content_type="image/jpeg")
    response = api_as("fasilitator").post(url(item), report(evidence=[script]))
    assert response.status_code == 400
    assert "cannot be attached" in response.json()["evidence"][0]
    assert not Evidence.objects.filter(update__item=item).exists()


def test_a_refusal_under_the_lock_is_a_409_with_the_services_message(api_as, world, item):
    """The item was marked done by someone else between the check and the write."""
    remember(world.users["fasilitator"], "en")

    def done_meanwhile(execute, sql, params, many, context):
        locking = sql.startswith("SELECT") and '"monitoring_rktlitem"."id" =' in sql
        if locking and not context.get("done"):
            context["done"] = True
            RktlItem.objects.filter(pk=item.pk).update(status="selesai")
        return execute(sql, params, many, context)

    api = api_as("fasilitator")
    with connection.execute_wrapper(done_meanwhile):
        response = api.post(url(item), report())
    assert response.status_code == 409
    assert response.json() == {"detail": "Progress cannot be reported on this item now."}
    assert RktlUpdate.objects.filter(item=item).count() == 1


@pytest.mark.parametrize(("persona", "status"), [("korkot", 403), ("pemda", 403), ("kmw", 403)])
def test_readers_of_the_city_are_refused(api_as, item, persona, status):
    assert api_as(persona).post(url(item), report()).status_code == status
    assert RktlUpdate.objects.filter(item=item).count() == 1


def test_an_outsider_finds_nothing(api_as, item):
    assert api_as("fasilitator_other").post(url(item), report()).status_code == 404


def test_a_read_only_token_may_not_report(api_as, item):
    response = api_as("fasilitator", read_only=True).post(url(item), report())
    assert response.status_code == 403
    assert RktlUpdate.objects.filter(item=item).count() == 1


def test_without_a_token_it_is_401(client, item):
    assert client.post(url(item), report()).status_code == 401


def test_a_done_item_is_refused_as_on_the_page(api_as, world):
    assert api_as("fasilitator").post(url(world.ours["rktl_done"]), report()).status_code == 403


def test_get_is_not_allowed(api_as, item):
    assert api_as("fasilitator").get(url(item)).status_code == 405


# ---- Sent again from a device: applied once --------------------------------------------------


def test_a_resend_with_the_same_client_request_id_is_applied_once(api_as, world, item):
    api = api_as("fasilitator")
    key = str(uuid.uuid4())
    first = api.post(url(item), report(evidence=[photo()]), headers={"X-Client-Request-Id": key})
    again = api.post(url(item), report(evidence=[photo()]), headers={"X-Client-Request-Id": key})
    assert first.status_code == again.status_code == 201
    assert again["X-Client-Request-Replayed"] == "1"
    assert again["Location"] == first["Location"]
    assert RktlUpdate.objects.filter(item=item).count() == 2  # the world's one, and this
    assert Evidence.objects.filter(update__item=item).count() == 1


def test_a_refused_report_keeps_no_id_so_the_corrected_resend_is_applied(api_as, item):
    api = api_as("fasilitator")
    key = str(uuid.uuid4())
    headers = {"X-Client-Request-Id": key}
    assert api.post(url(item), {"status": "proses"}, headers=headers).status_code == 400
    assert api.post(url(item), report(), headers=headers).status_code == 201
    assert RktlUpdate.objects.filter(item=item).count() == 2


def test_another_users_id_is_refused(api_as, world, item):
    key = str(uuid.uuid4())
    headers = {"X-Client-Request-Id": key}
    assert api_as("fasilitator").post(url(item), report(), headers=headers).status_code == 201
    response = api_as("pusat").post(url(item), report(), headers=headers)
    assert response.status_code == 409
    assert RktlUpdate.objects.filter(item=item).count() == 2


def test_a_malformed_client_request_id_is_a_400(api_as, item):
    response = api_as("fasilitator").post(
        url(item), report(), headers={"X-Client-Request-Id": "not-a-uuid"}
    )
    assert response.status_code == 400
    assert RktlUpdate.objects.filter(item=item).count() == 1


def test_a_signed_in_browser_session_must_send_the_csrf_token(world, item):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["fasilitator"])
    response = browser.post(url(item), report())
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert RktlUpdate.objects.filter(item=item).count() == 1


# ---- Verification -----------------------------------------------------------------------------


def verify_url(item: RktlItem) -> str:
    return f"/api/v1/rktl-items/{item.code}/verify/"


def test_the_korkot_verifies_an_item_reported_done(api_as, world):
    done = world.ours["rktl_done"]
    response = api_as("korkot").post(verify_url(done), {"decision": "verify"})
    assert response.status_code == 200, response.content
    done.refresh_from_db()
    assert done.status == "terverifikasi"
    update = RktlUpdate.objects.filter(item=done).latest("id")
    assert (update.kind, update.author) == ("verifikasi", world.users["korkot"])
    assert response.json()["status"] == "terverifikasi"


def test_sending_back_needs_a_note_in_the_users_language(api_as, world):
    remember(world.users["kmw"], "en")
    done = world.ours["rktl_done"]
    api = api_as("kmw")
    response = api.post(verify_url(done), {"decision": "reject"})
    assert response.status_code == 400
    assert response.json() == {"note": ["Say why the action is not accepted as done."]}
    response = api.post(verify_url(done), {"decision": "reject", "note": "Belum ada bukti"})
    assert response.status_code == 200
    done.refresh_from_db()
    assert done.status == "proses"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("fasilitator", 403), ("pemda", 403), ("korkot_other", 404), ("kmw_other", 404)],
)
def test_only_the_citys_korkot_kmw_and_pusat_verify(api_as, world, persona, status):
    done = world.ours["rktl_done"]
    assert api_as(persona).post(verify_url(done), {"decision": "verify"}).status_code == status
    done.refresh_from_db()
    assert done.status == "selesai"


def test_an_item_not_waiting_for_verification_is_refused(api_as, item):
    assert api_as("korkot").post(verify_url(item), {"decision": "verify"}).status_code == 403


def test_a_read_only_token_may_not_verify(api_as, world):
    done = world.ours["rktl_done"]
    response = api_as("korkot", read_only=True).post(verify_url(done), {"decision": "verify"})
    assert response.status_code == 403
