"""/api/v1/rktl-items/: the RKTL items of the token's area, with their history."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotaku.language import remember
from kotaku.lib.codes import new_code
from monitoring import rktl_services
from monitoring.models import DeadlineRequest, Evidence, RktlItem, RktlUpdate
from tests.world import MEDAN, METRO

LIST = "/api/v1/rktl-items/"


def detail(code: str) -> str:
    return f"{LIST}{code}/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def every_code(api, query: str = "") -> list[str]:
    found, url = [], f"{LIST}?page_size=3&{query}"
    while url:
        response = api.get(url)
        found += codes(response)
        url = response.json()["next"]
    return found


def add_items(world, n, city="metro", **fields) -> list[RktlItem]:
    ours = world.ours if city == "metro" else world.theirs
    finding = ours["rktl"].finding
    base = {
        "category": "kapasitas",
        "problem": "p",
        "action": "a",
        "pic_name": "x",
        "pic_tier": "pengelola",
        "deadline": datetime.date(2027, 3, 31),
        "original_deadline": datetime.date(2027, 3, 31),
        "created_by": ours["visit"].created_by,
    } | fields
    return RktlItem.objects.bulk_create(
        RktlItem(finding=finding, city=finding.visit.city, code=new_code(), **base)
        for _ in range(n)
    )


# ---- Scope and content -----------------------------------------------------------------------


def test_a_metro_token_lists_the_items_of_metro_and_none_of_medan(api_as, world):
    ours = {world.ours["rktl"].code, world.ours["rktl_done"].code}
    api = api_as("korkot")
    assert set(codes(api.get(LIST))) == ours
    assert api.get(detail(world.theirs["rktl"].code)).status_code == 404
    body = api.get(detail(world.ours["rktl"].code)).json()
    assert (body["city"], body["visit"]) == (METRO, world.ours["visit"].code)
    assert set(codes(api_as("pemda_other").get(LIST))) == {
        world.theirs["rktl"].code,
        world.theirs["rktl_done"].code,
    }


def test_the_detail_holds_the_updates_with_evidence_and_the_deadline_requests(api_as, world):
    item = world.ours["rktl"]
    update = RktlUpdate.objects.get(item=item)
    Evidence.objects.create(
        update=update, file=ContentFile(b"%PDF-1.4", name="bukti.pdf"), caption="Buku kas"
    )
    DeadlineRequest.objects.create(
        item=item,
        requested_by=world.users["fasilitator"],
        current_deadline=item.deadline,
        proposed_deadline=datetime.date(2027, 1, 31),
        reason="Bendahara sakit",
    )
    body = api_as("kmw").get(detail(item.code)).json()
    [entry] = body["updates"]
    assert (entry["kind"], entry["note"], entry["status_after"], entry["by"]) == (
        "progres",
        "Mulai dikerjakan",
        "proses",
        "Fasilitator",
    )
    [evidence] = entry["evidence"]
    stored = Evidence.objects.get(update=update).file.name
    assert evidence["url"] == "http://testserver" + reverse("api:file", args=[stored])
    assert evidence["caption"] == "Buku kas"
    [asked] = body["deadline_requests"]
    assert (asked["proposed_deadline"], asked["decision"], asked["requested_by"]) == (
        "2027-01-31",
        "menunggu",
        "Fasilitator",
    )
    assert body["concern"] == "ksm" and body["concern_ksm"] == world.ours["ksm"].code


def test_open_and_overdue_are_the_models_definition(api_as, world, time_machine):
    time_machine.move_to("2026-12-15 09:00 +0700", tick=False)
    late = add_items(world, 1, deadline=datetime.date(2026, 12, 14))[0]
    on_time = add_items(world, 1, deadline=datetime.date(2026, 12, 15))[0]
    done_late = add_items(world, 1, deadline=datetime.date(2026, 12, 1), status="selesai")[0]
    rows = {
        row["code"]: row for row in api_as("korkot").get(f"{LIST}?page_size=50").json()["results"]
    }
    overdue = set(RktlItem.objects.overdue().values_list("code", flat=True))
    opened = set(RktlItem.objects.open().values_list("code", flat=True))
    for code, row in rows.items():
        assert row["is_overdue"] == (code in overdue)
        assert row["is_open"] == (code in opened)
    assert rows[late.code]["is_overdue"] and not rows[on_time.code]["is_overdue"]
    assert not rows[done_late.code]["is_overdue"] and not rows[done_late.code]["is_open"]


# ---- Filters: the page's form ----------------------------------------------------------------


@pytest.fixture
def several(world):
    return [
        *add_items(world, 2, category="transparansi", pic_tier="komite"),
        *add_items(world, 2, status="proses", deadline=datetime.date(2026, 10, 1)),
        *add_items(world, 1, status="terverifikasi"),
        *add_items(world, 2, city="medan"),
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=proses",
        "category=transparansi",
        "tier=komite",
        "overdue=on",
        "deadline_from=2026-11-01&deadline_to=2027-12-31",
        "status=belum&category=kapasitas",
    ],
)
def test_the_filters_select_what_the_rktl_list_page_shows(
    client, api_as, world, several, query, time_machine
):
    time_machine.move_to("2026-12-15 09:00 +0700", tick=False)
    client.force_login(world.users["kmw"])
    page = client.get(f"/rktl/?{query}")
    expected = {item.code for item in page.context["page"].object_list}
    assert set(every_code(api_as("kmw"), query)) == expected


def test_places_are_named_by_their_codes(api_as, world, several):
    api = api_as("pusat")
    medan = set(RktlItem.objects.filter(city__code=MEDAN).values_list("code", flat=True))
    assert set(every_code(api, f"city={MEDAN}")) == medan
    assert set(every_code(api, "province=12")) == medan


def test_invalid_filters_are_a_400_in_the_users_language(api_as, world):
    remember(world.users["korkot"], "en")
    response = api_as("korkot").get(f"{LIST}?province=12&city={METRO}&status=nope")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"province", "status"}  # Sumatera Utara is not the korkot's
    response = api_as("kmw").get(f"{LIST}?deadline_from=2027-02-01&deadline_to=2027-01-01")
    assert response.status_code == 400 and "deadline_to" in response.json()


# ---- Paging and incremental sync -------------------------------------------------------------


def test_paging_stays_stable_while_items_are_added(api_as, world):
    add_items(world, 4)
    api = api_as("korkot")
    first = api.get(f"{LIST}?page_size=3").json()
    seen = [row["code"] for row in first["results"]]
    # An item with the earliest deadline of all: it would shift a list sorted by deadline.
    [added] = add_items(world, 1, deadline=datetime.date(2026, 1, 1))
    url = first["next"]
    while url:
        page = api.get(url).json()
        seen += [row["code"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 7
    assert seen[-1] == added.code


def test_updated_since_returns_exactly_the_items_changed(api_as, world, time_machine):
    time_machine.move_to("2027-01-04 08:00 +0700", tick=False)
    a, b = add_items(world, 2)
    RktlItem.objects.filter(pk__in=[a.pk, b.pk]).update(
        updated_at=datetime.datetime.now(datetime.UTC)
    )
    time_machine.move_to("2027-01-05 09:00 +0700", tick=False)
    since = f"{LIST}?updated_since=2027-01-05T08:00:00%2B07:00"
    api = api_as("korkot")
    assert codes(api.get(since)) == []
    rktl_services.rktl_report_progress(
        item=a, user=world.users["fasilitator"], status="proses", note="Mulai"
    )
    assert codes(api.get(since)) == [a.code]
    # A deadline request is on the item's record too.
    rktl_services.rktl_deadline_request(
        item=b,
        user=world.users["fasilitator"],
        deadline=datetime.date(2027, 6, 30),
        reason="Menunggu dana",
    )
    assert codes(api.get(since)) == [a.code, b.code]
    assert codes(api.get(f"{LIST}?updated_since=2027-01-05T10:00:00%2B07:00")) == []


def test_a_deadline_decision_moves_the_items_updated_at(world, time_machine):
    time_machine.move_to("2027-01-05 09:00 +0700", tick=False)
    [item] = add_items(world, 1)
    request = rktl_services.rktl_deadline_request(
        item=item, user=world.users["fasilitator"], deadline=datetime.date(2027, 6, 30), reason="x"
    )
    time_machine.move_to("2027-01-06 09:00 +0700", tick=False)
    rktl_services.rktl_deadline_decide(
        request=request, user=world.users["korkot"], approve=False, note="Tidak"
    )
    item.refresh_from_db()
    assert item.updated_at == datetime.datetime.fromisoformat("2027-01-06T09:00+07:00")


# ---- Constant queries ------------------------------------------------------------------------


def count_queries(api, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_the_list_runs_as_many_queries_for_30_items_as_for_3(
    api_as, world, django_assert_num_queries, time_machine
):
    time_machine.move_to("2027-01-05 09:00 +0700", tick=False)
    api = api_as("kmw")
    url = f"{LIST}?page_size=100&category=pemanfaatan_blm"
    add_items(world, 3, category="pemanfaatan_blm")
    api.get(url)
    small = count_queries(api, url)
    add_items(
        world,
        27,
        category="pemanfaatan_blm",
        concern="outlet",
        concern_ksm=None,
        concern_outlet=world.ours["outlet"],
    )
    with django_assert_num_queries(small):
        response = api.get(url)
    assert len(response.json()["results"]) == 30


def test_the_detail_runs_as_many_queries_for_a_long_history(
    api_as, world, django_assert_num_queries, time_machine
):
    time_machine.move_to("2027-01-05 09:00 +0700", tick=False)
    item = world.ours["rktl"]
    api = api_as("korkot")
    api.get(detail(item.code))
    small = count_queries(api, detail(item.code))
    for n in range(10):
        update = RktlUpdate.objects.create(
            item=item,
            kind="progres",
            note=f"Langkah {n}",
            status_before="proses",
            status_after="proses",
            author=world.users["fasilitator"],
        )
        Evidence.objects.create(update=update, file=f"rktl/{item.code}/{n}.pdf")
    DeadlineRequest.objects.create(
        item=item,
        requested_by=world.users["fasilitator"],
        current_deadline=item.deadline,
        proposed_deadline=datetime.date(2027, 1, 31),
        reason="x",
        decision="ditolak",
        decided_by=world.users["korkot"],
        decided_at=datetime.datetime.now(datetime.UTC),
        note="Tidak",
    )
    with django_assert_num_queries(small):
        assert len(api.get(detail(item.code)).json()["updates"]) == 11
