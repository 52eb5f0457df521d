from collections.abc import Callable

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse


class IgnoreBrowserLanguageMiddleware:
    """Make Bahasa Indonesia the default whatever language the browser asks for.

    Many field workers' phones are set to English; the program works in Indonesian, so only an
    explicit choice (the language switch's cookie) changes the language. Goes before
    LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's, except that a background (htmx, outbox) request gets 401, not a redirect.

    Following the redirect would swap the login page into the middle of a form; a 401 lets the
    page's script keep the user's input and say that the session has expired.
    """

    def handle_no_permission(self, request, view_func):
        # A phone's outbox sending a change (static/js/offline/) must learn it was not sent.
        if getattr(request, "htmx", False) or request.headers.get("X-Kotaku-Outbox"):
            return HttpResponse(status=401)
        return super().handle_no_permission(request, view_func)
