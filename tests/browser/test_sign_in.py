import pytest
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD, create_demo_users
from tests.browser.conftest import DESKTOP, PHONE, sign_in


@pytest.fixture
def demo_users():
    create_demo_users()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_demo_korkot_signs_in_and_sees_the_home_page(
    page, live_server, demo_users, shoot, viewport
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    shoot("login")

    sign_in(page, live_server.url, "korkot-metro", DEMO_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    expect(page.get_by_test_id("assignments")).to_contain_text("Kota Metro")
    shoot("home")


def test_a_wrong_password_keeps_the_user_name_and_says_why(page, live_server, demo_users):
    sign_in(page, live_server.url, "korkot-metro", "not-the-password")
    expect(page.locator("input[name=username]")).to_have_value("korkot-metro")
    expect(page.locator(".alert-danger, .invalid-feedback, .alert")).to_be_visible()


def test_the_language_switch_turns_the_page_english(page, live_server, demo_users):
    sign_in(page, live_server.url, "korkot-metro", DEMO_PASSWORD)
    if page.viewport_size["width"] < 768:
        page.click(".navbar-toggler")
    page.select_option("select[name=language]", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator("html")).to_have_attribute("lang", "en")
