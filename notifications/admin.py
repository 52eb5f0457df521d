"""Read-only admin: what was told to whom, and which mails wait, went or failed."""

from django.contrib import admin
from django.http import HttpRequest

from kotaku.admin import HiddenFromIndex
from notifications.models import Delivery, EmailPreference, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the workflow and the senders only: the admin looks, it does not edit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(HiddenFromIndex, ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "city", "record", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "city"]
    search_fields = ["recipient__username", "record"]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notification", "channel", "mode", "status", "due_at", "attempts", "sent_at"]
    list_filter = ["status", "mode"]
    list_select_related = ["notification__recipient"]
    search_fields = ["notification__recipient__username", "last_error"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(HiddenFromIndex, ReadOnlyAdmin):
    list_display = ["user", "kind", "mode"]
    list_filter = ["kind", "mode"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
