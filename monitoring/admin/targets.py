"""Admin for the indicators' targets (Pusat sets them on /targets/; the admin shows the same)."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from monitoring.models import Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "province", "city", "value", "set_by", "set_at"]
    list_filter = ["year", "indicator"]
    list_select_related = ["province", "city", "set_by"]
    raw_id_fields = ["city"]
    readonly_fields = ["set_by", "set_at"]

    def save_model(self, request: HttpRequest, obj: Target, form, change: bool) -> None:
        obj.set_by = request.user
        obj.set_at = timezone.now()
        super().save_model(request, obj, form, change)
