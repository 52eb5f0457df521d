"""The BDC page: plan progress, money, partners, and the visits and RKTL about the BDC."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bdc.models import GrantTranche, PlanActivity
from kotaku.lib.choices import Gender
from ksm.models import Ksm, Member, Product
from monitoring.models import RktlItem

TODAY = datetime.date(2026, 11, 22)


def page(client, world, persona="korkot"):
    client.force_login(world.users[persona])
    return client.get(reverse("bdc:bdc_detail", args=[world.metro.code]))


def test_plan_activities_show_progress_and_which_are_behind(client, world, time_machine):
    time_machine.move_to("2026-11-22 09:00 +0700")
    bdc = world.ours["bdc"]
    PlanActivity.objects.filter(bdc=bdc).update(progress_percent=40)  # ended 30 June
    PlanActivity.objects.create(
        bdc=bdc, activity="Katalog produk", target="1 katalog", indicator="Terbit",
        starts_on=TODAY, ends_on=datetime.date(2026, 12, 31), progress_percent=100,
    )  # fmt: skip
    response = page(client, world)
    states = [state for _activity, state in response.context["activities"]]
    assert states == ["late", "done"]
    assert response.context["plan_progress"] == 70
    html = response.content.decode()
    assert "Terlambat dari jadwal" in html
    assert '<progress max="100" value="40"' in html


def test_tranches_show_the_use_rate_and_totals(client, world):
    GrantTranche.objects.create(
        bdc=world.ours["bdc"], stage=2, fiscal_year=2016,
        allocated=300_000_000, disbursed=100_000_000, spent=100_000_000,
    )  # fmt: skip
    response = page(client, world)
    totals = response.context["tranche_totals"]
    assert (totals["disbursed"], totals["spent"]) == (500_000_000, 350_000_000)
    html = response.content.decode()
    assert "Rp800.000.000" in html  # allocated in all
    assert "63%" in html and "70%" in html  # 250/400 for tahap 1, 350/500 in all
    # The audit trail names the tranche and the activity, not their ids.
    history = [entry.what for entry in response.context["history"]]
    assert any(what.endswith(": BLM BDC Tahap 2 (TA 2016)") for what in history)
    assert [what for what in history if re.search(r": #\d+$", what)] == []


def test_partner_ksms_are_listed_with_their_flagship_products(client, world):
    ksm = world.ours["ksm"]
    Ksm.objects.filter(pk=ksm.pk).update(is_bdc_partner=True)
    Ksm.objects.filter(pk=world.theirs["ksm"].pk).update(is_bdc_partner=True)
    response = page(client, world)
    assert [k.name for k in response.context["partners"]] == [ksm.name]
    assert "Kain tenun Metro (Rp250.000/lembar)" in response.content.decode()


def test_visits_to_the_bdc_and_their_open_rktl(client, world):
    visit = world.ours["visit"]
    assert page(client, world).context["rktl_overdue"] == 0
    visit.target_bdc = True
    visit.save()
    response = page(client, world)
    assert list(response.context["visits"]) == [visit]
    assert [i.pk for i in response.context["rktl_open"]] == [world.ours["rktl"].pk]
    counts = {value: n for value, _label, n in response.context["rktl_counts"]}
    assert counts["selesai"] == 1  # the finished item counts, but is not listed as open
    assert sum(counts.values()) == RktlItem.objects.filter(city=world.metro).count()


def test_the_page_runs_the_same_number_of_queries_with_more_data(client, world):
    world.ours["visit"].target_bdc = True
    world.ours["visit"].save()
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(is_bdc_partner=True)
    client.force_login(world.users["korkot"])
    url = reverse("bdc:bdc_detail", args=[world.metro.code])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    kel = world.ours["ksm"].kelurahan
    for n in range(15):
        ksm = Ksm.objects.create(name=f"Mitra {n}", kelurahan=kel, is_bdc_partner=True)
        Member.objects.create(ksm=ksm, name="A", gender=Gender.MALE)
        Product.objects.create(
            ksm=ksm, name="P", category="lainnya", unit="kg", price=1, is_flagship=True
        )
        PlanActivity.objects.create(
            bdc=world.ours["bdc"], activity=f"K{n}", target="t", indicator="i",
            starts_on=TODAY, ends_on=TODAY,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_outsiders_do_not_see_the_page_and_pemda_reads_it(client, world):
    assert page(client, world, "pemda").status_code == 200
    assert page(client, world, "korkot_other").status_code == 404


def test_the_rktl_section_is_named_for_the_bdcs_visits_in_each_language(client, world):
    # It read "RKTL dari kunjungan ini" (from this visit), a visit page's heading.
    html = page(client, world).content.decode()
    assert "RKTL dari kunjungan ke BDC" in html
    assert "kunjungan ini" not in html
    client.cookies["django_language"] = "en"
    assert "RKTL from visits to the BDC" in page(client, world).content.decode()


def test_the_page_lists_the_first_partners_and_links_to_all_in_the_registry(client, world):
    from bdc.views import PARTNERS_SHOWN

    kel = world.ours["ksm"].kelurahan
    for n in range(PARTNERS_SHOWN + 5):
        Ksm.objects.create(name=f"Mitra {n:02}", kelurahan=kel, is_bdc_partner=True)
    client.force_login(world.users["korkot"])
    response = client.get(reverse("bdc:bdc_detail", args=[world.metro.code]))
    assert response.context["partner_count"] == PARTNERS_SHOWN + 5
    shown = [k.name for k in response.context["partners"]]
    assert shown == [f"Mitra {n:02}" for n in range(PARTNERS_SHOWN)]
    html = response.content.decode()
    link = re.search(r'data-testid="all-partners" href="([^"]+)"', html).group(1)
    registry = client.get(link.replace("&amp;", "&"))
    assert registry.context["page"].paginator.count == PARTNERS_SHOWN + 5
    assert all(k.is_bdc_partner and k.city_id == world.metro.pk for k in registry.context["page"])


def test_a_few_partners_are_all_listed_without_the_link(client, world):
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(is_bdc_partner=True)
    client.force_login(world.users["korkot"])
    response = client.get(reverse("bdc:bdc_detail", args=[world.metro.code]))
    assert response.context["partner_count"] == 1
    assert 'data-testid="all-partners"' not in response.content.decode()
