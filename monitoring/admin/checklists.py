"""Admin for checklist templates, their sections and items."""

from django.contrib import admin

from kotaku.admin import HiddenFromIndex
from monitoring.models import ChecklistItem, ChecklistSection, ChecklistTemplate


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
class ChecklistSectionAdmin(HiddenFromIndex, admin.ModelAdmin):
    """Reached from its template's page; lists its items."""

    list_display = ["__str__", "template", "order"]
    list_filter = ["template"]
    search_fields = ["code", "title_id", "title_en"]
    list_select_related = ["template"]
    inlines = [ChecklistItemInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(HiddenFromIndex, admin.ModelAdmin):
    """Edited on its section's page; registered for the answers' and findings' autocompletes."""

    list_display = ["code", "text_id", "text_en", "section", "order"]
    list_filter = ["section__template", "section"]
    search_fields = ["code", "text_id", "text_en"]
    list_select_related = ["section"]
