"""Forms of the KSM registry: list filters, and the KSM, member, product and assessment forms."""

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.access import cities_readable_by, scope_for
from kotaku.lib.fields import FilterDateField, PlaceChoiceField, as_id
from kotaku.lib.positions import PositionFormMixin
from kotaku.models import City, Kelurahan, Province
from ksm.models import Assessment, Ksm, MaturityCriterion, Member, Product, formed_by_q

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = [("", _("All"))]
# Up to this many cities, the registry's kelurahan filter lists all of them without a city chosen.
SMALL_AREA_CITIES = 3


class KsmFilterForm(forms.Form):
    """The registry's search and filters. Choices come from the user's own area only."""

    q = forms.CharField(label=_("Search name or chair"), max_length=100, required=False)
    # A national list offers 270 cities (PlaceChoiceField reads and writes them fast).
    province = PlaceChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False
    )
    city = PlaceChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    kelurahan = PlaceChoiceField(
        label=_("Kelurahan"), queryset=Kelurahan.objects.none(), required=False
    )
    type = forms.ChoiceField(label=_("Type"), choices=[*ALL, *Ksm.Type.choices], required=False)
    ppmk_stage = forms.TypedChoiceField(
        label=_("PPMK stage"),
        choices=[*ALL, *Ksm.PpmkStage.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    # The targets panel's links: KSMs at stage II or later, formed by the end of a quarter.
    stage_from = forms.TypedChoiceField(
        label=_("PPMK stage at least"),
        choices=[*ALL, *Ksm.PpmkStage.choices[1:]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    formed_by = FilterDateField(label=_("Formed by"), widget=DATE_INPUT)
    maturity = forms.ChoiceField(
        label=_("Maturity"), choices=[*ALL, *Ksm.Maturity.choices], required=False
    )
    bdc_partner = forms.ChoiceField(
        label=_("BDC partner"),
        choices=[*ALL, ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Product category"), choices=[*ALL, *Product.Category.choices], required=False
    )

    # More kelurahan than this are not offered as a list (a country has tens of thousands):
    # the page asks for a city first.
    MAX_KELURAHAN_OPTIONS = 300

    def __init__(self, *args, cities, kelurahans, small_area: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
        self.fields["province"].queryset = Province.objects.filter(cities__in=cities).distinct()
        # Any kelurahan of the user's area is accepted; those offered are read when the
        # field is shown (`with_kelurahans`), which the registry keeps as HTML.
        self.fields["kelurahan"].queryset = kelurahans
        self._offer = (kelurahans, small_area)

    @classmethod
    def for_user(cls, data, user) -> "KsmFilterForm":
        """The form for the user's area: the cities they read, and the kelurahan that hold a
        KSM they see (the country has tens of thousands). The registry page and the API both
        build it here, so that a filter means the same in both."""
        scope = scope_for(user)
        visible = Ksm.objects.visible_to(user)
        # EXISTS rather than IN (a semi-join over every KSM): the filter lists at most a few
        # hundred, and PostgreSQL stops as soon as it has them.
        kelurahans = Kelurahan.objects.filter(Exists(visible.filter(kelurahan=OuterRef("pk"))))
        return cls(
            data,
            cities=cities_readable_by(user).select_related("province"),
            kelurahans=kelurahans,
            # A few cities hold a few hundred kelurahan; a province or the country, thousands.
            small_area=not scope.national and len(scope.readable_cities) <= SMALL_AREA_CITIES,
        )

    def with_kelurahans(self) -> "KsmFilterForm":
        """The form with its kelurahan offered (one query), for the page that shows them."""
        if self._offer is not None:
            kelurahans, small_area = self._offer
            self.offer_kelurahans(kelurahans, small_area=small_area)
            self._offer = None
        return self

    def offer_kelurahans(self, kelurahans, *, small_area: bool) -> None:
        """The kelurahan the list offers: those of the chosen city, or of the whole area when
        it is `small_area`, read in one sliced query."""
        # Ids from the query string, None when missing or not an id at all (e.g. past 64 bits).
        city = as_id(self.data.get("city", "")) if self.is_bound else None
        chosen = as_id(self.data.get("kelurahan", "")) if self.is_bound else None
        offered = []
        if city is not None:
            offered = kelurahans.filter(kecamatan__city_id=city)
        elif small_area:
            offered = kelurahans
        offered = list(offered[: self.MAX_KELURAHAN_OPTIONS + 1])
        if len(offered) > self.MAX_KELURAHAN_OPTIONS or not (city is not None or small_area):
            # Still show the one chosen (from a link), so that the filter stays visible.
            offered = list(kelurahans.filter(pk=chosen)) if chosen is not None else []
            self.fields["kelurahan"].help_text = _("Choose a city to list its kelurahan.")
        self.fields["kelurahan"].widget.choices = [
            *ALL,
            *((k.pk, self.fields["kelurahan"].label_from_instance(k)) for k in offered),
        ]

    def filter(self, ksms):
        """Narrow `ksms` (already scoped to the user) by the filters that are valid.

        A field in error is left out (the page shows its error); the others still apply.
        """
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})  # none when the form is unbound
        data = {name: cleaned.get(name) for name in self.fields}
        if data["q"]:
            ksms = ksms.filter(Q(name__icontains=data["q"]) | Q(chair_name__icontains=data["q"]))
        if data["province"]:
            ksms = ksms.filter(city__province=data["province"])
        if data["city"]:
            ksms = ksms.filter(city=data["city"])
        if data["kelurahan"]:
            ksms = ksms.filter(kelurahan=data["kelurahan"])
        if data["type"]:
            ksms = ksms.filter(type=data["type"])
        if data["ppmk_stage"]:
            ksms = ksms.filter(ppmk_stage=data["ppmk_stage"])
        if data["stage_from"]:
            ksms = ksms.filter(ppmk_stage__gte=data["stage_from"])
        if data["formed_by"]:
            ksms = ksms.filter(formed_by_q(data["formed_by"]))
        if data["maturity"]:
            ksms = ksms.filter(maturity=data["maturity"])
        if data["bdc_partner"]:
            ksms = ksms.filter(is_bdc_partner=data["bdc_partner"] == "yes")
        if data["category"]:
            # A subquery rather than a join, so a KSM with two such products is listed once.
            products = Product.objects.filter(ksm=OuterRef("pk"), category=data["category"])
            ksms = ksms.filter(Exists(products))
        return ksms


class KelurahanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Kelurahan) -> str:
        return f"{obj}, {obj.kecamatan} ({obj.kecamatan.city})"


class UniqueNameMixin:
    """A field error for a name already used in the same parent.

    The model's UniqueConstraint would otherwise report it as a form-wide error (two fields),
    or not at all when the parent is not a form field (members, products).
    """

    duplicate_message = _("This name is already used.")

    def _check_unique_name(self, siblings) -> None:
        name = self.cleaned_data.get("name")
        if not name:
            return
        siblings = siblings.filter(name__iexact=name)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        if siblings.exists():
            self.add_error("name", self.duplicate_message)


class KsmForm(PositionFormMixin, UniqueNameMixin, forms.ModelForm):
    duplicate_message = _("A KSM with this name already exists in this kelurahan.")

    kelurahan = KelurahanChoiceField(label=_("Kelurahan"), queryset=Kelurahan.objects.none())

    class Meta:
        model = Ksm
        fields = [
            "name",
            "kelurahan",
            "type",
            "formed_on",
            "ppmk_stage",
            "maturity",
            "is_bdc_partner",
            "chair_name",
            "phone",
            "latitude",
            "longitude",
        ]
        widgets = {"formed_on": DATE_INPUT}

    def __init__(self, *args, kelurahans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = kelurahans.select_related("kecamatan__city")
        self.fields["maturity"].help_text = _("Recording an assessment updates it.")
        # The model refuses a future date and a phone number that is not Indonesian
        # (Ksm.clean, as imports do); these tell the user before they type.
        self.fields["formed_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["phone"].help_text = _("For example 0812-3456-7890 or +62 812-3456-7890.")

    def clean(self):
        data = super().clean()
        if data.get("kelurahan"):
            self._check_unique_name(Ksm.objects.filter(kelurahan=data["kelurahan"]))
        return data


class MemberForm(UniqueNameMixin, forms.ModelForm):
    duplicate_message = _("This KSM already has a member with this name.")

    class Meta:
        model = Member
        fields = ["name", "gender", "has_disability", "business"]

    def clean(self):
        data = super().clean()
        self._check_unique_name(Member.objects.filter(ksm=self.instance.ksm_id))
        return data


class MemberEditForm(MemberForm):
    """A member's record once added: also whether they are still active (a member who left is
    kept, and no longer counted)."""

    class Meta(MemberForm.Meta):
        fields = [*MemberForm.Meta.fields, "is_active"]


class ProductForm(UniqueNameMixin, forms.ModelForm):
    duplicate_message = _("This KSM already has a product with this name.")

    class Meta:
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The database refuses a negative price too; this says so next to the field.
        self.fields["price"].validators.append(MinValueValidator(0))

    def clean(self):
        data = super().clean()
        self._check_unique_name(Product.objects.filter(ksm=self.instance.ksm_id))
        return data


class AssessmentForm(forms.ModelForm):
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met"),
        choices=MaturityCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Assessment
        fields = ["assessed_on", "criteria", "note"]
        widgets = {"assessed_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def clean_assessed_on(self):
        assessed_on = self.cleaned_data["assessed_on"]
        if assessed_on > timezone.localdate():
            raise forms.ValidationError(_("The assessment date cannot be in the future."))
        return assessed_on


class QuickStatusForm(forms.Form):
    """Which Quick Status file to prepare: a year, and an area within the user's own."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    # Set by the button pressed: the workbook, or its first sheet as CSV.
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")],
        required=False,
    )

    def __init__(self, *args, cities, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(this_year, 2014, -1)]
        self.fields["year"].initial = this_year
        self.cities = {c.code: c for c in cities}
        provinces = {c.province.code: c.province for c in cities}
        everything = _("National") if national else _("My whole area")
        by_name = sorted(provinces.values(), key=lambda p: p.name)
        self.fields["province"].choices = [("", everything), *((p.code, p.name) for p in by_name)]
        self.fields["city"].choices = [("", _("All cities")), *((c.code, str(c)) for c in cities)]
        self.provinces = provinces
        self.national = national

    def clean(self):
        data = super().clean()
        if data.get("province") and data.get("city"):
            city = self.cities[data["city"]]
            if city.province.code != data["province"]:
                self.add_error("city", _("This city is not in the chosen province."))
        return data
