"""Admin for RKTL follow-up actions, their updates and evidence."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kotaku.admin import CompactTabularInline, HiddenFromIndex
from monitoring import rktl_services
from monitoring.admin.common import (
    FrozenVisitMixin,
    ReadOnlyAdminMixin,
    RecordsUserMixin,
    run_each,
    with_reason,
)
from monitoring.models import DeadlineRequest, Evidence, RktlItem, RktlStatus, RktlUpdate, overdue_q


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(overdue_q(timezone.localdate()))
        return queryset


class RktlUpdateInline(ReadOnlyAdminMixin, CompactTabularInline):
    """Progress, verifications and deadline changes are made through the workflow (the
    site's forms, or this page's actions); the admin shows them."""

    model = RktlUpdate
    fields = [
        "kind",
        "note",
        "status_before",
        "status_after",
        "old_deadline",
        "new_deadline",
        "author",
        "created_at",
    ]
    readonly_fields = fields
    extra = 0
    # Evidence files hang off the update: reached through its own page.
    show_change_link = True


class DeadlineRequestInline(ReadOnlyAdminMixin, CompactTabularInline):
    model = DeadlineRequest
    fields = [
        "requested_by",
        "requested_at",
        "current_deadline",
        "proposed_deadline",
        "reason",
        "decision",
        "decided_by",
        "decided_at",
        "note",
    ]
    readonly_fields = fields
    extra = 0


@admin.register(RktlItem)
class RktlItemAdmin(FrozenVisitMixin, RecordsUserMixin, SimpleHistoryAdmin):
    # An item of an approved visit keeps what was agreed; its progress goes on through the
    # workflow, never through this form.
    visit_path = "finding.visit"
    actions = ["verify_done"]
    list_display = [
        "short_action",
        "city",
        "category",
        "status",
        "deadline",
        "overdue",
        "pic_tier_short",
    ]
    list_filter = [
        "status",
        OverdueFilter,
        "category",
        "pic_tier",
        ("city__province", admin.RelatedOnlyFieldListFilter),
        ("city", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "action", "problem", "pic_name", "city__name"]
    list_select_related = ["city"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["finding", "created_by", "concern_ksm", "concern_outlet"]
    fieldsets = [
        (None, {"fields": ["code", "finding", "city", "category"]}),
        (None, {"fields": ["concern", "concern_ksm", "concern_outlet"]}),
        (None, {"fields": ["problem", "action", ("pic_name", "pic_tier")]}),
        (
            None,
            {"fields": [("deadline", "original_deadline"), "status", "cannot_reason"]},
        ),
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [RktlUpdateInline, DeadlineRequestInline]
    user_fields = {RktlUpdate: "author"}

    class Media:
        css = {"all": ["css/admin.css"]}

    # The city follows the finding's visit and the original deadline is the first one agreed
    # (RktlItem.save): both shown, neither edited. Status and deadline change through the
    # workflow (progress, verification, an approved deadline request), never here.
    readonly_fields = ["code", "city", "original_deadline", "created_at", "updated_at"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # A new item is agreed with its deadline (and starts open: the field's default).
        fields = [*self.readonly_fields, "status", "cannot_reason"]
        return fields if obj is None else [*fields, "deadline"]

    @admin.action(description=_("Verify the selected items done (as their verifier)"))
    def verify_done(self, request: HttpRequest, queryset) -> None:
        run_each(
            self,
            request,
            queryset.filter(status=RktlStatus.DONE),
            lambda item: rktl_services.rktl_verify(
                item=item, user=request.user, approve=True, note=""
            ),
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"created_by": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("action"), ordering="action")
    def short_action(self, obj: RktlItem) -> str:
        return Truncator(obj.action).chars(60)

    @admin.display(description=_("PIC tier"), ordering="pic_tier")
    def pic_tier_short(self, obj: RktlItem) -> str:
        # The field's own label, "tier of person in charge", is too wide for a column header.
        return obj.get_pic_tier_display()

    @admin.display(description=_("overdue"))
    def overdue(self, obj: RktlItem) -> str:
        # Not `boolean=True`: its green tick would mark overdue items as if they were fine.
        if not obj.is_overdue():
            return ""
        label = _("overdue")
        return format_html(
            '<img src="{}" alt="{}" title="{}">', static("admin/img/icon-alert.svg"), label, label
        )


class EvidenceInline(ReadOnlyAdminMixin, CompactTabularInline):
    model = Evidence
    fields = ["file", "caption", "original_name"]
    readonly_fields = fields
    extra = 0


@admin.register(DeadlineRequest)
class DeadlineRequestAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Requests for a new deadline: decided through the workflow (these actions or the site)."""

    list_display = ["item", "proposed_deadline", "current_deadline", "decision", "requested_by"]
    list_filter = ["decision", ("item__city__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["item__code", "item__action", "reason", "requested_by__username"]
    list_select_related = ["item", "requested_by"]
    date_hierarchy = "requested_at"
    actions = ["approve", "refuse"]

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request: HttpRequest, queryset) -> None:
        run_each(
            self,
            request,
            queryset.select_related("item"),
            lambda r: rktl_services.rktl_deadline_decide(
                request=r, user=request.user, approve=True, note=""
            ),
        )

    @admin.action(description=_("Refuse the selected requests (with a reason)"))
    def refuse(self, request: HttpRequest, queryset):
        return with_reason(
            self,
            request,
            queryset.select_related("item"),
            title=_("Refuse new deadlines"),
            label=_("Why they are refused"),
            apply=lambda r, reason: rktl_services.rktl_deadline_decide(
                request=r, user=request.user, approve=False, note=reason
            ),
        )


@admin.register(RktlUpdate)
class RktlUpdateAdmin(HiddenFromIndex, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reached from its item's page (RktlUpdateInline); lists its evidence."""

    list_display = ["__str__", "item", "kind", "status_before", "status_after", "author"]
    list_filter = [
        "kind",
        "status_after",
        ("item__city__province", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["note", "item__code", "item__action", "author__username"]
    list_select_related = ["item", "author"]
    autocomplete_fields = ["item", "author"]
    date_hierarchy = "created_at"
    inlines = [EvidenceInline]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}


@admin.register(Evidence)
class EvidenceAdmin(HiddenFromIndex, admin.ModelAdmin):
    list_display = ["label", "update", "item"]
    list_filter = [("update__item__city__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["caption", "original_name", "update__item__code", "update__item__action"]
    list_select_related = ["update__item"]
    autocomplete_fields = ["update"]

    @admin.display(description=_("evidence"))
    def label(self, obj: Evidence) -> str:
        # str() is empty when there is neither a caption nor an original name.
        return str(obj) or obj.file.name

    @admin.display(description=_("RKTL item"), ordering="update__item")
    def item(self, obj: Evidence) -> RktlItem:
        return obj.update.item
