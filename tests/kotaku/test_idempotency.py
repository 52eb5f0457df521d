"""A change sent again with the same device-made id is applied once (kotaku.idempotency)."""

import uuid

from kotaku.models import ClientRequest
from monitoring.models import Attendee, Visit

PLAN = "/visits/new/"


def _plan(world, **overrides):
    data = {
        "city": world.metro.pk,
        "kind": Visit.Kind.FIELD_VISIT,
        "title": "Monev dari kotak keluar",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "methods": [Visit.Method.OBSERVATION],
    }
    return data | overrides


def _send(client, path, data, key, **headers):
    return client.post(path, data, headers={"X-Client-Request-Id": str(key), **headers})


def test_a_resend_after_a_lost_answer_gets_the_first_answer_and_makes_no_second_visit(
    client, world
):
    client.force_login(world.users["fasilitator"])
    key = uuid.uuid4()
    first = _send(client, PLAN, _plan(world), key)
    again = _send(client, PLAN, _plan(world), key)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert again["X-Client-Request-Replayed"] == "1"
    assert Visit.objects.filter(title="Monev dari kotak keluar").count() == 1
    record = ClientRequest.objects.get(pk=key)
    assert (record.user, record.path, record.status) == (world.users["fasilitator"], PLAN, 302)


def test_two_changes_with_their_own_ids_are_both_applied(client, world):
    client.force_login(world.users["fasilitator"])
    _send(client, PLAN, _plan(world), uuid.uuid4())
    _send(client, PLAN, _plan(world), uuid.uuid4())
    assert Visit.objects.filter(title="Monev dari kotak keluar").count() == 2


def test_a_refused_change_keeps_no_id_so_the_corrected_resend_is_applied(client, world):
    client.force_login(world.users["fasilitator"])
    key = uuid.uuid4()
    refused = _send(client, PLAN, _plan(world, title=""), key)
    assert refused.status_code == 422
    assert not ClientRequest.objects.filter(pk=key).exists()
    corrected = _send(client, PLAN, _plan(world), key)
    assert corrected.status_code == 302
    assert Visit.objects.filter(title="Monev dari kotak keluar").count() == 1


def test_a_section_answered_not_saved_is_not_kept_either(client, world):
    """htmx section answers are 200 with `X-Section-Saved: 0` when refused."""
    client.force_login(world.users["fasilitator"])
    visit = world.ours["visit"]
    key = uuid.uuid4()
    data = {"att-TOTAL_FORMS": "1", "att-INITIAL_FORMS": "0", "att-0-name": "Tanpa jenis kelamin"}
    response = _send(
        client, f"/visits/{visit.code}/edit/attendees/", data, key, **{"HX-Request": "true"}
    )
    assert response["X-Section-Saved"] == "0"
    assert not ClientRequest.objects.filter(pk=key).exists()
    assert not Attendee.objects.filter(name="Tanpa jenis kelamin").exists()


def test_another_users_id_is_refused_and_nothing_is_applied(client, world):
    key = uuid.uuid4()
    client.force_login(world.users["fasilitator"])
    _send(client, PLAN, _plan(world), key)
    client.force_login(world.users["pusat"])
    response = _send(client, PLAN, _plan(world, title="Dari orang lain"), key)
    assert response.status_code == 409
    assert not Visit.objects.filter(title="Dari orang lain").exists()


def test_an_id_that_is_not_a_uuid_is_a_bad_request(client, world):
    client.force_login(world.users["fasilitator"])
    response = _send(client, PLAN, _plan(world), "not-a-uuid")
    assert response.status_code == 400
    assert not Visit.objects.filter(title="Monev dari kotak keluar").exists()


def test_without_an_id_nothing_is_recorded(client, world):
    client.force_login(world.users["fasilitator"])
    before = ClientRequest.objects.count()
    client.post(PLAN, _plan(world))
    assert ClientRequest.objects.count() == before
    assert Visit.objects.filter(title="Monev dari kotak keluar").count() == 1


def test_a_signed_out_resend_goes_to_sign_in_and_records_nothing(client, world):
    key = uuid.uuid4()
    response = _send(client, PLAN, _plan(world), key)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ClientRequest.objects.filter(pk=key).exists()


def test_old_ids_are_purged_and_recent_ones_kept(world, time_machine):
    import datetime
    import io

    import pytest
    from django.core.management import call_command
    from django.utils import timezone

    time_machine.move_to("2026-01-01 10:00 +0700")
    old = ClientRequest.objects.create(key=uuid.uuid4(), user=world.users["fasilitator"], path="/")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=200))
    recent = ClientRequest.objects.create(
        key=uuid.uuid4(), user=world.users["fasilitator"], path="/"
    )
    call_command("purge_client_requests", stdout=io.StringIO())
    assert not ClientRequest.objects.filter(pk=old.pk).exists()
    assert ClientRequest.objects.filter(pk=recent.pk).exists()
    with pytest.raises(ValueError):
        call_command("purge_client_requests", days=7, stdout=io.StringIO())


def test_an_outbox_send_after_the_session_ended_is_told_401_not_redirected(client, world):
    response = client.post(PLAN, _plan(world), headers={"X-Kotaku-Outbox": "1"})
    assert response.status_code == 401
    assert not Visit.objects.filter(title="Monev dari kotak keluar").exists()
