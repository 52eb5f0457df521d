import json
import logging

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from kotaku.lib.logs import JsonFormatter, RequestFields


def record(msg: str = "Visit %s approved", *args, **extra) -> logging.LogRecord:
    rec = logging.LogRecord("monitoring", logging.INFO, __file__, 1, msg, args or ("V-1",), None)
    rec.__dict__.update(extra)
    return rec


def test_a_record_is_one_json_line_with_time_level_logger_and_message():
    line = JsonFormatter().format(record())
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "Visit V-1 approved"
    assert data["level"] == "INFO"
    assert data["logger"] == "monitoring"
    assert data["time"].endswith("+00:00")


def test_extras_are_fields_and_the_request_object_is_left_out():
    request = RequestFactory().post("/visits/V-1/review/")
    request.user = AnonymousUser()
    rec = record(request=request, status_code=403)
    RequestFields().filter(rec)
    data = json.loads(JsonFormatter().format(rec))
    assert data["path"] == "/visits/V-1/review/"
    assert data["method"] == "POST"
    assert data["status"] == 403
    assert data["user_id"] is None
    assert "request" not in data


def test_a_user_not_loaded_yet_is_not_loaded_for_the_log():
    request = RequestFactory().get("/")

    def load():
        raise AssertionError("the log must not query the user (the database may be down)")

    request.user = SimpleLazyObject(load)
    rec = record(request=request)
    RequestFields().filter(rec)
    assert rec.user_id is None
