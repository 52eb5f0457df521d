import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitors: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows after too many failed sign-ins (429 Too Many Requests)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# Seconds a client is asked to wait when the database is unreachable (a restart takes ~10 s).
RETRY_AFTER = 30


def _database_outage(error: BaseException | None) -> bool:
    """Whether `error`, or an exception it was raised from, says the database is unreachable."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 page while the database is unreachable, else Django's 500 page.

    A handler rather than a middleware's process_exception: the first query of a request is
    often made by middleware (the session and user are loaded lazily, by LoginRequiredMiddleware
    or later), and an exception raised there never reaches process_exception. Every uncaught
    exception, wherever raised, ends here; Django has already logged it with its traceback.
    """
    if _database_outage(sys.exc_info()[1]):
        return _unavailable(request)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: Django's 400 page, or the 503 page when the cause was the database.

    Django's session middleware reports a session it could not save as "interrupted" (400),
    whatever the reason: when the database went away just then, it is an outage.
    """
    if _database_outage(exception):
        return _unavailable(request)
    return defaults.bad_request(request, exception)


def _unavailable(request: HttpRequest) -> HttpResponse:
    # Rendered without the request, so no context processor (user, navigation) runs: nothing
    # here may need the database. The language is the one LocaleMiddleware chose, or the
    # cookie's when the failure came before it.
    language = translation.get_language() or settings.LANGUAGE_CODE
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES):
        language = request.COOKIES[settings.LANGUAGE_COOKIE_NAME]
    with translation.override(language):
        content = loader.render_to_string("503.html")
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
