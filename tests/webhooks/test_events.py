"""Which events are queued to which hooks: raised in the transaction of the change, only for
records of the hook's city (every city for a national hook), only the events it asked for."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from kotaku.models import Assignment, Role
from ksm.models import Ksm
from monitoring.models import Review, RktlItem, Visit
from monitoring.notify import remind
from monitoring.rktl_services import rktl_verify
from monitoring.services import visit_review
from tests.ksm.sheets import xlsx
from tests.ksm.test_ksm_import import KSM_HEADER
from tests.webhooks.conftest import make_hook
from webhooks.delivery import send_due
from webhooks.events import emit
from webhooks.models import Delivery, Event

FROZEN_AT = "2026-09-01 09:00 +0700"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)
    return time_machine


@pytest.fixture
def hooks(world):
    """Our Korkot's hook (Metro), the other Korkot's (Medan), and a national one (Pusat)."""
    return {
        "metro": make_hook(world.users["korkot"], world.metro, "https://metro.example.org/"),
        "medan": make_hook(world.users["korkot_other"], world.medan, "https://medan.example.org/"),
        "national": make_hook(world.users["pusat"], None, "https://pusat.example.org/"),
    }


def queued(event=None) -> dict[str, list]:
    """The data queued per hook address."""
    rows = Delivery.objects.select_related("hook").order_by("pk")
    if event:
        rows = rows.filter(event=event)
    found: dict[str, list] = {}
    for d in rows:
        found.setdefault(d.hook.url, []).append(d.payload["data"])
    return found


def waiting_for_kmw(visit: Visit) -> Visit:
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.KORKOT_APPROVED)
    visit.refresh_from_db()
    return visit


def approve(world, visit: Visit) -> None:
    """The KMW approves: the last review, after which the visit is approved."""
    waiting_for_kmw(visit)
    visit_review(visit=visit, user=world.users["kmw"], decision=Review.Decision.APPROVE, comment="")


def test_an_approved_visit_goes_to_its_city_and_national_hooks_only(world, hooks, settings):
    visit = world.ours["visit"]
    approve(world, visit)
    data = {
        "code": visit.code,
        "city": "1872",
        "title": visit.title,
        "starts_on": "2026-07-21",
        "ends_on": "2026-07-23",
        "status": "disetujui",
        "approved_at": "2026-09-01T02:00:00+00:00",
        "api_url": f"{settings.SITE_URL}/api/v1/visits/{visit.code}/",
    }
    assert queued() == {"https://metro.example.org/": [data], "https://pusat.example.org/": [data]}
    body = Delivery.objects.first().payload
    assert body["event"] == "visit.approved"
    assert body["id"] == str(Delivery.objects.first().event_id)


def test_a_visit_approved_by_the_korkot_only_is_not_yet_an_event(world, hooks):
    visit = world.ours["visit"]
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    visit.refresh_from_db()
    visit_review(
        visit=visit, user=world.users["korkot"], decision=Review.Decision.APPROVE, comment=""
    )
    assert queued() == {}


def test_a_rolled_back_change_queues_nothing_and_sends_nothing(
    world, hooks, django_capture_on_commit_callbacks
):
    class Refused(Exception):
        pass

    visit = waiting_for_kmw(world.ours["visit"])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Refused),
        transaction.atomic(),
    ):
        visit_review(
            visit=visit, user=world.users["kmw"], decision=Review.Decision.APPROVE, comment=""
        )
        assert Delivery.objects.count() == 2
        raise Refused
    assert Delivery.objects.count() == 0
    assert callbacks == []
    visit.refresh_from_db()
    assert visit.status == Visit.Status.KORKOT_APPROVED


def test_a_verified_rktl_action_is_an_event_of_its_city(world, hooks, settings):
    item = world.ours["rktl_done"]
    rktl_verify(item=item, user=world.users["korkot"], approve=True, note="")
    data = {
        "code": item.code,
        "city": "1872",
        "status": "terverifikasi",
        "deadline": "2026-10-31",
        "verified_at": "2026-09-01T02:00:00+00:00",
        "api_url": f"{settings.SITE_URL}/api/v1/rktl/{item.code}/",
    }
    assert queued() == {"https://metro.example.org/": [data], "https://pusat.example.org/": [data]}


def test_a_rejected_rktl_action_is_no_event(world, hooks):
    rktl_verify(item=world.ours["rktl_done"], user=world.users["korkot"], approve=False, note="x")
    assert queued() == {}


def test_a_hook_gets_only_the_events_it_asked_for(world):
    make_hook(world.users["korkot"], world.metro, "https://a.example.org/", [Event.RKTL_VERIFIED])
    approve(world, world.ours["visit"])
    assert queued() == {}
    rktl_verify(item=world.ours["rktl_done"], user=world.users["korkot"], approve=True, note="")
    assert list(queued()) == ["https://a.example.org/"]


def test_a_switched_off_hook_or_one_whose_owner_left_the_city_gets_nothing(world, hooks):
    hooks["national"].is_active = False
    hooks["national"].save()
    Assignment.objects.filter(user=world.users["korkot"], role=Role.KORKOT).delete()
    approve(world, world.ours["visit"])
    assert queued() == {}


def test_an_overdue_action_is_told_once_per_stage(world, hooks, clock, settings):
    item = world.ours["rktl"]  # open, deadline 30 September 2026
    other = world.theirs["rktl"]
    days = datetime.timedelta
    for day in (days(0), days(1), days(1), days(2), days(13), days(14), days(29), days(30)):
        remind(item.deadline + day)
    stages = [
        (d["days_overdue"], d["stage"])
        for d in queued(Event.RKTL_OVERDUE)["https://metro.example.org/"]
        if d["code"] == item.code
    ]
    assert stages == [(1, 1), (14, 14), (30, 30)]
    medan = queued(Event.RKTL_OVERDUE)["https://medan.example.org/"]
    assert {d["code"] for d in medan} == {other.code}
    assert medan[0] == {
        "code": other.code,
        "city": "1275",
        "deadline": "2026-09-30",
        "days_overdue": 1,
        "stage": 1,
        "api_url": f"{settings.SITE_URL}/api/v1/rktl/{other.code}/",
    }
    # A new deadline is a new run of stages.
    RktlItem.objects.filter(pk=item.pk).update(deadline=datetime.date(2026, 11, 30))
    remind(datetime.date(2026, 12, 1))
    metro = queued(Event.RKTL_OVERDUE)["https://metro.example.org/"]
    assert [d["deadline"] for d in metro if d["code"] == item.code][-1] == "2026-11-30"


def test_an_action_first_seen_long_overdue_is_told_of_its_last_stage(world, hooks):
    item = world.ours["rktl"]
    remind(item.deadline + datetime.timedelta(days=40))
    (data,) = [d for d in queued()["https://metro.example.org/"] if d["code"] == item.code]
    assert (data["days_overdue"], data["stage"]) == (40, 30)


def test_a_ksm_stage_change_on_its_edit_page_is_an_event(client, world, hooks):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    url = reverse("ksm:ksm_edit", args=[ksm.code])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["ppmk_stage"] = 2
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    expected = {"code": ksm.code, "city": "1872", "from": 1, "to": 2}
    assert queued() == {
        "https://metro.example.org/": [expected],
        "https://pusat.example.org/": [expected],
    }
    # Saved again without a change: nothing more.
    client.post(url, data)
    assert Delivery.objects.count() == 2


def test_every_save_of_a_ksm_tells_a_stage_change_once(world, hooks):
    ksm = Ksm.objects.get(pk=world.ours["ksm"].pk)
    ksm.name = "KSM Tenun Baru"
    ksm.save()
    assert queued() == {}
    ksm.ppmk_stage = Ksm.PpmkStage.III
    ksm.save()
    ksm.save()
    # Saving the stage alone (update_fields) tells it too.
    ksm.ppmk_stage = Ksm.PpmkStage.II
    ksm.save(update_fields=["ppmk_stage"])
    data = [(d["from"], d["to"]) for d in queued()["https://metro.example.org/"]]
    assert data == [(1, 3), (3, 2)]
    # Read again after someone else's change: that change is theirs, not this save's.
    Ksm.objects.filter(pk=ksm.pk).update(ppmk_stage=Ksm.PpmkStage.I)
    ksm.refresh_from_db()
    ksm.save()
    assert len(queued()["https://metro.example.org/"]) == 2


def test_a_new_ksm_is_no_stage_change(world, hooks):
    ksm = world.ours["ksm"]
    Ksm.objects.create(name="KSM Baru", kelurahan=ksm.kelurahan, ppmk_stage=2)
    assert queued() == {}


def test_a_delivery_goes_only_where_its_hook_points(world, hooks, receiver):
    """The end of the chain: Medan's event reaches the Medan receiver, not Metro's."""
    metro = make_hook(world.users["korkot"], world.metro, f"{receiver.url}/metro")
    emit(event=Event.VISIT_APPROVED, city=world.medan, data={"code": "M1"})
    send_due()
    assert receiver.posts == []
    assert not metro.deliveries.exists()


def test_a_ksm_stage_changed_by_an_import_is_an_event_once_confirmed(client, world, hooks):
    ksm = world.ours["ksm"]
    row = [ksm.code, "1872", ksm.kelurahan.kecamatan.name, ksm.kelurahan.name, ksm.name,
           "Ekonomi", "III", "Tunas", "", "Tidak", ""]  # fmt: skip
    client.force_login(world.users["fasilitator"])
    response = client.post(reverse("ksm:ksm_import"), {"file": xlsx({"KSM": [KSM_HEADER, row]})})
    assert not response.context["report"].has_errors
    assert queued() == {}  # the dry run is rolled back, its events with it
    response = client.post(reverse("ksm:ksm_import"), {"confirm": response.context["token"]})
    assert response.status_code == 302
    expected = {"code": ksm.code, "city": "1872", "from": 1, "to": 3}
    assert queued() == {
        "https://metro.example.org/": [expected],
        "https://pusat.example.org/": [expected],
    }


def test_a_ksm_stage_changed_in_the_admin_is_an_event(admin_client, world, hooks):
    ksm = Ksm.objects.create(name="KSM Admin", kelurahan=world.ours["ksm"].kelurahan)
    data = {
        "name": ksm.name,
        "kelurahan": ksm.kelurahan_id,
        "type": Ksm.Type.EKONOMI,
        "ppmk_stage": Ksm.PpmkStage.II,
        "maturity": Ksm.Maturity.TUNAS,
        **{
            f"{prefix}-{field}": 0
            for prefix in ("members", "products", "assessments")
            for field in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = admin_client.post(reverse("admin:ksm_ksm_change", args=[ksm.pk]), data)
    assert response.status_code == 302
    expected = {"code": ksm.code, "city": "1872", "from": 1, "to": 2}
    assert queued()["https://metro.example.org/"] == [expected]
