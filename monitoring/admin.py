"""Admin for checklists, field visits with everything recorded on them, and RKTL follow-up."""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kotaku.admin import CompactTabularInline
from monitoring.models import (
    Answer,
    Attachment,
    Attendee,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    DocumentCheck,
    Evidence,
    Finding,
    Review,
    RktlItem,
    RktlUpdate,
    Visit,
    overdue_q,
)


class RecordsUserMixin:
    """Fills a user field of new inline rows with the signed-in user (e.g. who uploaded)."""

    # {inline model: name of its user field}
    user_fields: dict = {}

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        field = self.user_fields.get(formset.model)
        if field is None:
            return super().save_formset(request, form, formset, change)
        for obj in formset.save(commit=False):
            if not getattr(obj, f"{field}_id"):
                setattr(obj, field, request.user)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


# ---- Checklists ----------------------------------------------------------------------------


class ChecklistSectionInline(admin.TabularInline):
    model = ChecklistSection
    fields = ["code", "order", "title_id", "title_en"]
    extra = 0
    show_change_link = True


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code", "version", "is_default", "created_at"]
    list_filter = ["is_default", "code"]
    search_fields = ["code", "title_id", "title_en"]
    readonly_fields = ["created_at"]
    inlines = [ChecklistSectionInline]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["code", "order", "text_id", "text_en"]
    extra = 0


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "template", "order"]
    list_filter = ["template"]
    search_fields = ["code", "title_id", "title_en"]
    list_select_related = ["template"]
    inlines = [ChecklistItemInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["code", "text_id", "text_en", "section", "order"]
    list_filter = ["section__template", "section"]
    search_fields = ["code", "text_id", "text_en"]
    list_select_related = ["section"]


# ---- Visits --------------------------------------------------------------------------------


class AnswerInline(CompactTabularInline):
    model = Answer
    fields = ["item", "value", "note"]
    autocomplete_fields = ["item"]
    extra = 0


class DocumentCheckInline(CompactTabularInline):
    model = DocumentCheck
    fields = ["document", "other_name", "status", "note"]
    extra = 0


class AttendeeInline(CompactTabularInline):
    model = Attendee
    fields = ["name", "organisation", "position", "gender", "has_disability"]
    extra = 0


class FindingInline(CompactTabularInline):
    model = Finding
    fields = ["item", "description"]
    autocomplete_fields = ["item"]
    extra = 0
    # The finding's own page is where its RKTL items are reached from.
    show_change_link = True


class AttachmentInline(CompactTabularInline):
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
    readonly_fields = ["code", "created_at", "updated_at", "submitted_at"]
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


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
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

    @admin.display(description=_("finding"))
    def short_description(self, obj: Finding) -> str:
        return Truncator(obj.description).chars(80)

    @admin.display(description=_("city / regency"), ordering="visit__city__name")
    def city(self, obj: Finding) -> str:
        return str(obj.visit.city)


# Answers, document checks and attendees are edited on their visit; these pages are for
# looking across visits (e.g. every "No" to one checklist item, every attendee of an agency).


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
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
class DocumentCheckAdmin(SimpleHistoryAdmin):
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
class AttendeeAdmin(SimpleHistoryAdmin):
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
class AttachmentAdmin(SimpleHistoryAdmin):
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
class ReviewAdmin(admin.ModelAdmin):
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


# ---- RKTL ----------------------------------------------------------------------------------


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


class RktlUpdateInline(CompactTabularInline):
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
    readonly_fields = ["author"]
    extra = 0
    # Evidence files hang off the update: reached through its own page.
    show_change_link = True


@admin.register(RktlItem)
class RktlItemAdmin(RecordsUserMixin, SimpleHistoryAdmin):
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
    autocomplete_fields = ["finding", "created_by"]
    fieldsets = [
        (None, {"fields": ["code", "finding", "city", "category"]}),
        (None, {"fields": ["problem", "action", ("pic_name", "pic_tier")]}),
        (
            None,
            {"fields": [("deadline", "original_deadline"), "status", "cannot_reason"]},
        ),
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [RktlUpdateInline]
    user_fields = {RktlUpdate: "author"}

    class Media:
        css = {"all": ["css/admin.css"]}

    # The city follows the finding's visit and the original deadline is the first one agreed
    # (RktlItem.save): both shown, neither edited.
    readonly_fields = ["code", "city", "original_deadline", "created_at", "updated_at"]

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


class EvidenceInline(CompactTabularInline):
    model = Evidence
    fields = ["file", "caption", "original_name"]
    extra = 1


@admin.register(RktlUpdate)
class RktlUpdateAdmin(admin.ModelAdmin):
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
class EvidenceAdmin(admin.ModelAdmin):
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
