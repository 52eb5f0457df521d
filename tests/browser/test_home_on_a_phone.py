"""The home page on a 360 px phone: nothing runs past the screen's edge, whatever the role.

The role badge ("Pemda (pemerintah daerah, hanya lihat) · Kota Metro") once stayed on one line
and made the whole page scroll sideways for Pemda, KMW and Pusat users.
"""

import pytest
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD, create_demo_users
from tests.browser.conftest import PHONE, sign_in


@pytest.fixture
def demo_users():
    create_demo_users()


@pytest.mark.parametrize(
    "username", ["pemda-metro", "kmw-lampung", "admin", "korkot-metro", "fasilitator-metro"]
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_home_page_fits_a_phone_for_every_role(
    page, live_server, demo_users, shoot, username, language
):
    page.set_viewport_size(PHONE)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    sign_in(page, live_server.url, username, DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    badges = page.get_by_test_id("assignments")
    expect(badges).to_be_visible()
    shoot(f"home-{username}-{language}")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide"
    # Each role badge stays inside the screen, wrapped over lines if need be.
    for box in [badge.bounding_box() for badge in badges.locator("li").all()]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box

    # The menu, opened, fits too: the user's name, the language switch, signing out.
    page.click(".navbar-toggler")
    expect(page.locator("#nav-main")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"with the menu open, the page is {width}px wide"
