"""Forms of the BDC page: its outlets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bdc.models import Outlet
from kotaku.lib.positions import PositionFormMixin


class OutletForm(PositionFormMixin, forms.ModelForm):
    class Meta:
        model = Outlet
        fields = ["kind", "name", "address", "is_active", "latitude", "longitude"]

    def clean(self):
        data = super().clean()
        # The model's UniqueConstraint would report it as a form-wide error (the BDC is not
        # a field of the form): said next to the name instead.
        name = data.get("name")
        if name:
            siblings = Outlet.objects.filter(bdc=self.instance.bdc_id, name__iexact=name)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error("name", _("This BDC already has an outlet with this name."))
        return data
