"""The indicators: every number against an independent count, per role and area, on the
boundary days; the panel's queries do not grow with the data; its links list what it counts."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotaku.models import City, Province
from ksm.models import Ksm
from monitoring.dashboard import Filters, cities_in_scope
from monitoring.dashboard.targets import chosen_quarter, targets_panel
from monitoring.indicators import INDICATORS, Actual, Quarter, Unit, actuals, quarters_shown
from monitoring.models import RktlItem, RktlStatus, RktlUpdate
from tests.monitoring.indicator_data import add_indicator_data, at, expected

FROZEN_AT = "2026-11-15 09:00 +0700"
TODAY = datetime.date(2026, 11, 15)
CURRENT = Quarter(2026, 4)
LAMPUNG = "18"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)
    cache.clear()  # the RKTL list keeps its counts a minute


@pytest.fixture
def data(world):
    cities = list(City.objects.filter(name__in=["Metro", "Bandar Lampung", "Medan"]))
    add_indicator_data(world, cities, tag="a")
    return world


def area_of(world, persona: str, filters: Filters) -> set[int]:
    """The cities a persona's numbers come from, written out independently of the scope code."""
    everything = set(City.objects.values_list("pk", flat=True))
    lampung = set(City.objects.filter(province__code=LAMPUNG).values_list("pk", flat=True))
    own = {
        "korkot": {world.metro.pk},
        "pemda": {world.metro.pk},
        "kmw": lampung,
        "pusat": everything,
        "korkot_other": {world.medan.pk},
    }[persona]
    if filters.city:
        own &= {filters.city.pk}
    if filters.province:
        own &= set(filters.province.cities.values_list("pk", flat=True))
    return own


def check_every_number(world, persona: str, filters: Filters) -> None:
    quarters = quarters_shown(CURRENT)
    numbers = actuals(world.users[persona], filters, quarters)
    cities = area_of(world, persona, filters)
    for quarter in quarters:
        exp = expected(cities, quarter)
        for indicator in INDICATORS:
            got = numbers[indicator.key][quarter]
            want = exp[indicator.key]
            assert (got.part, got.whole) == (want.part, want.whole), (indicator.key, quarter)


@pytest.mark.parametrize("persona", ["korkot", "kmw", "pusat", "pemda", "korkot_other"])
def test_every_indicator_equals_an_independent_count_of_the_personas_area(data, persona):
    check_every_number(data, persona, Filters())


def test_a_province_filter_narrows_every_indicator_to_that_province(data):
    check_every_number(data, "pusat", Filters(province=Province.objects.get(code=LAMPUNG)))
    check_every_number(data, "pusat", Filters(province=data.medan.province))


def test_a_city_filter_narrows_every_indicator_to_that_city(data):
    bandar = City.objects.get(name="Bandar Lampung")
    check_every_number(data, "kmw", Filters(city=bandar))
    check_every_number(data, "pusat", Filters(city=data.metro))


def test_there_is_something_to_count_in_every_indicator(data):
    # Guards the tests above against agreeing on zeros.
    numbers = actuals(data.users["pusat"], Filters(), quarters_shown(CURRENT))
    for indicator in INDICATORS:
        assert any(a.part for a in numbers[indicator.key].values()), indicator.key


def test_a_city_outside_the_scope_adds_nothing(data):
    # Medan's Korkot asking for Metro (a filter the form would refuse) still counts only Medan.
    numbers = actuals(data.users["korkot_other"], Filters(city=data.metro), [CURRENT])
    assert all(numbers[i.key][CURRENT].part == 0 for i in INDICATORS)


# ---- Boundaries ------------------------------------------------------------------------------


def one_item(world, first: datetime.date, *, deadline=None, status=RktlStatus.VERIFIED):
    visit = world.ours["visit"]
    finding = world.ours["rktl"].finding
    item = RktlItem.objects.create(
        finding=finding,
        category="kapasitas",
        problem="p",
        action="a",
        pic_name="x",
        pic_tier="pengelola",
        deadline=deadline or first,
        original_deadline=first,
        status=status,
        cannot_reason="-" if status == RktlStatus.CANNOT else "",
        created_by=visit.created_by,
    )
    return item


def verify(item, when):
    RktlUpdate.objects.create(
        item=item,
        kind=RktlUpdate.Kind.VERIFY,
        status_before=RktlStatus.DONE,
        status_after=RktlStatus.VERIFIED,
        author=item.created_by,
        created_at=when,
    )


def rktl_in(world, quarter: Quarter) -> Actual:
    numbers = actuals(world.users["korkot"], Filters(), [quarter])
    return numbers["rktl_on_time"][quarter]


