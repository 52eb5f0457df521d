import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import RktlItem, Visit

# The moment every test of this module runs at; the shared world is built at it too.
FROZEN_AT = "2026-11-22 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def needs(client, world, persona):
    client.force_login(world.users[persona])
    response = client.get("/")
    assert response.status_code == 200
    return response.context["needs"]


def test_a_korkot_sees_what_waits_for_review_and_verification(client, world):
    Visit.objects.filter(pk=world.ours["visit"].pk).update(status=Visit.Status.SUBMITTED)
    assert needs(client, world, "korkot") == {
        "visits_to_review": 1,
        "visits_returned": 0,
        "rktl_to_verify": 1,  # the world's item done and awaiting verification
        "rktl_overdue": 1,  # the open item due 30 September
        "rktl_overdue_counted_at": None,  # a city: counted live
    }


def test_a_facilitator_sees_visits_sent_back_to_them_and_nothing_to_verify(client, world):
    Visit.objects.filter(pk=world.ours["visit"].pk).update(status=Visit.Status.RETURNED)
    counts = needs(client, world, "fasilitator")
    assert counts["visits_returned"] == 1
    assert counts["rktl_to_verify"] == 0
    assert counts["visits_to_review"] == 0


def test_another_provinces_items_never_count(client, world):
    RktlItem.objects.filter(city=world.medan).update(status="selesai")
    Visit.objects.filter(city=world.medan).update(status=Visit.Status.SUBMITTED)
    counts = needs(client, world, "kmw")
    assert counts["rktl_to_verify"] == 1
    assert counts["visits_to_review"] == 0  # submitted visits wait for Korkot first


def test_a_user_without_assignment_is_told_so(client, world):
    client.force_login(world.users["unassigned"])
    response = client.get("/")
    assert response.status_code == 200
    assert 'data-testid="no-assignment"' in response.content.decode()


def test_the_home_page_is_constant_in_queries(client, world):
    client.force_login(world.users["pusat"])
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    finding = world.ours["rktl"].finding
    RktlItem.objects.bulk_create(
        RktlItem(
            finding=finding,
            city=world.metro,
            code=f"H{i:09d}",
            category="kapasitas",
            problem="p",
            action="a",
            pic_name="x",
            pic_tier="ksm",
            deadline="2026-01-01",
            original_deadline="2026-01-01",
            created_by=world.users["fasilitator"],
        )
        for i in range(200)
    )
    with CaptureQueriesContext(connection) as large:
        assert client.get("/").context["needs"]["rktl_overdue"] == 202  # and Medan's
    assert len(large.captured_queries) == len(small.captured_queries)
