"""Who may register and manage webhooks: Pusat (national hooks, or any city's) and a Korkot
(their own cities' only). Scoped in the query: a hook outside the user's reach is a 404, and a
user who may register none is refused (403, or 404 with no area at all)."""

from django.db import models
from django.shortcuts import get_object_or_404

from kotaku.access import refusal, scope_for
from kotaku.models import City, Role
from webhooks.models import Webhook


def may_register(user) -> bool:
    scope = scope_for(user)
    return scope.national or bool(scope.cities(Role.KORKOT))


def require_registrar(user) -> None:
    if not may_register(user):
        raise refusal(user)


def get_hook_for_user(user, pk: int) -> Webhook:
    require_registrar(user)
    return get_object_or_404(Webhook.objects.manageable_by(user).select_related("city"), pk=pk)


def registrable_cities(user) -> models.QuerySet:
    """The cities `user` may register a hook for (all for Pusat, who may also leave it empty)."""
    scope = scope_for(user)
    cities = City.objects.select_related("province")
    return cities if scope.national else cities.filter(pk__in=scope.cities(Role.KORKOT))
