"""The city page: BDC, KSM by stage and maturity, RKTL by status, latest visits."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksm.models import Ksm


def city_page(client, world, persona="kmw", code="1872"):
    client.force_login(world.users[persona])
    return client.get(reverse("monitoring:city_detail", args=[code]))


def test_the_city_page_counts_its_ksm_and_rktl_with_links(client, world):
    kel = world.ours["ksm"].kelurahan
    Ksm.objects.create(name="KSM Dua", kelurahan=kel, ppmk_stage=3, maturity="kembang")
    Ksm.objects.create(name="KSM Tiga", kelurahan=kel, ppmk_stage=3, is_bdc_partner=True)
    response = city_page(client, world)
    assert response.status_code == 200
    context = response.context
    assert context["bdc"] == world.ours["bdc"]
    assert context["ksm_total"] == 3 and context["ksm_partners"] == 1
    assert [n for _v, _l, n in context["by_stage"]] == [1, 0, 2]
    assert [n for _v, _l, n in context["by_maturity"]] == [2, 0, 1]
    assert context["rktl_total"] == 2
    assert list(context["visits"]) == [world.ours["visit"]]
    html = response.content.decode()
    assert f"?city={world.metro.pk}&amp;ppmk_stage=3" in html
    assert f"?city={world.metro.pk}&amp;status=selesai" in html
    assert "Medan" not in html


def test_queries_do_not_grow_with_the_city(client, world):
    city_page(client, world)  # signs in
    cache.clear()  # nothing kept: the most the page runs
    with CaptureQueriesContext(connection) as small:
        city_page(client, world)
    kel = world.ours["ksm"].kelurahan
    for n in range(20):
        Ksm.objects.create(name=f"KSM {n}", kelurahan=kel, ppmk_stage=1 + n % 3)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        city_page(client, world)
    assert len(large) == len(small)


# Committed data, as in production: on PostgreSQL nothing is kept for a transaction that has
# changed the city itself (kotaku.kept.area_version).
@pytest.mark.django_db(transaction=True)
def test_the_figures_are_kept_until_a_record_of_the_city_changes(client, world):
    first = city_page(client, world).content.decode()
    with CaptureQueriesContext(connection) as kept:
        assert city_page(client, world).content.decode().count("KSM") == first.count("KSM")
    # Counted, not read again: the KSMs, RKTL items and overdue, the BDC and the visits.
    assert not [q for q in kept.captured_queries if "ksm_ksm" in q["sql"]]
    Ksm.objects.create(name="KSM Baru", kelurahan=world.ours["ksm"].kelurahan)
    html = city_page(client, world).content.decode()
    total = Ksm.objects.filter(city=world.metro).count()
    assert f'?city={world.metro.pk}">{total}</a>' in html


def test_another_city_is_not_found(client, world):
    assert city_page(client, world, "fasilitator", code="1275").status_code == 404
    assert city_page(client, world, "kmw_other").status_code == 404


def test_the_rktl_report_link_stays_when_the_city_has_many_actions(client, world, monkeypatch):
    # A long report is prepared by a job ("My downloads"), so the page always offers it.
    report = reverse("monitoring:rktl_report_pdf")
    monkeypatch.setattr("monitoring.reports.REPORT_DIRECT_ITEMS", 1)  # Metro has 2 actions
    html = city_page(client, world).content.decode()
    assert f'href="{report}?city={world.metro.pk}"' in html
