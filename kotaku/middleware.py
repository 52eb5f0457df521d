from collections.abc import Callable

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse

from kotaku.language import APPLY_ATTRIBUTE, set_language_cookie


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


class LanguageOnSignInMiddleware:
    """Puts the language of a user who just signed in into the language cookie of the response
    (kotaku/language.py), so the next page, the first after signing in, is in their language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = getattr(request, APPLY_ATTRIBUTE, None)
        if language:
            set_language_cookie(response, language)
        return response


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


class MethodNotAllowedPageMiddleware:
    """The app's page, in the user's language, for a browser that opens a POST-only address.

    Such an address ends up in the address bar after a form posted to it was refused (a review
    sent without a decision shows the visit page at /visits/<code>/review/); reloading it,
    or opening it from history or a bookmark, sends a GET, which Django answers with an empty
    405. The page keeps the 405 status and the Allow header, and links back to the record the
    address belongs to. Anything else (scripts, htmx requests, other methods) gets the bare
    405 as before. Goes after LocaleMiddleware and AuthenticationMiddleware: the page has the
    site's layout, with the user's menu.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or request.method not in ("GET", "HEAD")
            or getattr(request, "htmx", False)
            or "text/html" not in request.headers.get("Accept", "")
        ):
            return response
        context = {"record_url": record_url_above(request.path_info)}
        page = render(request, "405.html", context, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def record_url_above(path: str) -> str | None:
    """The nearest page of a record above `path`, e.g. /visits/KNJ-1/ for
    /visits/KNJ-1/findings/3/rktl/: the first shorter path that names a `..._detail` view."""
    parts = path.strip("/").split("/")
    for length in range(len(parts) - 1, 0, -1):
        candidate = "/" + "/".join(parts[:length]) + "/"
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        if (match.url_name or "").endswith("_detail"):
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    return None
