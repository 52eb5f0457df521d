"""The maps and their data: scoped like the pages, no personal data, constant queries, and
RKTL numbers per city checked against an independent count."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotaku.kept import LIVE_COUNT_CITIES as LIVE_CITIES
from kotaku.models import City, Kecamatan, Kelurahan, Province
from ksm.models import Ksm
from monitoring.maps import MAX_POINTS, completion_band
from monitoring.models import RktlItem, RktlStatus, Visit
from tests.world import make_city_records

TODAY = datetime.date(2026, 11, 15)


@pytest.fixture(autouse=True)
def fresh_cache():
    """An area of many cities (Pusat's) is counted at most every few minutes: each test
    counts anew."""
    cache.clear()


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 15, 9, 0), tick=False)
    return TODAY


def place(record, lat: str, lon: str) -> None:
    type(record).objects.filter(pk=record.pk).update(latitude=Decimal(lat), longitude=Decimal(lon))


@pytest.fixture
def placed(world):
    """Positions on the KSM, the visit and the outlet of both cities."""
    place(world.ours["ksm"], "-5.113400", "105.306700")
    place(world.ours["visit"], "-5.120000", "105.310000")
    place(world.ours["outlet"], "-5.115000", "105.300000")
    place(world.theirs["ksm"], "3.595200", "98.672200")
    place(world.theirs["visit"], "3.590000", "98.680000")
    place(world.theirs["outlet"], "3.600000", "98.670000")
    return world


def get_json(client, user, url: str, status: int = 200) -> dict:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.json() if status == 200 else {}


def city_data_url(code: str) -> str:
    return reverse("monitoring:city_map_data", args=[code])


# ---- The city map's data


def test_the_city_data_holds_the_positioned_visits_ksms_and_outlets(client, placed):
    data = get_json(client, placed.users["korkot"], city_data_url("1872"))
    visit, ksm = placed.ours["visit"], placed.ours["ksm"]
    assert [v["code"] for v in data["visits"]] == [visit.code]
    assert data["visits"][0] | {"lat": 0} == {
        "code": visit.code,
        "title": visit.title,
        "date": "2026-07-21",
        "status": Visit.Status.DRAFT,
        "status_label": str(Visit.Status.DRAFT.label),
        "url": reverse("monitoring:visit_detail", args=[visit.code]),
        "colour": data["visits"][0]["colour"],
        "lat": 0,
        "lon": 105.31,
    }
    assert data["visits"][0]["lat"] == -5.12
    assert data["ksms"] == [
        {
            "code": ksm.code,
            "name": ksm.name,
            "stage": Ksm.PpmkStage.I,
            "stage_label": str(Ksm.PpmkStage.I.label),
            "url": reverse("ksm:ksm_detail", args=[ksm.code]),
            "colour": "#dc3545",
            "lat": -5.1134,
            "lon": 105.3067,
        }
    ]
    assert [o["name"] for o in data["outlets"]] == [placed.ours["outlet"].name]
    assert data["not_placed"] == {"visits": 0, "ksms": 0, "outlets": 0}


def test_records_without_a_position_are_counted_not_drawn(client, world):
    data = get_json(client, world.users["korkot"], city_data_url("1872"))
    assert data["visits"] == data["ksms"] == data["outlets"] == []
    assert data["not_placed"] == {"visits": 1, "ksms": 1, "outlets": 1}


def test_a_cancelled_visit_is_not_on_the_map(client, placed):
    Visit.objects.filter(pk=placed.ours["visit"].pk).update(status=Visit.Status.CANCELLED)
    data = get_json(client, placed.users["korkot"], city_data_url("1872"))
    assert data["visits"] == []
    assert data["not_placed"]["visits"] == 0


@pytest.mark.parametrize(
    "persona", ["korkot_other", "fasilitator_other", "kmw_other", "unassigned"]
)
def test_another_city_is_not_found(client, placed, persona):
    get_json(client, placed.users[persona], city_data_url("1872"), status=404)
    client.force_login(placed.users[persona])
    assert client.get(reverse("monitoring:city_map", args=["1872"])).status_code == 404


def test_a_metro_user_gets_no_medan_point(client, placed):
    get_json(client, placed.users["korkot"], city_data_url("1275"), status=404)
    area = get_json(client, placed.users["kmw"], reverse("monitoring:area_map_data"))
    assert {c["code"] for c in area["cities"]} == set(
        City.objects.filter(province__code="18").values_list("code", flat=True)
    )
    assert "1275" not in json.dumps(area)


def test_pemda_sees_the_points_and_no_personal_data(client, placed):
    Ksm.objects.filter(pk=placed.ours["ksm"].pk).update(
        chair_name="Ibu Ratna Sari", phone="+6281234567890"
    )
    client.force_login(placed.users["pemda"])
    for url in (city_data_url("1872"), reverse("monitoring:city_map", args=["1872"])):
        body = client.get(url).content.decode()
        assert placed.ours["ksm"].name in body
        for personal in ("Ratna", "81234567890", "Siti Metro", "Budi Metro", "Ketua Komite"):
            assert personal not in body, (url, personal)


def test_the_city_data_runs_the_same_queries_for_2_or_40_points(
    client, placed, django_assert_num_queries
):
    client.force_login(placed.users["korkot"])
    url = city_data_url("1872")
    # Session, user, assignments; the city; its version (kotaku.kept); three layers; three
    # counts of records without a position.
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    kel = placed.ours["ksm"].kelurahan
    for n in range(20):
        ksm = Ksm.objects.create(name=f"KSM Peta {n}", kelurahan=kel, ppmk_stage=1 + n % 3)
        place(ksm, f"-5.1{n:02d}", "105.3")
        visit = Visit.objects.get(pk=placed.ours["visit"].pk)
        visit.pk, visit.code = None, f"PETA{n:04d}"
        visit.save()
        place(visit, "-5.12", f"105.3{n:02d}")
    with django_assert_num_queries(11):
        data = client.get(url).json()
    assert len(data["ksms"]) == 21 and len(data["visits"]) == 21
    # KSMs by stage: the colour of each is its stage's.
    assert {k["stage"]: k["colour"] for k in data["ksms"]} == {
        1: "#dc3545",
        2: "#fd7e14",
        3: "#198754",
    }


def test_a_layer_is_cut_at_its_limit_and_says_so(client, placed, monkeypatch):
    monkeypatch.setattr("monitoring.maps.MAX_POINTS", 1)
    kel = placed.ours["ksm"].kelurahan
    place(Ksm.objects.create(name="KSM Kedua", kelurahan=kel), "-5.2", "105.2")
    data = get_json(client, placed.users["korkot"], city_data_url("1872"))
    assert len(data["ksms"]) == 1 and data["truncated"] is True
    assert MAX_POINTS == 2000


# ---- The province and national maps' data


def independent_counts(city: City, today: datetime.date) -> dict:
    """The RKTL numbers of one city, counted item by item in Python."""
    items = list(RktlItem.objects.filter(city=city))
    return {
        "total": len(items),
        "verified": sum(i.status == RktlStatus.VERIFIED for i in items),
        "done": sum(i.status == RktlStatus.DONE for i in items),
        "overdue": sum(i.is_overdue(today) for i in items),
    }


def test_the_area_numbers_match_an_independent_count(client, placed, today):
    # Metro: one item overdue, one verified; Medan keeps its two (one open, one done).
    RktlItem.objects.filter(pk=placed.ours["rktl"].pk).update(
        deadline=TODAY - datetime.timedelta(1)
    )
    RktlItem.objects.filter(pk=placed.ours["rktl_done"].pk).update(status=RktlStatus.VERIFIED)
    data = get_json(client, placed.users["pusat"], reverse("monitoring:area_map_data"))
    by_code = {c["code"]: c for c in data["cities"]}
    assert len(by_code) == City.objects.count()
    for city in (placed.metro, placed.medan):
        row = by_code[city.code]
        assert {k: row[k] for k in ("total", "verified", "done", "overdue")} == (
            independent_counts(city, TODAY)
        )
    metro = by_code["1872"]
    assert metro["overdue"] == 1 and metro["verified"] == 1 and metro["completion"] == 50
    assert metro["band"] == "mid"
    assert by_code["1275"]["completion"] == 0 and by_code["1275"]["band"] == "low"
    # A city without items or positions is listed, not placed.
    empty = next(c for c in data["cities"] if c["code"] not in {"1872", "1275"})
    assert empty["total"] == 0 and empty["completion"] is None and empty["lat"] is None


def test_a_city_sits_at_the_mean_position_of_its_ksms_and_visits(client, placed):
    kel = placed.ours["ksm"].kelurahan
    place(Ksm.objects.create(name="KSM Timur", kelurahan=kel), "-5.100000", "105.320000")
    Ksm.objects.create(name="KSM Tanpa Posisi", kelurahan=kel)  # not in the mean
    data = get_json(client, placed.users["korkot"], reverse("monitoring:area_map_data"))
    metro = next(c for c in data["cities"] if c["code"] == "1872")
    # KSMs at -5.1134 and -5.1, the visit at -5.12.
    assert metro["lat"] == pytest.approx((-5.1134 - 5.1 - 5.12) / 3, abs=1e-6)
    assert metro["lon"] == pytest.approx((105.3067 + 105.32 + 105.31) / 3, abs=1e-6)


def test_a_province_narrows_the_area_and_another_is_not_found(client, placed):
    url = reverse("monitoring:area_map_data")
    data = get_json(client, placed.users["pusat"], f"{url}?province=12")
    assert data["province"] == "12"
    assert {c["province"] for c in data["cities"]} == {placed.medan.province.name}
    get_json(client, placed.users["kmw"], f"{url}?province=12", status=404)
    get_json(client, placed.users["kmw"], f"{url}?province=zz", status=404)
    empty = {"province": None, "counted_at": None, "cities": []}
    assert get_json(client, placed.users["unassigned"], url) == empty


def test_each_citys_numbers_link_to_its_rktl_list_and_its_overdue_items(client, placed):
    from monitoring.dashboard.links import rktl_list_url

    data = get_json(client, placed.users["pusat"], reverse("monitoring:area_map_data"))
    by_code = {c.code: c.pk for c in City.objects.all()}
    assert data["cities"]
    for row in data["cities"]:
        pk = by_code[row["code"]]
        assert row["rktl_url"] == rktl_list_url(city=pk) == f"/rktl/?city={pk}"
        assert row["overdue_url"] == rktl_list_url(city=pk, overdue="on")


def test_the_area_data_runs_the_same_queries_for_2_or_20_cities(
    client, placed, django_assert_num_queries
):
    client.force_login(placed.users["pusat"])
    url = reverse("monitoring:area_map_data")
    # Session, user, assignments; how many cities the country has and their version
    # (kotaku.kept); one GROUP BY for RKTL, KSMs and visits each; the cities, for the rows.
    with django_assert_num_queries(9):
        small = client.get(url).json()
    province = Province.objects.get(code="18")
    author = placed.users["pusat"]
    for n in range(18):
        city = City.objects.create(
            code=f"9{n:03d}", province=province, kind=City.Kind.KOTA, name=f"Uji {n}"
        )
        records = make_city_records(city, author, suffix=f" {n}")
        place(records["ksm"], f"-5.{n:02d}", "105.0")
    cache.clear()
    # More cities than kotaku.kept.LIVE_COUNT_CITIES: kept for a while, no version read.
    assert City.objects.count() > LIVE_CITIES
    with django_assert_num_queries(8):
        large = client.get(url).json()
    assert len(large["cities"]) == len(small["cities"]) + 18
    placed_rows = [c for c in large["cities"] if c["code"].startswith("9")]
    assert all(c["total"] == 2 and c["lat"] is not None for c in placed_rows)


def test_a_large_area_is_counted_at_most_every_few_minutes(client, placed, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 15, 9, 0), tick=False)
    province = Province.objects.get(code="32")
    for n in range(LIVE_CITIES + 1 - City.objects.count()):
        City.objects.create(code=f"32{80 + n}", province=province, kind="kota", name=f"Uji {n}")
    client.force_login(placed.users["pusat"])  # more cities than LIVE_CITIES
    url = reverse("monitoring:area_map_data")
    first = client.get(url).json()
    assert first["counted_at"] is not None
    RktlItem.objects.filter(city=placed.metro).update(status=RktlStatus.VERIFIED)
    metro = next(c for c in client.get(url).json()["cities"] if c["code"] == "1872")
    assert metro["verified"] == 0  # as counted a moment ago
    page = client.get(reverse("monitoring:area_map"))
    assert 'data-testid="map-counted-at"' in page.content.decode()
    time_machine.move_to(datetime.datetime(2026, 11, 15, 9, 6), tick=False)
    metro = next(c for c in client.get(url).json()["cities"] if c["code"] == "1872")
    assert metro["verified"] == 2
    # A province of a few cities is always counted live.
    assert client.get(url, {"province": "18"}).json()["counted_at"] is None


def test_the_area_data_is_kept_as_written_until_a_city_of_it_changes(client, placed):
    client.force_login(placed.users["kmw"])  # a province of a few cities: kept exactly
    url = reverse("monitoring:area_map_data")
    with CaptureQueriesContext(connection) as fresh:
        first = client.get(url).content
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).content == first
    # Neither the counts nor the cities are read again: the scope and the version only.
    assert len(kept) <= len(fresh) - 4
    RktlItem.objects.filter(city=placed.metro).update(status=RktlStatus.VERIFIED)
    metro = next(c for c in client.get(url).json()["cities"] if c["code"] == "1872")
    assert metro["verified"] == RktlItem.objects.filter(city=placed.metro).count()


@pytest.mark.parametrize("page", ["monitoring:city_map", "monitoring:city_map_data"])
def test_a_citys_points_are_kept_until_a_record_of_it_changes(client, placed, page):
    client.force_login(placed.users["korkot"])
    url = reverse(page, args=["1872"])
    with CaptureQueriesContext(connection) as fresh:
        first = client.get(url).content
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).content.count(b"KSM Tenun Metro") == first.count(b"KSM Tenun Metro")
    # The layers and the counts of records without a position are not read again.
    assert len(kept) <= len(fresh) - 6
    Ksm.objects.filter(pk=placed.ours["ksm"].pk).update(name="KSM Tenun Baru")
    assert b"KSM Tenun Baru" in client.get(url).content


def test_completion_bands():
    assert completion_band(None).key == "none"
    assert [completion_band(p).key for p in (0, 39, 40, 74, 75, 100)] == [
        "low",
        "low",
        "mid",
        "mid",
        "high",
        "high",
    ]


# ---- The pages


def test_the_city_map_page_lists_what_the_map_draws(client, placed):
    client.force_login(placed.users["korkot"])
    response = client.get(reverse("monitoring:city_map", args=["1872"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-url="{city_data_url("1872")}"' in html
    assert placed.ours["ksm"].name in html and placed.ours["visit"].title in html
    assert placed.ours["outlet"].name in html
    # No tile server by default: a plain background, and nothing fetched from elsewhere.
    assert 'data-tile-url=""' in html
    assert "<script>" not in html


def test_the_city_page_and_the_dashboard_link_to_the_maps(client, world):
    client.force_login(world.users["kmw"])
    city = client.get(reverse("monitoring:city_detail", args=["1872"])).content.decode()
    assert reverse("monitoring:city_map", args=["1872"]) in city
    dashboard = client.get(reverse("monitoring:dashboard")).content.decode()
    assert reverse("monitoring:area_map") in dashboard


def test_the_area_map_page_lists_every_city_and_says_which_are_not_placed(client, placed):
    client.force_login(placed.users["kmw"])
    response = client.get(reverse("monitoring:area_map"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.city.code for r in rows] == list(
        City.objects.filter(province__code="18").order_by("name").values_list("code", flat=True)
    )
    assert response.context["drawn"] == 1  # only Metro has positioned records
    html = response.content.decode()
    assert 'data-testid="map-not-placed"' in html
    assert f'data-url="{reverse("monitoring:area_map_data")}"' in html


def test_the_area_map_of_a_province(client, placed):
    client.force_login(placed.users["pusat"])
    url = reverse("monitoring:area_map")
    response = client.get(url, {"province": "18"})
    assert response.status_code == 200
    assert {r.city.province.code for r in response.context["rows"]} == {"18"}
    assert "province=18" in response.context["data_url"]
    client.force_login(placed.users["korkot"])
    assert client.get(url, {"province": "12"}).status_code == 404


def test_a_kelurahan_of_another_city_does_not_move_a_city_point(client, placed):
    """Guard for the grouped query: rows of cities outside the area are ignored."""
    other = Kelurahan.objects.create(
        kecamatan=Kecamatan.objects.create(city=placed.medan, name="Kec Lain"), name="Kel Lain"
    )
    place(Ksm.objects.create(name="KSM Medan Dua", kelurahan=other), "3.0", "98.0")
    data = get_json(client, placed.users["korkot"], reverse("monitoring:area_map_data"))
    metro = next(c for c in data["cities"] if c["code"] == "1872")
    assert metro["lat"] == pytest.approx((-5.1134 - 5.12) / 2, abs=1e-6)


def table_of(response) -> str:
    html = response.content.decode()
    return re.search(
        r'<table class="table table-sm small" data-testid="map-list-cities">.*?</table>', html, re.S
    ).group(0)


def test_the_city_table_is_kept_with_its_numbers_and_follows_a_change(client, placed, monkeypatch):
    client.force_login(placed.users["kmw"])
    url = reverse("monitoring:area_map")
    first = client.get(url)

    def not_again(*args, **kwargs):
        raise AssertionError("the table was made again")

    with monkeypatch.context() as m:
        m.setattr("monitoring.maps.area_rows", not_again)
        assert table_of(client.get(url)) == table_of(first)
    # A few cities' numbers are exact: a verified item shows at once.
    RktlItem.objects.filter(city=placed.metro).update(status=RktlStatus.VERIFIED)
    after = table_of(client.get(url))
    assert after != table_of(first)
    total = RktlItem.objects.filter(city=placed.metro).count()
    assert re.search(r'data-city="1872">(?:(?!</tr>).)*>100%<', after, re.S), after
    assert f">{total}</a>" in after
