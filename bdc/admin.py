"""Admin for the pilot BDCs: their Komite and Pengelola, outlets, year-one plan and grant money."""

from django import forms
from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet, PlanActivity
from kotaku.admin import CompactTabularInline, HiddenFromIndex, percent, rupiah


def _count_per_bdc(model, **filters) -> Coalesce:
    # A correlated subquery per count: joining people and outlets (up to ~200 per BDC) in one
    # query would multiply rows before counting.
    counts = (
        model.objects.filter(bdc=OuterRef("pk"), **filters)
        .order_by()
        .values("bdc")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


class BdcPersonInline(CompactTabularInline):
    """The people of one body (Komite or Pengelola); the body is fixed by the inline."""

    model = BdcPerson
    body: str = ""
    fields = ["body", "name", "position", "unsur", "gender", "phone", "is_active"]
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(body=self.body)

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        # The body stays a (hidden) form field rather than being set on save, so the
        # unique-name-per-body constraint is still validated by the form instead of failing
        # in the database.
        kwargs["widgets"] = {"body": forms.HiddenInput}
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["body"].initial = self.body
        return formset


class KomiteInline(BdcPersonInline):
    body = BdcPerson.Body.KOMITE
    verbose_name = _("Komite member")
    verbose_name_plural = _("Komite (oversight board)")


class PengelolaInline(BdcPersonInline):
    body = BdcPerson.Body.PENGELOLA
    verbose_name = _("Pengelola member")
    verbose_name_plural = _("Pengelola (operating managers)")


class OutletInline(CompactTabularInline):
    model = Outlet
    fields = ["kind", "name", "address", "is_active"]
    extra = 0
    # Up to ~200 outlets (Pontianak sold through 184): folded away by default.
    classes = ["collapse"]


class PlanActivityInline(CompactTabularInline):
    model = PlanActivity
    fields = ["activity", "target", "indicator", "starts_on", "ends_on", "progress_percent"]
    extra = 0


class GrantTrancheInline(CompactTabularInline):
    model = GrantTranche
    fields = ["stage", "fiscal_year", "source", "allocated", "disbursed", "spent", "use_rate"]
    readonly_fields = ["use_rate"]
    extra = 0

    @admin.display(description=_("use rate"))
    def use_rate(self, obj: GrantTranche) -> str | None:
        # Spent as a share of disbursed (GrantTranche.use_rate).
        return percent(obj.use_rate) if obj.pk else ""


@admin.register(Bdc)
class BdcAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "city",
        "province",
        "pilot_number",
        "established_on",
        "komite_count",
        "pengelola_count",
        "outlet_count",
    ]
    list_filter = [("city__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "city__name"]
    list_select_related = ["city__province"]
    autocomplete_fields = ["city"]
    inlines = [KomiteInline, PengelolaInline, OutletInline, GrantTrancheInline, PlanActivityInline]
    fieldsets = [
        (None, {"fields": ["city", "name", "address", "established_on", "sk_komite_number"]}),
        (
            _("Feasibility study"),
            {
                "fields": [
                    "feasibility_study_title",
                    "feasibility_study_date",
                    "feasibility_study_summary",
                    "feasibility_study_file",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                komite_count=_count_per_bdc(BdcPerson, body=BdcPerson.Body.KOMITE, is_active=True),
                pengelola_count=_count_per_bdc(
                    BdcPerson, body=BdcPerson.Body.PENGELOLA, is_active=True
                ),
                outlet_count=_count_per_bdc(Outlet, is_active=True),
            )
        )

    @admin.display(description=_("province"), ordering="city__province__name")
    def province(self, obj: Bdc) -> str:
        return str(obj.city.province)

    @admin.display(description=_("pilot number"), ordering="city__pilot_number")
    def pilot_number(self, obj: Bdc) -> int | None:
        return obj.city.pilot_number

    @admin.display(description=_("Komite"), ordering="komite_count")
    def komite_count(self, obj: Bdc) -> int:
        return obj.komite_count

    @admin.display(description=_("Pengelola"), ordering="pengelola_count")
    def pengelola_count(self, obj: Bdc) -> int:
        return obj.pengelola_count

    @admin.display(description=_("active outlets"), ordering="outlet_count")
    def outlet_count(self, obj: Bdc) -> int:
        return obj.outlet_count


# Komite and Pengelola, outlets, plan activities and tranches are edited on their BDC's page;
# these lists (across BDCs, e.g. every outlet of a province) are left out of the index.


@admin.register(BdcPerson)
class BdcPersonAdmin(HiddenFromIndex, SimpleHistoryAdmin):
    list_display = ["name", "position", "body", "unsur", "gender", "bdc", "is_active"]
    list_filter = [
        "body",
        "unsur",
        "gender",
        "is_active",
        ("bdc__city__province", admin.RelatedOnlyFieldListFilter),
        "bdc",
    ]
    search_fields = ["name", "position", "bdc__name", "bdc__city__name"]
    list_select_related = ["bdc"]
    autocomplete_fields = ["bdc"]


@admin.register(Outlet)
class OutletAdmin(HiddenFromIndex, SimpleHistoryAdmin):
    list_display = ["name", "kind", "bdc", "address", "is_active"]
    list_filter = [
        "kind",
        "is_active",
        ("bdc__city__province", admin.RelatedOnlyFieldListFilter),
        "bdc",
    ]
    search_fields = ["name", "address", "bdc__name", "bdc__city__name"]
    list_select_related = ["bdc"]
    autocomplete_fields = ["bdc"]


@admin.register(PlanActivity)
class PlanActivityAdmin(HiddenFromIndex, SimpleHistoryAdmin):
    list_display = ["activity", "bdc", "target", "starts_on", "ends_on", "progress_percent"]
    list_filter = [("bdc__city__province", admin.RelatedOnlyFieldListFilter), "bdc"]
    search_fields = ["activity", "target", "indicator", "bdc__name"]
    list_select_related = ["bdc"]
    autocomplete_fields = ["bdc"]
    date_hierarchy = "starts_on"


@admin.register(GrantTranche)
class GrantTrancheAdmin(HiddenFromIndex, SimpleHistoryAdmin):
    list_display = [
        "bdc",
        "stage",
        "fiscal_year",
        "allocated_rp",
        "disbursed_rp",
        "spent_rp",
        "use_rate",
    ]
    list_filter = [
        "stage",
        "fiscal_year",
        ("bdc__city__province", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["bdc__name", "bdc__city__name", "source"]
    list_select_related = ["bdc"]
    autocomplete_fields = ["bdc"]
    readonly_fields = ["use_rate"]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("allocated (Rp)"), ordering="allocated")
    def allocated_rp(self, obj: GrantTranche) -> str:
        return rupiah(obj.allocated)

    @admin.display(description=_("disbursed (Rp)"), ordering="disbursed")
    def disbursed_rp(self, obj: GrantTranche) -> str:
        return rupiah(obj.disbursed)

    @admin.display(description=_("spent (Rp)"), ordering="spent")
    def spent_rp(self, obj: GrantTranche) -> str:
        return rupiah(obj.spent)

    @admin.display(description=_("Use"))
    def use_rate(self, obj: GrantTranche) -> str | None:
        return percent(obj.use_rate) if obj.pk else ""
