"""The dashboard's targets panel in a browser, on a desktop and on a 360 px phone: each
indicator against its target, stacked on a phone without running past the screen's edge."""

from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.targets import seed_targets
from demo.users import DEMO_PASSWORD, create_demo_users
from kotaku.models import City
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, sign_in
from tests.monitoring.indicator_data import add_indicator_data


@pytest.fixture
def data(time_machine):
    time_machine.move_to("2026-11-15 09:00 +0700", tick=True)
    users = create_demo_users()
    metro = City.objects.get(code="1872")
    add_indicator_data(
        SimpleNamespace(users={"fasilitator": users["fasilitator-metro"]}), [metro], tag="b"
    )
    seed_targets(users["admin"], timezone.localdate())


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_korkot_sees_each_indicator_against_its_target(page, live_server, data, size):
    metro_pk = City.objects.get(code="1872").pk
    page.set_viewport_size(size)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    sign_in(page, live_server.url, "korkot-metro", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    panel = page.get_by_test_id("dash-targets")
    expect(panel).to_be_visible()
    expect(page.get_by_test_id("targets-area")).to_have_text("Kota Metro")
    cards = panel.locator("[data-testid^=target-]").filter(has=page.get_by_test_id("target-actual"))
    expect(cards).to_have_count(5)
    # Met or not is said in words, not by colour alone.
    expect(
        panel.get_by_test_id("target-met").or_(panel.get_by_test_id("target-not-met")).first
    ).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(SCREENSHOTS / f"targets-panel-{size['width']}.png"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"the page is {width}px wide"
    # The definition opens beside the number.
    first = cards.first
    first.locator("summary").click()
    expect(first.locator("details p")).to_be_visible()
    # A number opens the list it counts, with as many rows.
    verified = first.get_by_test_id("target-parts").locator("a").first.inner_text()
    first.get_by_test_id("target-actual").locator("a").click()
    expect(page).to_have_url(
        f"{live_server.url}/rktl/?city={metro_pk}&first_deadline_from=2026-10-01"
        "&first_deadline_to=2026-12-31&on_time=1"
    )
    all_tab = page.get_by_test_id("status-counts").locator("li").first.locator(".badge")
    expect(all_tab).to_have_text(verified)


def test_pusat_sets_a_target_on_a_phone_and_a_mistake_is_explained(page, live_server, data):
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    sign_in(page, live_server.url, "admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/targets/?year=2026")
    expect(page.get_by_test_id("targets-grid")).to_be_visible()
    page.get_by_test_id("target-add").click()
    page.select_option("select[name=indicator]", "women_share")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=city]", label="Kota Medan")
    page.fill("input[name=value]", "120")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A percentage cannot be above 100.")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "target-form-error-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.fill("input[name=value]", "40")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/targets/?year=2026")
    expect(page.get_by_test_id("targets-row").filter(has_text="Medan")).to_contain_text("40")
    page.screenshot(path=str(SCREENSHOTS / "target-list-360.png"), full_page=True)
