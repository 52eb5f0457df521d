"""Admin for geography, users and their role assignments: the master data Pusat manages."""

from decimal import Decimal

from axes.models import AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count, QuerySet
from django.forms import Textarea, TextInput
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kotaku.access import scope_for
from kotaku.models import (
    Assignment,
    City,
    ClientRequest,
    Download,
    Kecamatan,
    Kelurahan,
    Profile,
    Province,
    ScheduleRun,
)

User = get_user_model()

admin.site.site_header = _("KOTAKU Monev administration")
admin.site.site_title = _("KOTAKU Monev admin")
admin.site.index_title = _("Master data and records")
# The lists are wide (RKTL, KSM, visits); at laptop widths the sidebar squeezed their columns.
# Breadcrumbs and the index page are the way around instead.
admin.site.enable_nav_sidebar = False


class HiddenFromIndex:
    """A model admin left out of the admin's index and its apps' pages.

    The index lists what a national admin manages (geography, BDCs, KSMs, users and their
    roles, checklists, visits and RKTL). The records of a model with this mixin are edited as
    inlines on the page of the record they belong to, or reached from there: change links,
    the "+" beside a related field, autocompletes. So its pages stay registered; only the
    index does not list them.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False


def hide_from_index(model) -> None:
    """HiddenFromIndex for a model another app registered (Django's groups, axes' logs)."""
    model_admin = type(admin.site._registry[model])
    admin.site.unregister(model)
    hidden = type(f"Hidden{model_admin.__name__}", (HiddenFromIndex, model_admin), {})
    admin.site.register(model, hidden)


class CompactTabularInline(admin.TabularInline):
    """A tabular inline that fits a laptop screen: short inputs, two-line textareas, and no
    add/change/delete/view buttons beside each row's foreign keys."""

    formfield_overrides = {
        models.CharField: {"widget": TextInput(attrs={"size": 18})},
        models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 30})},
    }

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield


def rupiah(value: Decimal | None) -> str:
    """Whole rupiah with thousands separators, e.g. "150.000.000" in Indonesian."""
    return "" if value is None else number_format(value, decimal_pos=0, force_grouping=True)


def percent(rate: float | None) -> str | None:
    # None shows as the admin's empty value.
    return None if rate is None else f"{number_format(rate * 100, decimal_pos=1)} %"


class CityInline(admin.TabularInline):
    """The province's cities, for reading: cities are edited on their own page."""

    model = City
    fields = ["code", "kind", "name", "is_bdc_pilot", "pilot_number"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "city_count"]
    search_fields = ["name", "code"]
    inlines = [CityInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(city_count=Count("cities"))

    @admin.display(description=_("cities / regencies"), ordering="city_count")
    def city_count(self, obj: Province) -> int:
        return obj.city_count


class KecamatanInline(CompactTabularInline):
    """The city's kecamatan; each one's page lists its kelurahan."""

    model = Kecamatan
    fields = ["name"]
    extra = 0
    show_change_link = True


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "province", "code", "pilot_number", "is_bdc_pilot"]
    list_filter = ["is_bdc_pilot", "kind", "province"]
    # "kind" lets "Kota Metro" or "Kabupaten Garut" find the city in search and autocompletes.
    search_fields = ["name", "kind", "code", "province__name"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]
    inlines = [KecamatanInline]

    @admin.display(description=_("name"), ordering="name")
    def full_name(self, obj: City) -> str:
        return obj.full_name


class PusatAddsPlaces:
    """Only Pusat adds kecamatan and kelurahan, whatever model permissions a staff member was
    given: imports and forms never create places, so that a misspelt name is not a new one."""

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        if not super().has_add_permission(request, *args):
            return False
        # A superuser is national in scope_for too; asked first, it costs no query.
        return request.user.is_superuser or scope_for(request.user).national


class KelurahanInline(PusatAddsPlaces, CompactTabularInline):
    model = Kelurahan
    extra = 1


