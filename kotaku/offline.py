"""The facilitators' offline app: what their phones keep, and the files that keep it.

A field worker's signal comes and goes, so their field pages are kept on the device by a
service worker (`templates/offline/sw.js`) and every change they make goes through an outbox
on the device that is sent, in order, when there is a connection (`static/js/offline/`). The
server's side of it is here: the app's manifest, the service worker script, the list of pages
to keep for a user (the "kit"), and the outbox page. Each change is applied once however
often it is sent (`kotaku.idempotency`).

Which pages and which changes are the feature apps' business: they register them on the two
hooks below (monitoring: visits and RKTL items).
"""

import hashlib
import json
import re
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kotaku.access import scope_for
from kotaku.lib.hooks import Hook

# (user) -> {name: [page address, ...]}: the pages a field worker needs with no signal.
field_pages = Hook()
# () -> {name: regular expression}: the addresses whose pages are kept once opened, and whose
# posts the outbox takes when they cannot be sent. Matched against the path.
kept_paths = Hook()
queued_posts = Hook()

# The app's own files every kept page needs; fetched once per release by the service worker.
STATIC_FILES = (
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "django_htmx/htmx-2.min.js",
    "css/app.css",
    "js/app.js",
    "js/visit_edit.js",
    "js/exif.js",
    "js/offline/store.js",
    "js/offline/page.js",
    "js/offline/outbox.js",
    "icons/icon-192.png",
)


def offline_enabled(user) -> bool:
    """Whether the user's field pages are kept on the device: facilitators only. Korkot, KMW
    and Pusat read live data."""
    scope = scope_for(user)
    return not scope.national and bool(scope.writable_cities)


@cache
def _release() -> str:
    """A version of what the service worker serves: a new one when the script or one of the
    files it keeps changes, so that phones fetch them again (and nothing else)."""
    digest = hashlib.sha256(loader.get_template("offline/sw.js").template.source.encode())
    for name in STATIC_FILES:
        path = finders.find(name)
        with open(path, "rb") as file:
            digest.update(file.read())
    return digest.hexdigest()[:16]


def release() -> str:
    return getattr(settings, "OFFLINE_RELEASE", None) or _release()


def _patterns(hook: Hook) -> list[str]:
    patterns = list(hook.merged().values())
    for pattern in patterns:
        re.compile(pattern)  # a broken pattern fails here, not in a phone's service worker
    return patterns


@login_not_required
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so that it may serve every page of the app."""
    context = {
        "release": release(),
        "static_urls": json.dumps([static(name) for name in STATIC_FILES]),
        "kept_paths": json.dumps(_patterns(kept_paths)),
        "queued_posts": json.dumps(_patterns(queued_posts)),
        "store_url": static("js/offline/store.js"),
    }
    response = render(request, "offline/sw.js", context, content_type="text/javascript")
    # Browsers check for a new worker on every visit at most once a day anyway; never older.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_safe
def web_manifest(request: HttpRequest) -> HttpResponse:
    """What the phone needs to install the app on its home screen (in Indonesian)."""
    manifest = {
        "name": "KOTAKU Monev",
        "short_name": "Monev",
        "description": _("Field visits, findings and RKTL of the KOTAKU program, also offline."),
        "lang": settings.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b6e4f",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; the icon itself is a static file."""
    return redirect(static("icons/favicon.ico"), permanent=True)


@never_cache
@require_safe
def kit(request: HttpRequest) -> JsonResponse:
    """What the service worker keeps for the signed-in user, and a fresh token for sending the
    outbox (the one in a kept page may be older than the session)."""
    enabled = offline_enabled(request.user)
    pages = []
    if enabled:
        pages = [reverse("offline_outbox")]
        for group in field_pages.merged(request.user).values():
            pages.extend(group)
    return JsonResponse(
        {
            "user": request.user.pk,
            "enabled": enabled,
            "csrfToken": get_token(request),
            "pages": pages,
            "at": timezone.now().isoformat(),
        }
    )


@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    """The changes waiting on this device: the page is a frame that its script fills from the
    device's outbox, so it works with no connection."""
    return render(request, "offline/outbox.html")
