from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotaku.access import scope_for
from kotaku.models import Role
from kotaku.offline import offline_enabled


def navigation(request: HttpRequest) -> dict:
    """The navigation bar's entries: only what the signed-in user may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_for(user)
    items = [
        (_("Home"), reverse("home"), "home"),
        (_("Visits"), reverse("monitoring:visit_list"), "visit_list"),
        (_("Dashboard"), reverse("monitoring:dashboard"), "dashboard"),
    ]
    if scope.has_assignment:
        items.append(("RKTL", reverse("monitoring:rktl_list"), "rktl_list"))
        items.append(("KSM", reverse("ksm:ksm_list"), "ksm_list"))
    if scope.national or scope.cities(Role.KORKOT):
        items.append((_("Webhooks"), reverse("webhooks:hook_list"), "hook_list"))
    if scope.national or user.is_staff:
        items.append((_("Administration"), reverse("admin:index"), "admin"))
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    return {
        "nav_items": [
            {"label": label, "url": url, "active": key == current} for label, url, key in items
        ],
        "user_scope": scope,
        "offline_enabled": offline_enabled(user),
    }
