"""Targets: which one applies to an area, Pusat's pages that set them, and the dashboard panel
that compares each indicator with its target."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation

from kotaku.models import City, Province
from monitoring.dashboard import targets
from monitoring.models import IndicatorKey, Target
from monitoring.targets import Area, target_for, targets_near
from tests.monitoring.indicator_data import add_indicator_data

FROZEN_AT = "2026-11-15 09:00 +0700"
LIST, NEW = "/targets/", "/targets/new/"
RKTL, KSM = IndicatorKey.RKTL_ON_TIME, IndicatorKey.KSM_ADVANCED


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


@pytest.fixture(autouse=True)
def no_targets(world):
    """Each test sets the targets it needs (the shared world has one, for Metro)."""
    Target.objects.all().delete()


def add(world, indicator=RKTL, year=2026, value="60", **area) -> Target:
    return Target.objects.create(
        indicator=indicator,
        year=year,
        value=Decimal(value),
        set_by=world.users["pusat"],
        **area,
    )


# ---- Which target applies ----------------------------------------------------------------------


def applies(world, area: Area, indicator=RKTL, year=2026, inherit=True):
    found = target_for(targets_near(area, [year]), indicator, year, area, inherit=inherit)
    return found and found.value


def test_a_city_takes_its_own_target_before_its_provinces_and_the_national_one(world):
    lampung = world.metro.province
    add(world, value="50")
    add(world, value="60", province=lampung)
    add(world, value="70", city=world.metro)
    assert applies(world, Area(city=world.metro)) == Decimal("70")
    # Another city of Lampung: the province's; a city of another province: the national one.
    bandar = City.objects.get(name="Bandar Lampung")
    assert applies(world, Area(city=bandar)) == Decimal("60")
    assert applies(world, Area(city=world.medan)) == Decimal("50")


def test_a_province_and_the_country_take_their_own_target_only(world):
    add(world, value="50")
    add(world, value="70", city=world.metro)
    assert applies(world, Area(province=world.metro.province)) is None
    assert applies(world, Area()) == Decimal("50")
    add(world, value="65", province=world.metro.province)
    assert applies(world, Area(province=world.metro.province)) == Decimal("65")


def test_a_count_is_compared_with_the_areas_own_target_only(world):
    add(world, indicator=KSM, value="500")
    add(world, indicator=KSM, value="40", province=world.metro.province)
    assert applies(world, Area(city=world.metro), indicator=KSM, inherit=False) is None
    add(world, indicator=KSM, value="12", city=world.metro)
    assert applies(world, Area(city=world.metro), indicator=KSM, inherit=False) == Decimal("12")


def test_a_target_of_another_year_or_indicator_does_not_apply(world):
    add(world, year=2025, value="50")
    add(world, indicator=KSM, value="9", city=world.metro)
    assert applies(world, Area(city=world.metro)) is None


def test_the_database_refuses_two_areas_and_duplicates(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        add(world, province=world.metro.province, city=world.metro)
    add(world, city=world.metro)
    with pytest.raises(IntegrityError), transaction.atomic():
        add(world, city=world.metro, value="61")
    add(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        add(world, value="61")


# ---- Pusat's pages -----------------------------------------------------------------------------


def as_(client, world, persona):
    client.force_login(world.users[persona])
    return client


def test_pusat_sees_the_years_targets_as_an_indicator_by_area_grid(client, world):
    add(world, value="50")
    add(world, value="65", province=world.metro.province)
    add(world, indicator=KSM, value="12", city=world.metro)
    add(world, year=2025, value="1")
    response = as_(client, world, "pusat").get(LIST, {"year": "2026"})
    assert response.status_code == 200
    grid = response.context["grid"]
    assert [row["kind"] for row in grid] == ["national", "province", "city"]
    keys = [i.key for i in response.context["indicators"]]
    assert grid[2]["cells"][keys.index(KSM)].value == Decimal("12")
    assert grid[0]["cells"][keys.index(RKTL)].value == Decimal("50")
    assert sum(cell is not None for row in grid for cell in row["cells"]) == 3


@pytest.mark.parametrize("year", ["", "abc", "1999", "9" * 5000, "²⁰²⁶"])
def test_a_year_that_is_not_one_shows_this_years_targets(client, world, year):
    response = as_(client, world, "pusat").get(LIST, {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == 2026


def test_pusat_adds_a_target_with_who_and_when(client, world):
    response = as_(client, world, "pusat").post(
        NEW,
        {"indicator": RKTL, "year": "2026", "province": world.metro.province.pk, "value": "75"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/targets/?year=2026"
    target = Target.objects.get()
    assert (target.province, target.city, target.value) == (
        world.metro.province,
        None,
        Decimal("75"),
    )
    assert target.set_by == world.users["pusat"]
    assert target.history.get().history_user == world.users["pusat"]


def test_pusat_changes_a_target(client, world):
    target = add(world, value="50", city=world.metro)
    response = as_(client, world, "pusat").post(
        f"/targets/{target.pk}/",
        {"indicator": RKTL, "year": "2026", "city": world.metro.pk, "value": "55.5"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("55.5")
    assert target.history.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"province": "P", "city": "C", "value": "50"}, "city"),
        ({"value": "101"}, "value"),
        ({"value": "-1"}, "value"),
        ({"value": ""}, "value"),
        ({"year": "1999", "value": "5"}, "year"),
    ],
)
def test_a_wrong_target_is_refused_with_its_error_and_what_was_typed(client, world, data, field):
    posted = {"indicator": RKTL, "year": "2026", **data}
    posted = {
        k: world.metro.province.pk if v == "P" else world.metro.pk if v == "C" else v
        for k, v in posted.items()
    }
    response = as_(client, world, "pusat").post(NEW, posted)
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors
    assert form["value"].value() == posted["value"]
    assert not Target.objects.exists()


def test_a_second_target_for_the_same_area_is_refused_with_a_message(client, world):
    add(world, city=world.metro)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = as_(client, world, "pusat").post(
        NEW, {"indicator": RKTL, "year": "2026", "city": world.metro.pk, "value": "80"}
    )
    assert response.status_code == 422
    assert "has a target for this year and area" in response.content.decode()
    assert Target.objects.count() == 1


def test_errors_come_in_the_users_language(client, world):
    as_(client, world, "pusat")
    # Bahasa Indonesia by default: Django's own message for a missing value.
    response = client.post(NEW, {"indicator": RKTL, "year": "2026", "value": ""})
    with translation.override("id"):
        required = str(translation.gettext("This field is required."))
    assert required != "This field is required."
    assert required in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(NEW, {"indicator": RKTL, "year": "2026", "value": ""})
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("persona", ["korkot", "kmw", "pemda", "fasilitator"])
def test_readers_of_an_area_may_not_set_targets(client, world, persona):
    target = add(world, city=world.metro)
    as_(client, world, persona)
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    response = client.post(f"/targets/{target.pk}/", {"indicator": RKTL, "value": "1"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.value == Decimal("60")


def test_a_user_without_an_area_finds_no_targets_page(client, world):
    as_(client, world, "unassigned")
    assert client.get(LIST).status_code == 404
    assert client.post(NEW, {}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_missing_target_is_404_and_other_methods_405(client, world):
    as_(client, world, "pusat")
    assert client.get("/targets/999999/").status_code == 404
    assert client.put(NEW).status_code == 405
    assert client.post(LIST).status_code == 405


# ---- The dashboard panel -----------------------------------------------------------------------


def panel_row(response, key):
    return next(r for r in response.context["targets"].rows if r.indicator.key == key)


def test_the_korkot_sees_metros_numbers_against_lampungs_target(client, world):
    add_indicator_data(world, [world.metro], tag="a")
    add(world, value="10", province=world.metro.province)
    add(world, value="100", indicator=IndicatorKey.WOMEN_SHARE)
    response = as_(client, world, "korkot").get("/dashboard/")
    assert response.status_code == 200
    panel = response.context["targets"]
    assert panel.area.city == world.metro
    row = panel_row(response, RKTL)
    assert row.current.target == Decimal("10")
    assert row.current.met is (row.current.actual.value >= 10)
    women = panel_row(response, IndicatorKey.WOMEN_SHARE)
    assert women.current.target == Decimal("100") and women.current.met is False
    html = response.content.decode()
    assert 'data-testid="target-not-met"' in html
    # The definition sits beside the number.
    with translation.override("en"):
        assert str(row.indicator.summary)


def test_a_met_target_says_so_in_words_not_colour_alone(client, world):
    add_indicator_data(world, [world.metro], tag="a")
    add(world, value="0", indicator=IndicatorKey.WOMEN_SHARE)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = as_(client, world, "korkot").get("/dashboard/").content.decode()
    assert 'data-testid="target-met"' in html
    assert "Target met" in html


def test_the_kmw_compares_the_province_and_pusat_the_country(client, world):
    add(world, value="33", province=world.metro.province)
    add(world, value="44")
    kmw = as_(client, world, "kmw").get("/dashboard/")
    assert kmw.context["targets"].area.province == world.metro.province
    assert panel_row(kmw, RKTL).current.target == Decimal("33")
    pusat = as_(client, world, "pusat").get("/dashboard/")
    assert pusat.context["targets"].area.kind == "national"
    assert panel_row(pusat, RKTL).current.target == Decimal("44")
    province = Province.objects.get(code="18")
    chosen = client.get("/dashboard/", {"province": province.pk})
    assert panel_row(chosen, RKTL).current.target == Decimal("33")


def test_a_chosen_quarter_shows_that_quarter_and_the_year_before(client, world):
    add(world, year=2025, value="20")
    response = as_(client, world, "pusat").get("/dashboard/", {"quarter": "2026-Q1"})
    panel = response.context["targets"]
    row = panel_row(response, RKTL)
    assert str(panel.quarter) == "Q1 2026" or panel.quarter.key == "2026-Q1"
    assert [c.quarter.key for c in row.trend] == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert row.year_before.quarter.key == "2025-Q1"
    assert row.year_before.target == Decimal("20") and row.current.target is None


def test_only_pusat_is_offered_the_targets_page_from_the_dashboard(client, world):
    assert 'data-testid="targets-edit-link"' in (
        as_(client, world, "pusat").get("/dashboard/").content.decode()
    )
    assert 'data-testid="targets-edit-link"' not in (
        as_(client, world, "korkot").get("/dashboard/").content.decode()
    )


def test_the_dashboard_keeps_the_date_of_today_for_the_current_quarter(client, world):
    response = as_(client, world, "korkot").get("/dashboard/")
    assert response.context["targets"].quarter.key == "2026-Q4"
    assert datetime.date(2026, 11, 15) <= response.context["targets"].quarter.end


def panel(html: str) -> str:
    start = html.index('data-testid="dash-targets"')
    return html[start : html.index("</section>", start)]


def test_the_panel_is_kept_and_a_changed_target_shows_at_once(client, world, monkeypatch):
    # Kept as HTML with its figures (monitoring.dashboard.targets.rendered_targets), under
    # the targets that apply: they are read on every request, and a change shows at once.
    made = []
    make = targets.targets_panel
    monkeypatch.setattr(targets, "targets_panel", lambda *a, **k: made.append(1) or make(*a, **k))
    target = add(world, value="60", city=world.metro)
    korkot = as_(client, world, "korkot")
    first = korkot.get("/dashboard/").content.decode()
    assert '<span data-testid="target-value">60%</span>' in first
    assert panel(korkot.get("/dashboard/").content.decode()) == panel(first)
    assert len(made) == 1

    Target.objects.filter(pk=target.pk).update(value=Decimal("75"))
    changed = korkot.get("/dashboard/").content.decode()
    assert '<span data-testid="target-value">75%</span>' in changed
    Target.objects.filter(pk=target.pk).delete()
    assert "75%" not in korkot.get("/dashboard/").content.decode()
