"""The admin: hooks, and their delivery log read-only."""

from django.contrib import admin
from django.http import HttpRequest

from webhooks.models import Delivery, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "city", "owner", "is_active", "paused_at", "failure_streak"]
    list_filter = ["is_active", ("city", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["city", "owner"]
    search_fields = ["url", "owner__username"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["secret", "failure_streak", "failing_since", "created_at", "updated_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Written by the events and the senders only: the admin looks, it does not edit."""

    list_display = [
        "created_at",
        "hook",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["hook"]
    search_fields = ["event_id", "hook__url", "last_error"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
