"""Browser tests: Playwright driving the Debian Chromium against Django's live server.

There is deliberately no skip here: when Chromium is missing the tests fail, so a CI run
without a browser cannot pass by skipping them.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.world import create_program_data

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data, so these tests flush the database after
            # themselves; `program_data` puts back what the data migrations create.
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def program_data(request):
    """The pilot cities and the default checklist, as every installation has them.

    A flush after an earlier transactional test removes them; both migrations are idempotent.
    """
    request.getfixturevalue("transactional_db")
    create_program_data()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Pages as on a first visit, without the offline app's service worker: these tests switch
    users by clearing cookies in the middle of what the worker fetches in the background for
    the last one (a person signs out first). test_offline_field_work.py drives the worker."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture
def shoot(page):
    """Save a full-page screenshot under var/screenshots/ (git-ignored) for a person to look at."""

    def _shoot(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
