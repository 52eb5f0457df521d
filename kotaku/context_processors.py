from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kotaku.access import scope_for
from kotaku.lib.paths import list_path
from kotaku.models import Role
from kotaku.offline import offline_enabled


def navigation(request: HttpRequest) -> dict:
    """The navigation bar's entries: only what the signed-in user may use. Their paths are
    reversed once (kotaku.lib.paths), not on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_for(user)
    items = [
        (_("Home"), list_path("home"), "home"),
        (_("Visits"), list_path("monitoring:visit_list"), "visit_list"),
        (_("Dashboard"), list_path("monitoring:dashboard"), "dashboard"),
    ]
    if scope.has_assignment:
        items.append(("RKTL", list_path("monitoring:rktl_list"), "rktl_list"))
        items.append(("KSM", list_path("ksm:ksm_list"), "ksm_list"))
    if scope.national or scope.cities(Role.KORKOT):
        items.append((_("Webhooks"), list_path("webhooks:hook_list"), "hook_list"))
    if scope.national or user.is_staff:
        items.append((_("Administration"), list_path("admin:index"), "admin"))
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    return {
        "nav_items": [
            {"label": label, "url": url, "active": key == current} for label, url, key in items
        ],
        "user_scope": scope,
        "offline_enabled": offline_enabled(user),
    }
