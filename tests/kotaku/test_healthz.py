from unittest import mock

from django.db import OperationalError


def test_it_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_it_needs_no_sign_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200


def test_it_refuses_a_post(client, db):
    assert client.post("/healthz").status_code == 405
