"""The maps in a real browser, on a laptop and on a 360 px phone: the points drawn from the
JSON endpoint, the same records listed beside (below) the map, nothing refused by the Content
Security Policy; and "use my position" on the KSM form."""

import pytest
from playwright.sync_api import expect

from bdc.models import Outlet
from ksm.models import Ksm
from monitoring.models import Visit
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_content_security_policy import demo, problems  # noqa: F401
from tests.browser.test_visit_journey import sign_in_as

METRO = "1872"


def fits(page, viewport: dict) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8)"
        ".map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"
    )
    assert width <= viewport["width"], f"the page is {width}px wide: {wide}"


def drawn(page):
    """The map's circles (visits, KSMs, cities) and square markers (outlets)."""
    return page.locator("#map path.leaflet-interactive"), page.locator("#map .leaflet-marker-icon")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "360"])
def test_the_city_map_draws_and_lists_the_citys_points(
    live_server,
    demo,  # noqa: F811
    page,
    problems,  # noqa: F811
    shoot,
    viewport,
):
    page.set_viewport_size(viewport)
    sign_in_as(page, live_server.url, "korkot-metro")
    page.goto(f"{live_server.url}/kota/{METRO}/")
    page.get_by_test_id("city-map-link").click()
    expect(page.get_by_test_id("map")).to_be_visible()
    ksms = Ksm.objects.filter(city__code=METRO, latitude__isnull=False).count()
    visits = Visit.objects.counted().filter(city__code=METRO, latitude__isnull=False).count()
    outlets = Outlet.objects.filter(bdc__city__code=METRO, latitude__isnull=False).count()
    assert ksms and visits and outlets
    circles, squares = drawn(page)
    expect(circles).to_have_count(ksms + visits)
    expect(squares).to_have_count(outlets)
    expect(page.get_by_test_id("map-list-ksms").locator("tr")).to_have_count(ksms)
    expect(page.get_by_test_id("map-list-visits").locator("tr")).to_have_count(visits)
    expect(page.get_by_test_id("map-not-placed")).to_be_visible()  # a few KSMs have none
    # A KSM's popup leads to its page.
    page.get_by_test_id("map").scroll_into_view_if_needed()
    circles.last.click(force=True)
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    shoot("map-city")
    fits(page, viewport)
    if viewport is PHONE:
        # The list is below the map, not beside it.
        map_box = page.get_by_test_id("map").bounding_box()
        list_box = page.get_by_test_id("map-list-visits").bounding_box()
        assert list_box["y"] >= map_box["y"] + map_box["height"]
        assert map_box["height"] >= 300
    assert problems == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "360"])
def test_the_area_map_draws_a_circle_per_city_with_data(
    live_server,
    demo,  # noqa: F811
    page,
    problems,  # noqa: F811
    shoot,
    viewport,
):
    page.set_viewport_size(viewport)
    sign_in_as(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_test_id("area-map-link").click()
    rows = page.get_by_test_id("map-list-cities").locator("tbody tr")
    cities_with_points = (
        Ksm.objects.filter(latitude__isnull=False).values("city").distinct().count()
    )
    circles, _ = drawn(page)
    expect(circles).to_have_count(cities_with_points)
    assert rows.count() >= cities_with_points == 15
    # Over the plain background, each circle is named.
    expect(page.locator("#map .map-label")).to_have_count(cities_with_points)
    shoot("map-national")
    fits(page, viewport)

    # A province: only its cities.
    page.select_option("#map-province", label="Lampung")
    page.get_by_role("button", name="Tampilkan").or_(
        page.get_by_role("button", name="Show")
    ).click()
    expect(rows).to_have_count(3)
    expect(circles).to_have_count(3)
    shoot("map-lampung")
    fits(page, viewport)
    assert problems == []


def test_without_javascript_the_lists_hold_everything(browser, live_server, demo, page):  # noqa: F811
    sign_in_as(page, live_server.url, "korkot-metro")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    context.add_cookies(page.context.cookies())  # the session of the signed-in page
    no_js = context.new_page()
    no_js.goto(f"{live_server.url}/maps/city/{METRO}/")
    expect(no_js.get_by_test_id("map")).to_be_hidden()
    ksms = Ksm.objects.filter(city__code=METRO, latitude__isnull=False).count()
    expect(no_js.get_by_test_id("map-list-ksms").locator("tr")).to_have_count(ksms)
    context.close()


def test_use_my_position_fills_in_the_ksm_form(live_server, demo, page, problems, shoot):  # noqa: F811
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": -5.1131234567, "longitude": 105.3067891})
    page.set_viewport_size(PHONE)
    sign_in_as(page, live_server.url, "fasilitator-metro")
    ksm = Ksm.objects.filter(city__code=METRO).first()
    page.goto(f"{live_server.url}/ksm/{ksm.code}/edit/")
    page.get_by_test_id("use-my-position").click()
    expect(page.locator("input[name=latitude]")).to_have_value("-5.113123")
    expect(page.locator("input[name=longitude]")).to_have_value("105.306789")
    shoot("ksm-use-my-position")
    page.locator("form.card button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/ksm/{ksm.code}/")
    ksm.refresh_from_db()
    assert (str(ksm.latitude), str(ksm.longitude)) == ("-5.113123", "105.306789")
    assert problems == []
