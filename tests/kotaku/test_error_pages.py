"""Errors get a friendly page in the user's language; the details go to the log, never the page.

This module is also the URLconf of its tests: the site's URLs plus a view that fails.
"""

import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path, reverse

from kotaku import urls as site_urls
from kotaku.lib.logs import JsonFormatter, RequestFields


def boom(request):
    raise RuntimeError("secret detail of the failure")


urlpatterns = [path("boom/", boom), *site_urls.urlpatterns]
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def signed_in(world):
    """A signed-in facilitator whose client, like a browser, gets the error page."""
    client = Client(raise_request_exception=False)
    client.force_login(world.users["fasilitator"])
    return client


def test_a_missing_record_gets_the_indonesian_404_page(signed_in):
    response = signed_in.get(reverse("monitoring:visit_detail", args=["KNJ-NOPE"]))
    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert "Halaman tidak ditemukan" in page
    assert 'data-testid="signed-in-as"' in page  # the site's layout, with its menu


def test_the_404_page_follows_the_language_switch(signed_in):
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_action_gets_the_403_page(client, world):
    # Pemda may read the visit but not fill it in.
    client.force_login(world.users["pemda"])
    response = client.get(reverse("monitoring:visit_edit", args=[world.ours["visit"].code]))
    assert response.status_code == 403
    assert response.templates[0].name == "403.html"
    assert "Tidak diizinkan" in response.content.decode()


def test_a_failing_view_gets_the_500_page_without_details(signed_in, world, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = signed_in.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert 'data-testid="server-error"' in page
    assert "Terjadi kesalahan" in page
    assert "Traceback" not in page
    assert "secret detail" not in page
    assert "RuntimeError" not in page

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR"
    assert record.exc_info[0] is RuntimeError
    assert record.request.path == "/boom/"
    assert record.request.user == world.users["fasilitator"]


def test_the_logged_error_carries_the_request_as_json(signed_in, world, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        signed_in.get("/boom/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    RequestFields().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["logger"] == "django.request"
    assert line["path"] == "/boom/"
    assert line["method"] == "GET"
    assert line["status"] == 500
    assert line["user_id"] == world.users["fasilitator"].pk
    assert "secret detail of the failure" in line["exc_info"]


def test_a_stale_form_gets_the_friendly_csrf_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["fasilitator"])
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert 'data-testid="csrf-failure"' in response.content.decode()


# What a browser sends when an address is typed, bookmarked or reopened from history.
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_post_only_address_opened_in_the_browser_gets_a_page_back_to_the_record(client, world):
    # After a refused review, the address bar holds the review's address; opening it again
    # sends a GET, which only a POST may use.
    visit = world.ours["visit"]
    client.force_login(world.users["korkot"])
    response = client.get(reverse("monitoring:visit_review", args=[visit.code]), **BROWSER)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.templates[0].name == "405.html"
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert 'data-testid="method-not-allowed"' in page
    assert 'data-testid="signed-in-as"' in page  # the site's layout, with its menu
    detail = reverse("monitoring:visit_detail", args=[visit.code])
    assert f'href="{detail}"' in page
    assert "Kembali ke catatan" in page


def test_the_405_page_follows_the_language_switch_and_finds_the_record_further_up(client, world):
    rktl = world.ours["rktl"]
    client.force_login(world.users["fasilitator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("monitoring:rktl_progress", args=[rktl.code]), **BROWSER)
    assert response.status_code == 405
    page = response.content.decode()
    assert "Back to the record" in page
    assert f'href="{reverse("monitoring:rktl_detail", args=[rktl.code])}"' in page
    # Several levels below the record: a finding's RKTL form.
    visit = world.ours["visit"]
    response = client.get(
        reverse("monitoring:rktl_add", args=[visit.code, rktl.finding_id]), **BROWSER
    )
    assert response.status_code == 405
    detail = reverse("monitoring:visit_detail", args=[visit.code])
    assert f'href="{detail}"' in response.content.decode()


def test_a_post_only_address_without_a_record_leads_home(client, world):
    client.force_login(world.users["pemda"])
    response = client.get(reverse("logout"), **BROWSER)
    assert response.status_code == 405
    page = response.content.decode()
    assert 'data-testid="method-not-allowed"' in page
    assert f'href="{reverse("home")}"' in page
    assert "Kembali ke catatan" not in page


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_ACCEPT": "application/json"}, {**BROWSER, "HTTP_HX_REQUEST": "true"}],
    ids=["no-accept", "json", "htmx"],
)
def test_other_clients_still_get_the_bare_405(client, world, headers):
    client.force_login(world.users["korkot"])
    url = reverse("monitoring:visit_review", args=[world.ours["visit"].code])
    response = client.get(url, **headers)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.content == b""
