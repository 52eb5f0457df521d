from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from api.models import ApiToken, TokenStatus

LIFETIMES = (30, 90, 180, 365)


def lifetime_choices() -> list[tuple[int, str]]:
    """The lifetimes offered, with the configured default among them."""
    days = sorted({*LIFETIMES, settings.API_TOKEN_DEFAULT_DAYS})
    label = ngettext_lazy("%(days)d day", "%(days)d days", "days")
    return [(d, label % {"days": d}) for d in days]


class TokenCreateForm(forms.ModelForm):
    lifetime = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=lambda days: timedelta(days=int(days)),
        choices=lifetime_choices,
        help_text=_("The token stops working after this; make a new one then."),
    )

    class Meta:
        model = ApiToken
        fields = ["name", "read_only"]
        help_texts = {
            "name": _("What the token is for, e.g. “Power BI dashboard of the province”."),
            "read_only": _("A read-only token can read but never change anything."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lifetime"].initial = settings.API_TOKEN_DEFAULT_DAYS


class TokenFilterForm(forms.Form):
    """Pusat's filters of everyone's tokens (GET)."""

    user = forms.CharField(label=_("User"), required=False, max_length=150)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *TokenStatus.choices],
    )
