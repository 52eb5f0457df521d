"""A KSM's and a BDC's updated_at move when a row that belongs to them changes, whatever path
changed it (kotaku.lib.touch): the API's incremental sync depends on it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bdc.imports import PeopleImport
from bdc.models import Bdc
from kotaku.lib.choices import Gender
from kotaku.lib.touch import touch
from ksm.imports import KsmImport
from ksm.models import Ksm, Member

THEN = datetime.datetime(2027, 1, 1, 8, tzinfo=datetime.UTC)
NOW = datetime.datetime(2027, 1, 2, 8, tzinfo=datetime.UTC)


@pytest.fixture
def settled(world):
    """Our KSM and BDC, last changed at THEN."""
    Ksm.objects.update(updated_at=THEN)
    Bdc.objects.update(updated_at=THEN)
    return world


def updated(record) -> datetime.datetime:
    record.refresh_from_db(fields=["updated_at"])
    return record.updated_at


def test_a_member_added_on_the_page_touches_its_ksm_only(client, settled):
    ksm, theirs = settled.ours["ksm"], settled.theirs["ksm"]
    with time_machine.travel(NOW, tick=False):
        client.force_login(settled.users["fasilitator"])
        response = client.post(
            reverse("ksm:member_add", args=[ksm.code]), {"name": "Dewi", "gender": "P"}
        )
    assert response.status_code == 302
    assert ksm.members.filter(name="Dewi").exists()
    assert (updated(ksm), updated(theirs)) == (NOW, THEN)


def test_an_import_touches_the_ksms_and_the_bdc_it_changes(settled):
    ksm, bdc = settled.ours["ksm"], settled.ours["bdc"]
    with time_machine.travel(NOW, tick=False):
        result = KsmImport(settled.users["fasilitator"]).apply_member(
            2, {"ksm_code": ksm.code, "name": "Dewi", "gender": "P"}
        )
        assert not result.errors
        cells = {"body": "Pengelola", "name": "Sri", "position": "Manajer", "unsur": "Bank"}
        result = PeopleImport(bdc).apply(2, cells | {"gender": "P"})
        assert not result.errors
    assert (updated(ksm), updated(bdc)) == (NOW, NOW)


def test_a_member_moved_to_another_ksm_touches_both(settled):
    ksm, theirs = settled.ours["ksm"], settled.theirs["ksm"]
    member = Member.objects.get(ksm=ksm)
    member.ksm = theirs
    with time_machine.travel(NOW, tick=False):
        member.save()
    assert (updated(ksm), updated(theirs)) == (NOW, NOW)


def test_members_deleted_in_bulk_touch_their_ksm(settled):
    ksm = settled.ours["ksm"]
    with time_machine.travel(NOW, tick=False):
        Member.objects.filter(ksm=ksm).delete()
    assert updated(ksm) == NOW


def test_deleting_a_ksm_does_not_touch_it_for_each_of_its_rows(settled):
    ksm = settled.ours["ksm"]
    Member.objects.create(ksm=ksm, name="Dewi", gender=Gender.FEMALE)
    ksm.visits.clear()
    ksm.rktl_items.all().delete()
    with CaptureQueriesContext(connection) as queries:
        ksm.delete()
    assert not [q for q in queries if q["sql"].startswith('UPDATE "ksm_ksm"')]
    assert not Ksm.objects.filter(pk=ksm.pk).exists()


def test_touch_sets_now_in_one_update_and_nothing_for_no_ids(settled, django_assert_num_queries):
    ksm = settled.ours["ksm"]
    with django_assert_num_queries(0):
        touch(Ksm, [None])
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(1):
        touch(Ksm, [ksm.pk, settled.theirs["ksm"].pk])
    assert updated(ksm) == NOW
