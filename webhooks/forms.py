from django import forms
from django.utils.translation import gettext_lazy as _

from kotaku.access import scope_for
from webhooks.access import registrable_cities
from webhooks.models import Event, Webhook


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What this address is told of."),
    )

    url = forms.URLField(
        label=Webhook._meta.get_field("url").verbose_name,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_(
            "HTTPS only. Each event is POSTed there as JSON, signed with the hook's secret."
        ),
    )

    class Meta:
        model = Webhook
        fields = ["url", "city", "events", "is_active"]
        help_texts = {"is_active": _("Switched off, the hook is sent nothing.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        city = self.fields["city"]
        city.queryset = registrable_cities(user)
        if scope_for(user).national:
            city.empty_label = _("Every city (national)")
        else:
            city.required = True
            city.empty_label = None
            city.help_text = _("Only the events of this city's records.")
        if self.instance.pk:
            self.initial["events"] = self.instance.events

    def clean_events(self) -> list[str]:
        # In the choices' order, whatever order the browser sent.
        chosen = set(self.cleaned_data["events"])
        return [event for event in Event.values if event in chosen]
