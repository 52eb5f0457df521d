"""Forms of the RKTL pages: the list's filters, progress, verification, deadline changes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.lib import uploads
from kotaku.lib.fields import FilterDateField, PlaceChoiceField
from kotaku.models import City, Province
from monitoring.access import PROGRESS_TARGETS
from monitoring.forms import DATE_INPUT
from monitoring.models import RktlCategory, RktlStatus, Tier

ALL = [("", _("All"))]


class RktlFilterForm(forms.Form):
    """The RKTL list's filters. Choices come from the user's own area only."""

    # A national list offers 270 cities (PlaceChoiceField reads and writes them fast).
    province = PlaceChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False
    )
    city = PlaceChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[*ALL, *RktlCategory.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[*ALL, *RktlStatus.choices], required=False
    )
    tier = forms.ChoiceField(
        label=_("Person in charge"), choices=[*ALL, *Tier.choices], required=False
    )
    deadline_from = FilterDateField(label=_("Deadline from"), widget=DATE_INPUT)
    deadline_to = FilterDateField(label=_("Deadline to"), widget=DATE_INPUT)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    # The dashboard's links narrow by the period of the visits the items came from, and by
    # the age of open items (when they were agreed).
    visit_from = FilterDateField(label=_("Visits from"), widget=DATE_INPUT)
    visit_to = FilterDateField(label=_("Visits to"), widget=DATE_INPUT)
    created_from = FilterDateField(label=_("Agreed from"), widget=DATE_INPUT)
    created_to = FilterDateField(label=_("Agreed to"), widget=DATE_INPUT)
    # The targets panel's links: items by their first agreed deadline, and those verified by it.
    first_deadline_from = FilterDateField(label=_("First deadline from"), widget=DATE_INPUT)
    first_deadline_to = FilterDateField(label=_("First deadline to"), widget=DATE_INPUT)
    on_time = forms.BooleanField(label=_("Verified by the first deadline only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("deadline", _("Deadline, earliest first")),
            ("-deadline", _("Deadline, latest first")),
            ("city", _("City")),
            ("status", _("Status")),
            ("category", _("Category")),
            ("-created", _("Newest first")),
        ],
    )

    PERIODS = (
        ("deadline_from", "deadline_to"),
        ("visit_from", "visit_to"),
        ("created_from", "created_to"),
        ("first_deadline_from", "first_deadline_to"),
    )

    SORTS = {
        "deadline": ["deadline", "id"],
        "-deadline": ["-deadline", "-id"],
        "city": ["city__name", "deadline", "id"],
        "status": ["status", "deadline", "id"],
        "category": ["category", "deadline", "id"],
        "-created": ["-created_at", "-id"],
    }

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
        self.fields["province"].queryset = Province.objects.filter(cities__in=cities).distinct()

    def clean(self):
        data = super().clean()
        for first, last in self.PERIODS:
            if data.get(first) and data.get(last) and data[last] < data[first]:
                self.add_error(last, _("The end date cannot be before the start date."))
        province, city = data.get("province"), data.get("city")
        if province and city and city.province_id != province.pk:
            self.add_error(
                "city",
                forms.ValidationError(
                    _("This city is not in the chosen province."), code="wrong_province"
                ),
            )
        return data

    def filter(self, items, *, ignore: frozenset[str] = frozenset()):
        """Narrow `items` (already scoped to the user) by the filters that are valid, except
        those named in `ignore`.

        A field in error is left out (the page shows its error); the others still apply.
        """
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})  # none when the form is unbound
        data = {name: None if name in ignore else cleaned.get(name) for name in self.fields}
        if data["province"]:
            items = items.filter(city__province=data["province"])
        if data["city"]:
            items = items.filter(city=data["city"])
        for field, key in (("category", "category"), ("status", "status"), ("pic_tier", "tier")):
            if data[key]:
                items = items.filter(**{field: data[key]})
        if data["deadline_from"]:
            items = items.filter(deadline__gte=data["deadline_from"])
        if data["deadline_to"]:
            items = items.filter(deadline__lte=data["deadline_to"])
        if data["overdue"]:
            items = items.overdue()
        if data["visit_from"]:
            items = items.filter(finding__visit__starts_on__gte=data["visit_from"])
        if data["visit_to"]:
            items = items.filter(finding__visit__starts_on__lte=data["visit_to"])
        if (data["visit_from"] or data["visit_to"]) and (data["city"] or data["province"]):
            # The same place on the visit (an item's city is its visit's): without it,
            # PostgreSQL joined the country's findings to the quarter's visits to find a
            # city's 110 items (70 ms); with it, it starts from the city's visits (0.4 ms).
            if data["city"]:
                items = items.filter(finding__visit__city=data["city"])
            else:
                items = items.filter(finding__visit__city__province=data["province"])
        if data["created_from"]:
            items = items.filter(created_at__date__gte=data["created_from"])
        if data["created_to"]:
            items = items.filter(created_at__date__lte=data["created_to"])
        if data["first_deadline_from"]:
            items = items.filter(original_deadline__gte=data["first_deadline_from"])
        if data["first_deadline_to"]:
            items = items.filter(original_deadline__lte=data["first_deadline_to"])
        if data["on_time"]:
            items = items.verified_on_time()
        return items.order_by(*self.SORTS[data["sort"] or "deadline"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [single(f, initial) for f in files]


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("Reason it cannot be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the action cannot be followed up."),
    )
    evidence = MultipleFileField(
        label=_("Evidence (photos or documents)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx"}),
    )

    def __init__(self, *args, item, **kwargs):
        # Its own element ids: the item's page also holds the deadline form, whose "reason"
        # would share id_reason with this one's (field names, and so what is posted, stay).
        kwargs.setdefault("auto_id", "id_progress_%s")
        super().__init__(*args, **kwargs)
        allowed = PROGRESS_TARGETS.get(item.status, set())
        self.fields["status"].choices = [
            (value, label) for value, label in RktlStatus.choices if value in allowed
        ]

    def clean_evidence(self):
        """Each upload with what checking it found: [(upload, CheckedUpload), ...]."""
        files = self.cleaned_data.get("evidence") or []
        return [(upload, uploads.check_upload(upload)) for upload in files]

    def clean(self):
        data = super().clean()
        if data.get("status") == RktlStatus.CANNOT and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the action cannot be followed up."))
        return data


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("verify", _("Verified: the action was done")), ("reject", _("Not done yet"))],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the action is not accepted as done."),
    )

    def __init__(self, *args, **kwargs):
        # Its own element ids, as the progress form's, on the item's page (see ProgressForm).
        kwargs.setdefault("auto_id", "id_verify_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note", "").strip():
            self.add_error("note", _("Say why the action is not accepted as done."))
        return data


class DeadlineRequestForm(forms.Form):
    """A facilitator's request for a new deadline; the Korkot or KMW decides on it."""

    deadline = forms.DateField(label=_("Proposed deadline"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        # Ids of its own: the progress form on the same page has a "reason" too.
        kwargs.setdefault("auto_id", "id_deadline_request_%s")
        super().__init__(*args, **kwargs)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The new deadline cannot be in the past."))
        return deadline


class DeadlineDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Approve the new deadline")), ("refuse", _("Refuse it"))],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the new deadline is refused."),
    )

    def __init__(self, *args, **kwargs):
        # Ids of its own: the verification form on the same page has a "note" too.
        kwargs.setdefault("auto_id", "id_deadline_decision_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("note", "").strip():
            self.add_error("note", _("Say why the new deadline is refused."))
        return data