@admin.register(Kecamatan)
class KecamatanAdmin(PusatAddsPlaces, HiddenFromIndex, admin.ModelAdmin):
    """Reached from its city's page, and from the "+" beside a kelurahan's kecamatan."""

    list_display = ["name", "city", "province"]
    list_filter = [("city__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "city__name"]
    list_select_related = ["city__province"]
    autocomplete_fields = ["city"]
    inlines = [KelurahanInline]

    @admin.display(description=_("province"), ordering="city__province__name")
    def province(self, obj: Kecamatan) -> Province:
        return obj.city.province


@admin.register(Kelurahan)
class KelurahanAdmin(PusatAddsPlaces, admin.ModelAdmin):
    list_display = ["name", "kecamatan", "city"]
    list_filter = [("kecamatan__city__province", admin.RelatedOnlyFieldListFilter)]
    # The city is searchable so that "Metro" narrows an autocomplete to that city's kelurahan.
    search_fields = ["name", "kecamatan__name", "kecamatan__city__name"]
    list_select_related = ["kecamatan__city"]
    autocomplete_fields = ["kecamatan"]

    @admin.display(description=_("city / regency"), ordering="kecamatan__city__name")
    def city(self, obj: Kelurahan) -> City:
        return obj.kecamatan.city


def _assignment_label(assignment: Assignment) -> str:
    area = assignment.city or assignment.province
    role = assignment.get_role_display()
    return f"{role} · {area}" if area else str(role)


@admin.register(Assignment)
class AssignmentAdmin(HiddenFromIndex, admin.ModelAdmin):
    """Roles are given on the user's page (AssignmentInline); this list stays for a look
    across users."""

    list_display = ["user", "role", "city", "province"]
    list_filter = ["role", ("city__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "city__name",
        "province__name",
    ]
    list_select_related = ["user", "city", "province"]
    autocomplete_fields = ["user", "city", "province"]


class AssignmentInline(CompactTabularInline):
    model = Assignment
    fields = ["role", "city", "province"]
    autocomplete_fields = ["city", "province"]
    extra = 1


class ProfileInline(admin.StackedInline):
    """The language the user last chose (kotaku/language.py), shown on their page."""

    model = Profile
    fields = ["language"]
    can_delete = False
    max_num = 1


# Access comes from assignments, not from Django's groups and permissions (Pusat are
# superusers); axes' logs of every sign-in are for investigating, its lockouts are listed.
hide_from_index(Group)
hide_from_index(AccessLog)
hide_from_index(AccessFailureLog)
# axes names its app "Axes" in the index: say what it is for.
apps.get_app_config("axes").verbose_name = _("Sign-in protection")

admin.site.unregister(User)


@admin.register(User)
class KotakuUserAdmin(UserAdmin):
    """The stock user admin, plus the user's roles: Pusat grants access here."""

    inlines = [AssignmentInline, ProfileInline]
    list_display = ["username", "full_name", "email", "roles", "is_staff", "is_active"]
    list_filter = ["assignments__role", *UserAdmin.list_filter]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("assignments__city", "assignments__province")
        )

    @admin.display(description=_("name"), ordering="first_name")
    def full_name(self, obj) -> str:
        return obj.get_full_name()

    @admin.display(description=_("roles"))
    def roles(self, obj) -> str:
        # Reads the prefetched assignments: no query per row. One role per line.
        return format_html_join(
            mark_safe("<br>"), "{}", ((_assignment_label(a),) for a in obj.assignments.all())
        )


@admin.register(ClientRequest)
class ClientRequestAdmin(HiddenFromIndex, admin.ModelAdmin):
    """Changes sent from phones' outboxes, to answer "did the server get it?" (at
    /admin/kotaku/clientrequest/, not on the index). Read-only: a record here is what keeps a
    resend from being applied twice."""

    list_display = ["created_at", "user", "path", "status"]
    list_filter = ["status"]
    search_fields = ["key", "path", "user__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Download)
class DownloadAdmin(HiddenFromIndex, admin.ModelAdmin):
    """Files prepared by jobs for "My downloads": why one failed (its error), who asked.
    Read-only; the file itself is the asker's, through /downloads/."""

    list_display = ["created_at", "user", "title", "status", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "user__username"]
    date_hierarchy = "created_at"
    exclude = ["cities", "file"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ScheduleRun)
class ScheduleRunAdmin(HiddenFromIndex, admin.ModelAdmin):
    """When each scheduled job last ran (`run_schedule`). Deleting a run lets it run again in
    its period."""

    list_display = ["name", "period_start", "ran_at"]
    list_filter = ["name"]
    date_hierarchy = "period_start"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
