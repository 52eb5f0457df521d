"""Changes sent from a device are applied once, however often they are sent.

A facilitator's phone keeps every change in an outbox with an id it made itself and sends it
again until it gets an answer (static/js/offline/). When the answer is lost on the way back
(the signal drops after the server saved), the resend carries the same id: this middleware
finds it in `ClientRequest` and answers as the first time, without running the view again.

The id is written in the same transaction as the change, before the view runs: a twin sent
at the same moment waits on the row's lock, then finds it. A change that was not applied (an
error status, or a section answered with `X-Section-Saved: 0`) is rolled back with its id, so
that it can be corrected and sent again.
"""

import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase

from kotaku.models import ClientRequest

HEADER = "X-Client-Request-Id"
# What a client needs from the first answer to know what happened.
KEPT_HEADERS = ("Location", "X-Section-Saved")


def _applied(response: HttpResponse) -> bool:
    return response.status_code < 400 and response.get("X-Section-Saved") != "0"


def _replay(record: ClientRequest, user) -> HttpResponse:
    if record.user_id != user.pk:
        # Ids are random: another user's id is a forgery or a bug, never a resend.
        return HttpResponse(status=409)
    response = HttpResponse(status=record.status)
    for name, value in record.headers.items():
        response[name] = value
    response["X-Client-Request-Replayed"] = "1"
    return response


def applied_once(
    request: HttpRequest, user, respond: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    """`respond()`, unless the POST's `X-Client-Request-Id` was applied before for `user`: then
    the first answer again. For views that sign their users in themselves (the API's tokens),
    which the middleware, running before them, cannot see."""
    raw = request.headers.get(HEADER)
    if request.method != "POST" or not raw or getattr(request, "_client_request_seen", False):
        return respond()
    request._client_request_seen = True  # the middleware and a view never both apply it
    try:
        key = uuid.UUID(raw)
    except ValueError:
        return HttpResponseBadRequest(f"{HEADER} must be a UUID.\n", content_type="text/plain")
    previous = ClientRequest.objects.filter(pk=key).first()
    if previous is not None:
        return _replay(previous, user)
    try:
        with transaction.atomic():
            record = ClientRequest.objects.create(key=key, user=user, path=request.path[:300])
            response = respond()
            if not _applied(response):
                transaction.set_rollback(True)
                return response
            record.status = response.status_code
            record.headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            record.save(update_fields=["status", "headers"])
    except IntegrityError:
        # The twin committed first (we waited on its row): answer as it was answered.
        return _replay(ClientRequest.objects.get(pk=key), user)
    return response


class IdempotentChangeMiddleware:
    """Applies each POST that carries `X-Client-Request-Id` at most once (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The header first: most requests carry none, and need not load their user here.
        if not request.headers.get(HEADER) or not request.user.is_authenticated:
            return self.get_response(request)
        return applied_once(request, request.user, lambda: self.get_response(request))
