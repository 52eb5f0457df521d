"""The BDC page's records are kept as HTML under the city's version (bdc.views.bdc_sections):
shown again without a query while nothing in the city changes, and afresh the moment
anything they show changes, however it is changed."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bdc.models import BdcPerson, GrantTranche, Outlet, PlanActivity
from kotaku.models import Kelurahan
from ksm.models import Ksm, Member, Product
from monitoring.models import RktlItem, Visit

# Committed data, as in production: on PostgreSQL nothing is kept for a transaction that has
# changed the city itself (kotaku.kept.area_version).
pytestmark = pytest.mark.django_db(transaction=True)


def get(client, world, persona="korkot"):
    client.force_login(world.users[persona])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("bdc:bdc_detail", args=[world.metro.code]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def records(html: str) -> str:
    """The kept part of the page: from the people to the RKTL, before the audit trail."""
    start = html.index('<section class="col-lg-6" aria-labelledby="komite">')
    return html[start : html.index('aria-labelledby="audit-trail"')]


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


def bulk(model, lookup, **values):
    """A change through QuerySet.update(): no save(), no signal, only the database sees it."""

    def change(world):
        assert model.objects.filter(**lookup(world)).update(**values) == 1

    return change


CHANGES = {
    "a person renamed": (
        bulk(BdcPerson, lambda w: {"bdc": w.ours["bdc"]}, name="Ketua Baru"),
        "Ketua Baru",
    ),
    "a plan activity's progress": (
        bulk(PlanActivity, lambda w: {"bdc": w.ours["bdc"]}, progress_percent=87),
        'value="87"',
    ),
    "a tranche spent": (
        bulk(GrantTranche, lambda w: {"bdc": w.ours["bdc"]}, spent=123_456_789),
        "Rp123.456.789",
    ),
    "an outlet renamed": (
        bulk(Outlet, lambda w: {"pk": w.ours["outlet"].pk}, name="Gerai Baru"),
        "Gerai Baru",
    ),
    "a flagship product repriced": (
        bulk(Product, lambda w: {"ksm": w.ours["ksm"]}, price=777_000),
        "Rp777.000",
    ),
    "a member left": (
        bulk(Member, lambda w: {"ksm": w.ours["ksm"]}, is_active=False),
        '<td class="text-end">0</td>',
    ),
    "a kelurahan renamed": (
        bulk(Kelurahan, lambda w: {"pk": w.ours["ksm"].kelurahan_id}, name="Kelurahan Baru"),
        "Kelurahan Baru",
    ),
    "an RKTL action reworded": (
        bulk(RktlItem, lambda w: {"pk": w.ours["rktl"].pk}, action="Tindakan baru"),
        "Tindakan baru",
    ),
    "a visit retitled": (
        bulk(Visit, lambda w: {"pk": w.ours["visit"].pk}, title="Kunjungan baru"),
        "Kunjungan baru",
    ),
}


@pytest.mark.parametrize("what", list(CHANGES))
def test_a_change_to_anything_shown_shows_at_once(client, world, partner, what):
    change, shown = CHANGES[what]
    before, _n = get(client, world)
    assert shown not in before
    change(world)
    after, _n = get(client, world)
    assert shown in after


def test_a_change_in_another_city_keeps_the_page(client, world, partner):
    first, first_queries = get(client, world)
    BdcPerson.objects.filter(bdc=world.theirs["bdc"]).update(id=F("id"))
    again, again_queries = get(client, world)
    assert records(again) == records(first) and again_queries < first_queries


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
