from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from api.models import ApiToken


class TokenMayWrite(permissions.BasePermission):
    """A read-only token may only read."""

    message = _("This token is read-only.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return not (isinstance(request.auth, ApiToken) and request.auth.read_only)
