"""Log records as one JSON object a line, with the request they came from.

Django logs request errors with the request object in `extra`; it cannot go into JSON, so the
filter copies out what identifies the request (path, method, user id) and the formatter drops
the object itself. Wired up in settings.LOGGING.
"""

import logging

from django.utils.functional import LazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter


def _user_id(request) -> int | None:
    """The signed-in user's id, without a query: a user not loaded yet is left alone.

    The error being logged may be that the database is down; loading the user then would fail
    again inside logging and lose the record.
    """
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject):
        user = user._wrapped
        if user is empty:
            return None
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestFields(logging.Filter):
    """Add `path`, `method` and `user_id` to records that carry a Django request."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        # django.server puts a socket in `request`; only an HttpRequest has a method.
        if request is not None and hasattr(request, "method"):
            record.path = request.path
            record.method = request.method
            record.user_id = _user_id(request)
        return True


class JsonFormatter(_JsonFormatter):
    """{"time", "level", "logger", "message"} plus any extras (status, path, method, user_id,
    exc_info with the traceback)."""

    def __init__(self, **kwargs):
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            timestamp="time",  # ISO 8601 in UTC
            rename_fields={"levelname": "level", "name": "logger", "status_code": "status"},
            reserved_attrs=[*RESERVED_ATTRS, "request"],
            **kwargs,
        )
