"""The form Pusat sets a target with."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from kotaku.lib.widgets import FastSelect
from kotaku.models import City, Province
from monitoring.indicators import BY_KEY, Unit
from monitoring.models import Target


class TargetForm(forms.ModelForm):
    """Indicator, year, area (none: national) and value. The unique and one-area constraints
    are checked by the model's validate_constraints, with their own messages."""

    class Meta:
        model = Target
        fields = ["indicator", "year", "province", "city", "value"]
        widgets = {"province": FastSelect, "city": FastSelect}
        help_texts = {
            "province": _("Leave province and city empty for a national target."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.order_by("name")
        self.fields["city"].queryset = City.objects.select_related("province").order_by(
            "province__name", "name"
        )
        self.fields["value"].min_value = 0
        self.fields["value"].validators.append(MinValueValidator(0))
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        self.fields["value"].help_text = _(
            "In the indicator's unit, given with its definition below (a percentage, a number "
            "of KSMs, visits per BDC in a quarter)."
        )

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year

    def clean(self) -> dict:
        data = super().clean()
        if data.get("province") and data.get("city"):
            self.add_error("city", _("Choose a province or a city, not both."))
        indicator = BY_KEY.get(data.get("indicator"))
        value = data.get("value")
        if indicator and value is not None and indicator.unit == Unit.PERCENT and value > 100:
            self.add_error("value", _("A percentage cannot be above 100."))
        return data
