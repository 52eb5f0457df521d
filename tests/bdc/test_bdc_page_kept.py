"""The BDC page's records are kept as HTML under the city's version (bdc.views.bdc_sections):
shown again without a query while nothing in the city changes, and afresh the moment
anything they show changes, however it is changed."""

import pytest
from django.db.models import F
from django.urls import reverse

from bdc.models import BdcPerson, GrantTranche, Outlet, PlanActivity
from kotaku.models import Kelurahan
from ksm.models import Ksm, Member, Product
from monitoring.models import RktlItem, Visit
from tests.kept_html import (
    COMMITTED,
    Change,
    assert_kept_through,
    assert_shown_at_once,
    between,
    fetched,
    ours,
)

pytestmark = COMMITTED


def get(client, world, persona="korkot"):
    return fetched(client, world.users[persona], reverse("bdc:bdc_detail", args=[world.metro.code]))


def records(html: str) -> str:
    """The kept part of the page: from the people to the RKTL, before the audit trail."""
    return between(html, 'aria-labelledby="komite">', 'aria-labelledby="audit-trail"')


@pytest.fixture
def partner(world):
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(is_bdc_partner=True)
    Visit.objects.filter(pk=world.ours["visit"].pk).update(target_bdc=True)
    return world.ours["ksm"]


def test_the_records_are_kept_until_the_city_changes(client, world, partner):
    first, first_queries = get(client, world)
    again, again_queries = get(client, world)
    assert records(again) == records(first)
    # People, plan, tranches, partners and their products, outlets, visits, RKTL: not read.
    assert again_queries <= first_queries - 8
    assert "Ketua Komite Metro" in again and "KSM Tenun Metro" in again


CHANGES = {
    "a person renamed": Change(BdcPerson, ours("bdc", "bdc"), {"name": "Ketua Baru"}, "Ketua Baru"),
    "a plan activity's progress": Change(
        PlanActivity, ours("bdc", "bdc"), {"progress_percent": 87}, 'value="87"'
    ),
    "a tranche spent": Change(
        GrantTranche, ours("bdc", "bdc"), {"spent": 123_456_789}, "Rp123.456.789"
    ),
    "an outlet renamed": Change(
        Outlet, ours("outlet", "pk", "pk"), {"name": "Gerai Sentosa"}, "Gerai Sentosa"
    ),
    "a flagship repriced": Change(Product, ours("ksm", "ksm"), {"price": 777_000}, "Rp777.000"),
    "a member left": Change(
        Member, ours("ksm", "ksm"), {"is_active": False}, '<td class="text-end">0</td>'
    ),
    "a kelurahan renamed": Change(
        Kelurahan, ours("ksm", "pk", "kelurahan_id"), {"name": "Kel Baru"}, "Kel Baru"
    ),
    "an RKTL action reworded": Change(
        RktlItem, ours("rktl", "pk", "pk"), {"action": "Tindakan baru"}, "Tindakan baru"
    ),
    "a visit retitled": Change(
        Visit, ours("visit", "pk", "pk"), {"title": "Kunjungan Sentosa"}, "Kunjungan Sentosa"
    ),
}


@pytest.mark.parametrize("what", list(CHANGES))
def test_a_change_to_anything_shown_shows_at_once(client, world, partner, what):
    assert_shown_at_once(lambda: get(client, world)[0], world, CHANGES[what])


def test_a_change_in_another_city_keeps_the_page(client, world, partner):
    assert_kept_through(
        lambda: get(client, world),
        records,
        lambda: BdcPerson.objects.filter(bdc=world.theirs["bdc"]).update(id=F("id")),
    )


def test_names_are_kept_apart_from_the_page_without_them(client, world, partner):
    # Korkot reads names; Pemda, after Korkot kept the page, still reads positions only.
    korkot, _n = get(client, world, "korkot")
    pemda, _n = get(client, world, "pemda")
    assert "Ketua Komite Metro" in korkot
    assert "Ketua Komite Metro" not in pemda and "Ketua" in pemda
    assert "Ketua Komite Metro" in get(client, world, "korkot")[0]


def test_edit_links_are_kept_apart_for_those_who_may_edit(client, world, partner):
    edit = reverse("bdc:outlet_edit", args=[world.metro.code, world.ours["outlet"].pk])
    assert edit not in get(client, world, "korkot")[0]
    assert edit in get(client, world, "fasilitator")[0]
    assert edit not in get(client, world, "korkot")[0]


def test_each_language_is_kept_apart(client, world, partner):
    assert "Tahap" in get(client, world)[0] or "Komite" in get(client, world)[0]
    client.cookies["django_language"] = "en"
    english, _n = get(client, world)
    assert "RKTL from visits to the BDC" in english
    client.cookies["django_language"] = "id"
    assert "RKTL dari kunjungan ke BDC" in get(client, world)[0]