def test_an_item_verified_late_on_its_first_deadline_day_is_on_time(world):
    before = rktl_in(world, Quarter(2027, 1))
    verify(one_item(world, datetime.date(2027, 3, 31)), at(datetime.date(2027, 3, 31), 23, 59))
    after = rktl_in(world, Quarter(2027, 1))
    assert (after.part - before.part, after.whole - before.whole) == (1, 1)


def test_an_item_verified_just_after_midnight_past_its_first_deadline_is_late(world):
    before = rktl_in(world, Quarter(2027, 1))
    verify(one_item(world, datetime.date(2027, 3, 31)), at(datetime.date(2027, 4, 1), 0, 1))
    after = rktl_in(world, Quarter(2027, 1))
    assert (after.part - before.part, after.whole - before.whole) == (0, 1)


def test_an_item_counts_in_the_quarter_of_its_first_deadline_not_of_a_moved_one(world):
    # Agreed for 30 September (Q3), moved to 10 October (Q4), verified on 5 October: late.
    q3, q4 = Quarter(2027, 3), Quarter(2027, 4)
    before = (rktl_in(world, q3), rktl_in(world, q4))
    item = one_item(world, datetime.date(2027, 9, 30), deadline=datetime.date(2027, 10, 10))
    verify(item, at(datetime.date(2027, 10, 5), 9))
    after = (rktl_in(world, q3), rktl_in(world, q4))
    assert after[0].whole - before[0].whole == 1 and after[0].part == before[0].part
    assert after[1].whole == before[1].whole


def test_a_verification_that_did_not_stand_does_not_count(world):
    item = one_item(world, datetime.date(2027, 2, 1), status=RktlStatus.IN_PROGRESS)
    verify(item, at(datetime.date(2027, 1, 20), 9))
    assert rktl_in(world, Quarter(2027, 1)).part == 0


def test_quarters_begin_and_end_on_the_right_days():
    assert (Quarter(2026, 1).start, Quarter(2026, 1).end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )
    assert Quarter(2026, 4).end == datetime.date(2026, 12, 31)
    assert Quarter.of(datetime.date(2026, 9, 30)) == Quarter(2026, 3)
    assert Quarter.of(datetime.date(2026, 10, 1)) == Quarter(2026, 4)
    assert Quarter(2026, 1).shifted(-1) == Quarter(2025, 4)
    assert quarters_shown(Quarter(2026, 2)) == [
        Quarter(2025, 2),
        Quarter(2025, 3),
        Quarter(2025, 4),
        Quarter(2026, 1),
        Quarter(2026, 2),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-Q3", Quarter(2026, 3)),
        ("2026-q1", Quarter(2026, 1)),
        ("", CURRENT),
        ("2026-Q5", CURRENT),
        ("2027-Q1", CURRENT),  # the future is not offered
        ("1999-Q4", CURRENT),
        ("²⁰²⁶-Q1", CURRENT),
        ("9" * 5000 + "-Q1", CURRENT),
    ],
)
def test_the_chosen_quarter_is_one_of_those_offered_or_else_todays(text, expected):
    assert chosen_quarter(text, TODAY) == expected


def test_values_are_shares_ratios_and_counts():
    assert Actual(Unit.PERCENT, 1, 3).value == 33
    assert Actual(Unit.PERCENT, 0, 0).value is None
    assert str(Actual(Unit.RATIO, 5, 4).value) == "1.25"
    assert Actual(Unit.RATIO, 5, 0).value is None
    assert Actual(Unit.COUNT, 7).value == 7


# ---- Cost ------------------------------------------------------------------------------------


def panel_queries(user, filters: Filters) -> int:
    cities = cities_in_scope(user)
    with CaptureQueriesContext(connection) as ctx:
        targets_panel(user, cities, filters, CURRENT, TODAY)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["pusat", "kmw", "korkot"])
def test_the_panel_runs_as_many_queries_for_ten_cities_of_data_as_for_two(
    world, persona, django_assert_num_queries
):
    user = world.users[persona]
    add_indicator_data(world, [world.metro, world.medan], tag="two")
    small = panel_queries(user, Filters())
    # One per indicator (visits per BDC: two), one for the targets, and the cities' version
    # the counts are kept under (kotaku.kept).
    assert small == 8
    add_indicator_data(world, list(City.objects.order_by("name")[:10]), tag="ten")
    cities = cities_in_scope(user)
    with django_assert_num_queries(small):
        targets_panel(user, cities, Filters(), CURRENT, TODAY)


