"""API tokens in the admin: Pusat looks them up and revokes them; nobody sees or sets a raw
token here (tokens are made on the user's own "API tokens" page, which shows it once)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiToken, TokenStatus


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return TokenStatus.choices

    def queryset(self, request, queryset):
        return queryset.with_status(self.value()) if self.value() else queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "key_prefix",
        "read_only",
        "status",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_ip",
        "revoked_by",
    ]
    list_filter = [StatusFilter, "read_only"]
    list_select_related = ["user", "revoked_by"]
    search_fields = ["name", "key_prefix", "user__username"]
    date_hierarchy = "created_at"
    fields = [
        "user",
        "name",
        "key_prefix",
        "digest",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_ip",
        "revoked_at",
        "revoked_by",
    ]
    # Only the name may be changed here; a token is ended by the "revoke" action, which records
    # who revoked it.
    readonly_fields = [
        "user",
        "key_prefix",
        "digest",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_ip",
        "revoked_at",
        "revoked_by",
    ]
    actions = ["revoke"]

    @admin.display(description=_("status"))
    def status(self, token: ApiToken) -> str:
        return token.status.label

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.revoke(by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Adding here would have to show a raw token; the user's own page does that.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Revoked tokens stay, for the audit.
        return False
