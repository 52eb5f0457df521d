"""The visit list's and the KSM registry's page counts: exact for a few cities, kept for a
minute for a large area (kotaku.kept.kept_list_count), while the rows are always read live."""

import datetime

import pytest
from django.urls import reverse

from ksm.models import Ksm
from monitoring.models import Visit

FROZEN_AT = "2026-11-22 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def add_visits(world, n, city):
    template = world.ours["visit"].template
    Visit.objects.bulk_create(
        Visit(
            city=city,
            title=f"Kunjungan tambahan {i}",
            starts_on=datetime.date(2026, 11, 1),
            ends_on=datetime.date(2026, 11, 1),
            template=template,
            created_by=world.users["fasilitator"],
            code=f"KEPT{city.pk:02d}{i:04d}",
        )
        for i in range(n)
    )


def add_ksms(world, n, city):
    kelurahan = world.ours["ksm"].kelurahan
    Ksm.objects.bulk_create(
        Ksm(name=f"KSM Tambahan {i}", city=city, kelurahan=kelurahan, code=f"KK{i:06d}")
        for i in range(n)
    )


def pages(response) -> int:
    return response.context["page"].paginator.num_pages


LISTS = [
    pytest.param(reverse("monitoring:visit_list"), add_visits, id="visits"),
    pytest.param(reverse("ksm:ksm_list"), add_ksms, id="ksms"),
]


@pytest.mark.parametrize(("url", "add"), LISTS)
def test_a_large_areas_page_count_is_kept_for_a_minute_and_says_so(
    client, world, monkeypatch, time_machine, url, add
):
    monkeypatch.setattr("kotaku.kept.LIVE_COUNT_CITIES", 1)  # the country is a large area
    client.force_login(world.users["pusat"])
    first = client.get(url)
    assert pages(first) == 1
    assert b'data-testid="pages-counted-at"' not in first.content  # one page: no pager
    add(world, 60, world.metro)
    kept = client.get(url)
    # The rows are read live; how many pages there are is the count of a minute ago.
    assert len(kept.context["page"].object_list) == 25
    assert pages(kept) == 1
    # A filtered list has a count of its own, taken now, and the pager says when.
    filtered = client.get(url, {"city": world.metro.pk})
    assert pages(filtered) == 3
    assert filtered.context["pages_counted_at"] is not None
    assert b'data-testid="pages-counted-at"' in filtered.content
    assert "Jumlah halaman dihitung pukul 09:00" in filtered.content.decode()
    time_machine.shift(datetime.timedelta(seconds=61))
    assert pages(client.get(url)) == 3


@pytest.mark.parametrize(("url", "add"), LISTS)
def test_a_citys_page_count_is_exact_at_once(client, world, url, add):
    client.force_login(world.users["korkot"])  # one city
    assert pages(client.get(url)) == 1
    add(world, 60, world.metro)
    response = client.get(url)
    assert pages(response) == 3
    assert response.context["pages_counted_at"] is None
    assert b'data-testid="pages-counted-at"' not in response.content


def test_the_counts_of_two_areas_are_never_shared(client, world):
    add_visits(world, 60, world.medan)
    client.force_login(world.users["korkot"])  # Metro: sees none of Medan's visits
    response = client.get(reverse("monitoring:visit_list"))
    assert pages(response) == 1
    assert {v.city_id for v in response.context["page"].object_list} == {world.metro.pk}
