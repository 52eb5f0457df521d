"""Admin for the KSM registry: groups, their members and products, maturity assessments."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kotaku.admin import CompactTabularInline, HiddenFromIndex, rupiah
from ksm.models import Assessment, Ksm, MaturityCriterion, Member, Product


class MemberInline(CompactTabularInline):
    model = Member
    fields = ["name", "gender", "has_disability", "business", "is_active"]
    extra = 1


class ProductInline(CompactTabularInline):
    model = Product
    fields = [
        "name",
        "category",
        "is_flagship",
        "unit",
        "price",
        "monthly_capacity",
        "permits",
    ]
    extra = 0


class AssessmentInline(admin.TabularInline):
    """The KSM's maturity assessments, for reading; each is changed on its own page, where
    the criteria are ticked and the score and stage derived."""

    model = Assessment
    fields = ["assessed_on", "score", "maturity", "assessed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Ksm)
class KsmAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "city",
        "kelurahan",
        "type",
        "ppmk_stage",
        "maturity",
        "is_bdc_partner",
    ]
    list_filter = [
        "type",
        "ppmk_stage",
        "maturity",
        "is_bdc_partner",
        ("city__province", admin.RelatedOnlyFieldListFilter),
        ("city", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "code", "chair_name", "kelurahan__name", "city__name"]
    list_select_related = ["city", "kelurahan"]
    autocomplete_fields = ["kelurahan"]
    # The city follows the kelurahan (Ksm.save); shown, not edited.
    readonly_fields = ["code", "city", "created_at"]
    fields = [
        "code",
        "name",
        "city",
        "kelurahan",
        "type",
        "formed_on",
        "ppmk_stage",
        "maturity",
        "is_bdc_partner",
        "chair_name",
        "phone",
        "created_at",
    ]
    inlines = [MemberInline, ProductInline, AssessmentInline]

    def get_inlines(self, request: HttpRequest, obj):
        # A new KSM has no assessments to list.
        return self.inlines if obj else [i for i in self.inlines if i is not AssessmentInline]

    class Media:
        css = {"all": ["css/admin.css"]}


# Members and products are edited on their KSM's page, and assessments reached from it; these
# lists (across KSMs) are left out of the index.


@admin.register(Member)
class MemberAdmin(HiddenFromIndex, SimpleHistoryAdmin):
    list_display = ["name", "ksm", "gender", "has_disability", "business", "is_active"]
    list_filter = [
        "gender",
        "has_disability",
        "is_active",
        ("ksm__city__province", admin.RelatedOnlyFieldListFilter),
        ("ksm__city", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "business", "ksm__name", "ksm__code"]
    list_select_related = ["ksm"]
    autocomplete_fields = ["ksm"]


@admin.register(Product)
class ProductAdmin(HiddenFromIndex, SimpleHistoryAdmin):
    list_display = [
        "name",
        "ksm",
        "category",
        "is_flagship",
        "price_rp",
        "unit",
        "monthly_capacity",
        "permits",
    ]
    list_filter = [
        "category",
        "is_flagship",
        ("ksm__city__province", admin.RelatedOnlyFieldListFilter),
        ("ksm__city", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "permits", "ksm__name", "ksm__code"]
    list_select_related = ["ksm"]
    autocomplete_fields = ["ksm"]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("price (Rp)"), ordering="price")
    def price_rp(self, obj: Product) -> str:
        return rupiah(obj.price)


class AssessmentAdminForm(forms.ModelForm):
    """Criteria as checkboxes; the score and stage are derived from them on save."""

    criteria = forms.MultipleChoiceField(
        label=capfirst(Assessment._meta.get_field("criteria_met").verbose_name),
        choices=MaturityCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Assessment
        fields = ["ksm", "assessed_on", "criteria", "note", "assessed_by"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["criteria"].initial = self.instance.criteria_met

    def _post_clean(self) -> None:
        # Derive score and maturity before the model is validated (score is not nullable).
        self.instance.set_criteria(self.cleaned_data.get("criteria", []))
        super()._post_clean()


@admin.register(Assessment)
class AssessmentAdmin(HiddenFromIndex, SimpleHistoryAdmin):
    form = AssessmentAdminForm
    list_display = ["ksm", "assessed_on", "score", "maturity", "assessed_by"]
    list_filter = [
        "maturity",
        ("ksm__city__province", admin.RelatedOnlyFieldListFilter),
        ("ksm__city", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["ksm__name", "ksm__code", "note"]
    list_select_related = ["ksm", "assessed_by"]
    autocomplete_fields = ["ksm", "assessed_by"]
    readonly_fields = ["score", "maturity"]
    fields = ["ksm", "assessed_on", "criteria", "score", "maturity", "note", "assessed_by"]
    date_hierarchy = "assessed_on"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"assessed_by": request.user.pk, **super().get_changeform_initial_data(request)}
