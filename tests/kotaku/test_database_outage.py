"""While the database is unreachable every request gets the 503 page, never a 500.

The outage is simulated at the real boundary, the database connection: an execute wrapper
(Django's hook around every query) raises what the driver raises when the server is gone.
"""

import logging
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse


@contextmanager
def database_down(error=OperationalError, only: str = ""):
    """Every query (or only those mentioning the table `only`) fails with `error`."""

    def refuse(execute, sql, params, many, context):
        if only and only not in sql:
            return execute(sql, params, many, context)
        raise error("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def signed_in(world):
    # The test client re-raises a view's exception by default; a browser gets the response.
    client = Client(raise_request_exception=False)
    client.force_login(world.users["fasilitator"])
    return client


def test_a_page_gets_503_with_retry_after_when_the_database_is_down(signed_in):
    with database_down():
        response = signed_in.get(reverse("monitoring:visit_list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert b'data-testid="unavailable"' in response.content
    assert b'<html lang="id">' in response.content  # Bahasa Indonesia by default


def test_the_503_page_is_in_the_language_the_user_chose(signed_in):
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with database_down():
        response = signed_in.get(reverse("home"))
    assert response.status_code == 503
    assert b'<html lang="en">' in response.content
    assert b"cannot reach its database" in response.content


def test_an_htmx_section_save_gets_503_too(signed_in, world):
    url = reverse("monitoring:visit_section", args=[world.ours["visit"].code, "plan"])
    with database_down():
        response = signed_in.post(url, {"title": "x", "version": 0}, HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_failure_inside_the_view_gets_503(signed_in, world):
    """The session and user load; the view's own query is the one that fails."""
    with database_down(only="monitoring_rktlitem"):
        response = signed_in.get(reverse("monitoring:rktl_detail", args=[world.ours["rktl"].code]))
    assert response.status_code == 503


def test_a_session_that_cannot_be_saved_gets_503_not_400(signed_in, world):
    """Found by the restart test: the database went away after a form was saved, while the
    session (holding the "saved" message) was written; Django calls that an interrupted
    session (400), the user must be told it is an outage."""
    url = reverse("ksm:member_add", args=[world.ours["ksm"].code])
    with database_down(only='UPDATE "django_session"'):
        response = signed_in.post(url, {"name": "Wati", "gender": "P"})
    assert response.status_code == 503
    assert b'data-testid="unavailable"' in response.content


def test_another_bad_request_is_still_a_400(signed_in, world):
    url = reverse("ksm:member_add", args=[world.ours["ksm"].code])
    response = signed_in.post(url, "x", content_type="multipart/form-data; boundary=")
    assert response.status_code == 400


def test_a_lost_connection_gets_503(signed_in):
    with database_down(InterfaceError):
        response = signed_in.get(reverse("monitoring:dashboard"))
    assert response.status_code == 503


def test_the_outage_is_logged_with_its_cause(signed_in, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"), database_down():
        signed_in.get(reverse("ksm:ksm_list"))
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.status_code == 503
    assert isinstance(record.exc_info[1], OperationalError)


def test_another_error_is_still_a_500(signed_in):
    with database_down(ZeroDivisionError):
        response = signed_in.get(reverse("monitoring:visit_list"))
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_same_client_is_served_again_once_the_database_is_back(signed_in):
    with database_down():
        assert signed_in.get(reverse("home")).status_code == 503
    assert signed_in.get(reverse("home")).status_code == 200


def test_connections_are_checked_before_reuse():
    # A connection kept open (CONN_MAX_AGE) across a database restart is found dead and
    # replaced at the start of the next request, instead of failing it.
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