def test_a_large_areas_indicators_are_counted_at_most_every_few_minutes(
    world, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("kotaku.kept.LIVE_COUNT_CITIES", 2)
    user = world.users["pusat"]
    cities = cities_in_scope(user)
    first = targets_panel(user, cities, Filters(), CURRENT, TODAY)
    add_indicator_data(world, [world.metro], tag="later")
    # Only the targets are read again; the numbers are those of the first count.
    with django_assert_num_queries(1):
        again = targets_panel(user, cities, Filters(), CURRENT, TODAY)
    assert [r.current.actual for r in again.rows] == [r.current.actual for r in first.rows]
    # A city's are kept only while none of its records changes: counted (eight queries with
    # the version), then read back (the version and the targets), then counted again.
    metro = Filters(city=world.metro)
    assert panel_queries(user, metro) == 8
    counted = targets_panel(user, cities, metro, CURRENT, TODAY)
    with django_assert_num_queries(2):
        assert targets_panel(user, cities, metro, CURRENT, TODAY).rows == counted.rows
    add_indicator_data(world, [world.metro], tag="after")
    assert panel_queries(user, metro) == 8
    recounted = targets_panel(user, cities, metro, CURRENT, TODAY)
    assert [r.current.actual for r in recounted.rows] != [r.current.actual for r in counted.rows]


# ---- Links -----------------------------------------------------------------------------------


def listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    ("persona", "area"), [("korkot", {}), ("kmw", {}), ("pusat", {"province": LAMPUNG})]
)
def test_following_a_link_lists_as_many_records_as_the_number_counts(client, data, persona, area):
    user = data.users[persona]
    client.force_login(user)
    province = Province.objects.get(code=area["province"]) if area else None
    filters = Filters(province=province)
    panel = targets_panel(user, cities_in_scope(user), filters, CURRENT, TODAY)
    checked = 0
    for row in panel.rows:
        key = row.indicator.key
        for cell in [*row.trend, row.year_before]:
            if key == "rktl_on_time":
                assert listed(client, cell.part.url) == cell.actual.part
                assert listed(client, cell.whole.url) == cell.actual.whole
            elif key in ("ksm_stage_2_3", "visits_per_bdc"):
                assert listed(client, cell.part.url) == cell.actual.part
            elif key == "women_share":
                # The attendees' visits: as many as the independent count of the quarter's.
                cities_ids = area_of(data, persona, filters)
                want = expected(cities_ids, cell.quarter)["visits_counted"].part
                assert listed(client, cell.part.url) == want
            elif panel.area.city:  # BLM: the city's BDC page lists its tranches
                assert urlsplit(cell.part.url).path == f"/bdc/{panel.area.city.code}/"
            else:  # no tranche list for a province or the country
                assert cell.part.url == ""
            checked += 1
    assert checked == 5 * len(INDICATORS)


def test_the_blm_numbers_of_a_city_link_to_its_bdc_page(client, data):
    client.force_login(data.users["korkot"])
    cities = [data.metro]
    panel = targets_panel(data.users["korkot"], cities, Filters(city=data.metro), CURRENT, TODAY)
    row = next(r for r in panel.rows if r.indicator.key == "blm_use")
    assert urlsplit(row.current.part.url).path == f"/bdc/{data.metro.code}/"
    assert client.get(row.current.part.url).status_code == 200


@pytest.mark.parametrize(
    ("url", "first", "last"),
    [
        ("/rktl/", "first_deadline_from", "first_deadline_to"),
        ("/visits/", "started_from", "started_to"),
    ],
)
def test_the_lists_new_periods_refuse_an_end_before_the_start(client, world, url, first, last):
    client.force_login(world.users["korkot"])
    response = client.get(url, {first: "2026-10-01", last: "2026-09-30"})
    assert response.status_code == 200
    assert last in response.context["filters"].errors


def test_the_ksm_registry_lists_stage_two_and_later_formed_by_a_day(client, world):
    ksm = world.ours["ksm"]
    Ksm.objects.filter(pk=ksm.pk).update(ppmk_stage=2, formed_on=datetime.date(2026, 5, 1))
    client.force_login(world.users["korkot"])

    def listed_codes(**params):
        return {k.code for k in client.get("/ksm/", params).context["page"].object_list}

    assert ksm.code in listed_codes(stage_from=2, formed_by="2026-05-01")
    assert ksm.code not in listed_codes(stage_from=2, formed_by="2026-04-30")
    assert ksm.code not in listed_codes(stage_from=3)
    client.force_login(world.users["pusat"])
    assert ksm.code in listed_codes(province=world.metro.province_id)
    assert ksm.code not in listed_codes(province=world.medan.province_id)
