from django import forms

from notifications.kinds import EmailMode, Kind, default_mode


class PreferencesForm(forms.Form):
    """One choice per kind: immediately, in the daily digest, or not by email."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=EmailMode.choices,
                initial=current.get(kind.value, default_mode(kind)),
                widget=forms.RadioSelect,
            )
