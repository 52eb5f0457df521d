"""The review form: a decision, a comment, and a comment per section of the visit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import Review
from monitoring.sections import SECTION_LABELS, SECTIONS


class ReviewForm(forms.Form):
    # Reopening an approved visit is a form of its own (ReopenForm).
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(d.value, d.label) for d in (Review.Decision.APPROVE, Review.Decision.RETURN)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when sending the visit back."),
    )

    # A comment field per section of the fill-in page.
    SECTION_KEYS = tuple(section.key for section in SECTIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in self.SECTION_KEYS:
            self.fields[f"section_{key}"] = forms.CharField(
                label=SECTION_LABELS[key], required=False, widget=forms.TextInput
            )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Review.Decision.RETURN and not data.get("comment", "").strip():
            self.add_error("comment", _("Say why the visit is sent back."))
        return data

    def section_comments(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(f"section_{k}", "") for k in self.SECTION_KEYS}


class ReopenForm(forms.Form):
    """Reopening an approved visit for a correction (KMW of the province, or Pusat)."""

    reason = forms.CharField(
        label=_("Why it is reopened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The visit goes back to its facilitator and through review again."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_reopen_%s")
        super().__init__(*args, **kwargs)


class CancelForm(forms.Form):
    """Cancelling a draft (its author): kept, marked cancelled, out of lists and counts."""

    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=100, widget=forms.TextInput
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_cancel_%s")
        super().__init__(*args, **kwargs)
