"""Admin for field visits and everything recorded on them."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kotaku.admin import CompactTabularInline, HiddenFromIndex
from monitoring import services
from monitoring.admin.common import (
    FrozenVisitInlineMixin,
    FrozenVisitMixin,
    RecordsUserMixin,
    run_each,
    with_reason,
)
from monitoring.models import (
    Answer,
    Attachment,
    Attendee,
    DocumentCheck,
    Finding,
    Review,
    Visit,
)


class AnswerInline(FrozenVisitInlineMixin, CompactTabularInline):
    model = Answer
    fields = ["item", "value", "note"]
    autocomplete_fields = ["item"]
    extra = 0


class DocumentCheckInline(FrozenVisitInlineMixin, CompactTabularInline):
    model = DocumentCheck
    fields = ["document", "other_name", "status", "note"]
    extra = 0


class AttendeeInline(FrozenVisitInlineMixin, CompactTabularInline):
    model = Attendee
    fields = ["name", "organisation", "position", "gender", "has_disability"]
    extra = 0


class FindingInline(FrozenVisitInlineMixin, CompactTabularInline):
    model = Finding
    fields = ["item", "description"]
    autocomplete_fields = ["item"]
    extra = 0
    # The finding's own page is where its RKTL items are reached from.
    show_change_link = True


class AttachmentInline(FrozenVisitInlineMixin, CompactTabularInline):
    model = Attachment
    fields = ["kind", "file", "caption", "taken_at", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]
    extra = 0


class ReviewInline(CompactTabularInline):
    """Reviews are made in the review workflow; the admin only shows them."""

    model = Review
    fields = ["tier", "decision", "comment", "section_comments", "reviewer", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class VisitAdminForm(forms.ModelForm):
    # No Meta: the admin supplies the model and the fields from its fieldsets.

    # Stored as a JSON list of Method values; checkboxes rather than hand-typed JSON.
    methods = forms.MultipleChoiceField(
        label=capfirst(Visit._meta.get_field("methods").verbose_name),
        choices=Visit.Method.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@admin.register(Visit)
class VisitAdmin(RecordsUserMixin, SimpleHistoryAdmin):
    form = VisitAdminForm
    # Codes are searchable and shown on the record; as a column they squeezed the title.
    list_display = ["title", "city", "kind", "starts_on", "status", "created_by"]
    list_filter = [
        "status",
        "kind",
        "target_bdc",
        ("city__province", admin.RelatedOnlyFieldListFilter),
        ("city", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "code", "location", "city__name", "summary"]
    list_select_related = ["city", "created_by"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["city", "created_by", "target_ksms", "target_outlets", "team"]
    # The workflow's fields change only through its services (the actions below).
    readonly_fields = ["code", "status", "created_at", "updated_at", "submitted_at"]
    actions = ["approve_as_reviewer", "send_back", "reopen"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # A visit stays in the city it was planned in, as on its own page: its RKTL items
        # carry that city (RktlItem.city, for scoping and the lists' filters).
        return self.readonly_fields if obj is None else [*self.readonly_fields, "city"]

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "city",
                    "kind",
                    "title",
                    ("starts_on", "ends_on"),
                    "location",
                    "methods",
                    "template",
                ]
            },
        ),
        (_("Targets"), {"fields": ["target_bdc", "target_ksms", "target_outlets"]}),
        (_("Team"), {"fields": ["team", "team_others"]}),
        (_("Outcome"), {"fields": ["summary"]}),
        (
            _("Workflow"),
            {"fields": ["status", "created_by", "created_at", "submitted_at", "updated_at"]},
        ),
    ]
    inlines = [
        AnswerInline,
        DocumentCheckInline,
        AttendeeInline,
        FindingInline,
        AttachmentInline,
        ReviewInline,
    ]
    user_fields = {Attachment: "uploaded_by"}

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"created_by": request.user.pk, **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Approved (or cancelled): read-only, here as on the site. Reopen it to correct it.
        if obj is not None and obj.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_frozen:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Approve the selected visits (as their next reviewer)"))
    def approve_as_reviewer(self, request: HttpRequest, queryset) -> None:
        run_each(
            self,
            request,
            queryset,
            lambda visit: services.visit_review(
                visit=visit, user=request.user, decision=Review.Decision.APPROVE, comment=""
            ),
        )

    @admin.action(description=_("Send the selected visits back (with a reason)"))
    def send_back(self, request: HttpRequest, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Send visits back"),
            label=_("Why they are sent back"),
            apply=lambda visit, reason: services.visit_review(
                visit=visit, user=request.user, decision=Review.Decision.RETURN, comment=reason
            ),
        )

    @admin.action(description=_("Reopen the selected approved visits (with a reason)"))
    def reopen(self, request: HttpRequest, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Reopen approved visits"),
            label=_("Why they are reopened"),
            apply=lambda visit, reason: services.visit_reopen(
                visit=visit, user=request.user, reason=reason
            ),
        )


@admin.register(Finding)
class FindingAdmin(HiddenFromIndex, FrozenVisitMixin, SimpleHistoryAdmin):
    list_display = ["short_description", "visit", "city", "item", "created_at"]
    list_filter = [
        ("visit__city__province", admin.RelatedOnlyFieldListFilter),
        ("visit__city", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["description", "visit__title", "visit__code", "item__code"]
    list_select_related = ["visit__city", "item"]
    autocomplete_fields = ["visit", "item"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # A finding stays on its visit: its RKTL items carry that visit's city.
        return self.readonly_fields if obj is None else [*self.readonly_fields, "visit"]

    @admin.display(description=_("finding"))
    def short_description(self, obj: Finding) -> str:
        return Truncator(obj.description).chars(80)

    @admin.display(description=_("city / regency"), ordering="visit__city__name")
    def city(self, obj: Finding) -> str:
        return str(obj.visit.city)


# Answers, document checks and attendees are edited on their visit; these pages are for
# looking across visits (e.g. every "No" to one checklist item, every attendee of an agency).
# Like findings, attachments and reviews, they are left out of the index (HiddenFromIndex).


@admin.register(Answer)
class AnswerAdmin(HiddenFromIndex, FrozenVisitMixin, SimpleHistoryAdmin):
    list_display = ["item", "value", "visit", "city"]
    list_filter = [
        "value",
        "item__section__template",
        ("visit__city__province", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["item__code", "note", "visit__title", "visit__code"]
    list_select_related = ["item", "visit__city"]
    autocomplete_fields = ["visit", "item"]

    @admin.display(description=_("city / regency"), ordering="visit__city__name")
    def city(self, obj: Answer) -> str:
        return str(obj.visit.city)


@admin.register(DocumentCheck)
class DocumentCheckAdmin(HiddenFromIndex, FrozenVisitMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "visit", "city"]
    list_filter = [
        "document",
        "status",
        ("visit__city__province", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["other_name", "note", "visit__title", "visit__code"]
    list_select_related = ["visit__city"]
    autocomplete_fields = ["visit"]

    @admin.display(description=_("city / regency"), ordering="visit__city__name")
    def city(self, obj: DocumentCheck) -> str:
        return str(obj.visit.city)


@admin.register(Attendee)
class AttendeeAdmin(HiddenFromIndex, FrozenVisitMixin, SimpleHistoryAdmin):
    list_display = ["name", "organisation", "position", "gender", "has_disability", "visit"]
    list_filter = [
        "gender",
        "has_disability",
        ("visit__city__province", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "organisation", "position", "visit__title", "visit__code"]
    list_select_related = ["visit"]
    autocomplete_fields = ["visit"]


@admin.register(Attachment)
class AttachmentAdmin(HiddenFromIndex, FrozenVisitMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "visit", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", ("visit__city__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["caption", "original_name", "visit__title", "visit__code"]
    list_select_related = ["visit", "uploaded_by"]
    autocomplete_fields = ["visit"]
    readonly_fields = ["uploaded_by", "uploaded_at"]
    date_hierarchy = "uploaded_at"

    def save_model(self, request: HttpRequest, obj: Attachment, form, change: bool) -> None:
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Review)
class ReviewAdmin(HiddenFromIndex, admin.ModelAdmin):
    """Read-only: reviews are decisions in the workflow, not data to correct afterwards."""

    list_display = ["visit", "tier", "decision", "reviewer", "created_at"]
    list_filter = ["tier", "decision", ("visit__city__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["visit__title", "visit__code", "comment", "reviewer__username"]
    list_select_related = ["visit", "reviewer"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
