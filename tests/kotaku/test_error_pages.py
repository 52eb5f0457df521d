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
