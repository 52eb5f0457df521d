"""Forms of the visit pages. Every choice list is narrowed to the visit's city."""

import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bdc.models import Outlet
from kotaku.lib import exif, uploads
from kotaku.lib.fields import FilterDateField, IdsChoiceField, PlaceChoiceField
from kotaku.models import City, Province, Role
from ksm.models import Ksm
from monitoring.models import (
    Answer,
    Attendee,
    ChecklistItem,
    ChecklistTemplate,
    DocumentCheck,
    Finding,
    RktlConcern,
    RktlItem,
    Visit,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """Carries the section version the form was loaded with (see services.section_save)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VisitPlanForm(forms.ModelForm):
    """Plan a visit: where, when, how, whom. Targets and team come from the chosen city only."""

    methods = forms.MultipleChoiceField(
        label=_("Methods"),
        choices=Visit.Method.choices,
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )

    class Meta:
        model = Visit
        fields = [
            "city",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "location",
            "methods",
            "target_bdc",
            "target_ksms",
            "target_outlets",
            "team",
            "team_others",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "target_ksms": forms.CheckboxSelectMultiple,
            "target_outlets": forms.CheckboxSelectMultiple,
            "team": forms.CheckboxSelectMultiple,
            "team_others": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = dict.fromkeys(("target_ksms", "target_outlets", "team"), IdsChoiceField)

    def __init__(self, *args, cities, **kwargs):
        """`cities`: the cities the user may plan visits in."""
        super().__init__(*args, **kwargs)
        city_ids = [c.pk for c in cities]
        self.fields["city"].queryset = City.objects.filter(pk__in=city_ids)
        if len(city_ids) == 1:
            self.fields["city"].initial = city_ids[0]
        if self.instance.pk:
            # The city of a visit is fixed once planned: its answers and targets belong to it.
            self.fields["city"].disabled = True
            city_ids = [self.instance.city_id]
        self.fields["target_ksms"].queryset = Ksm.objects.filter(city__in=city_ids).select_related(
            "city"
        )
        self.fields["target_outlets"].queryset = Outlet.objects.filter(
            bdc__city__in=city_ids
        ).select_related("bdc__city")
        self.fields["team"].queryset = (
            get_user_model()
            .objects.filter(
                Q(assignments__city__in=city_ids)
                | Q(assignments__role=Role.KMW, assignments__province__cities__in=city_ids)
            )
            .distinct()
            .order_by("first_name", "username")
        )
        self.fields["team"].label_from_instance = lambda u: u.get_full_name() or u.username
        if len(city_ids) > 1:
            self.fields["target_ksms"].label_from_instance = lambda k: f"{k.name} ({k.city})"
            self.fields["target_outlets"].label_from_instance = lambda o: f"{o.name} ({o.bdc.city})"

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        city = data.get("city") or (self.instance.city if self.instance.pk else None)
        if city:
            for field, owner in (("target_ksms", "city_id"), ("target_outlets", "bdc.city_id")):
                for target in data.get(field) or []:
                    owner_city = target.city_id if owner == "city_id" else target.bdc.city_id
                    if owner_city != city.pk:
                        self.add_error(
                            field,
                            _("%(target)s is not in %(city)s.") % {"target": target, "city": city},
                        )
            if data.get("target_bdc") and not hasattr(city, "bdc"):
                self.add_error("target_bdc", _("%(city)s has no BDC.") % {"city": city})
        return data


def default_template() -> ChecklistTemplate:
    return ChecklistTemplate.objects.get(is_default=True)


class ChecklistSectionForm(VersionedForm):
    """The answers and notes of one checklist section; one pair of fields per item."""

    def __init__(self, *args, section, answers: dict[int, Answer], **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.items: list[ChecklistItem] = list(section.items.all())
        for item in self.items:
            answer = answers.get(item.pk)
            self.fields[f"value_{item.pk}"] = forms.ChoiceField(
                label=f"{item.code}. {item.localized_text}",
                choices=Answer.Value.choices,
                # Rendered as a row of toggle buttons: large enough to tap in the field.
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                required=False,
                initial=answer.value if answer else None,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=answer.note if answer else "",
            )

    def clean(self):
        data = super().clean()
        for item in self.items:
            if data.get(f"note_{item.pk}") and not data.get(f"value_{item.pk}"):
                self.add_error(f"value_{item.pk}", _("Choose an answer for the note you wrote."))
        return data

    def rows(self):
        return [(item, self[f"value_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def save(self, visit: Visit) -> None:
        for item in self.items:
            value = self.cleaned_data.get(f"value_{item.pk}")
            note = self.cleaned_data.get(f"note_{item.pk}", "")
            if value:
                Answer.objects.update_or_create(
                    visit=visit, item=item, defaults={"value": value, "note": note}
                )
            else:
                Answer.objects.filter(visit=visit, item=item).delete()


class DocumentCheckForm(forms.ModelForm):
    class Meta:
        model = DocumentCheck
        fields = ["document", "other_name", "status", "note"]
        widgets = {"note": forms.TextInput}

    def clean(self):
        data = super().clean()
        if data.get("document") == DocumentCheck.Document.OTHER and not data.get("other_name"):
            self.add_error("other_name", _("Name the document."))
        return data


class AttendeeForm(forms.ModelForm):
    class Meta:
        model = Attendee
        fields = ["name", "organisation", "position", "gender", "has_disability"]
        widgets = {"gender": forms.Select}


DocumentCheckFormSet = forms.inlineformset_factory(
    Visit, DocumentCheck, form=DocumentCheckForm, extra=1, can_delete=True
)
AttendeeFormSet = forms.inlineformset_factory(
    Visit, Attendee, form=AttendeeForm, extra=2, can_delete=True
)


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["description", "item"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ChecklistItem.objects.filter(
            section__template_id=visit.template_id
        ).select_related("section")
        self.fields["item"].required = False
        self.fields["item"].label_from_instance = lambda i: f"{i.code}. {i.localized_text}"


def concern_choices(visit: Visit) -> list[tuple[str, str]]:
    """What an RKTL action of `visit` may concern: the visit's targets (two queries). The BDC
    is offered when it was a target, or when the visit has no other."""
    ksms = [(f"ksm:{k.pk}", k.name) for k in visit.target_ksms.order_by("name", "id")]
    outlets = [(f"outlet:{o.pk}", o.name) for o in visit.target_outlets.order_by("name", "id")]
    bdc = [(RktlConcern.BDC.value, RktlConcern.BDC.label)]
    return (bdc if visit.target_bdc or not (ksms or outlets) else []) + ksms + outlets


class RktlItemForm(forms.ModelForm):
    # "bdc", "ksm:<id>" or "outlet:<id>", one of concern_choices(visit).
    concern_target = forms.ChoiceField(label=_("Concerns"))

    class Meta:
        model = RktlItem
        fields = ["category", "problem", "action", "pic_name", "pic_tier", "deadline"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 2}),
            "action": forms.Textarea(attrs={"rows": 2}),
            "deadline": DATE_INPUT,
        }

    def __init__(self, *args, visit: Visit | None = None, choices=None, **kwargs):
        """`choices`: concern_choices(visit), when already read for several forms."""
        super().__init__(*args, **kwargs)
        if choices is None:
            choices = concern_choices(visit) if visit is not None else []
        field = self.fields["concern_target"]
        field.choices = choices
        # With one target there is nothing to choose: it is the one, posted or not.
        self.only_choice = choices[0][0] if len(choices) == 1 else None
        if self.only_choice:
            field.initial, field.required = self.only_choice, False

    def clean_concern_target(self) -> str:
        value = self.cleaned_data["concern_target"] or self.only_choice
        kind, _sep, pk = value.partition(":")
        self.instance.concern = kind
        self.instance.concern_ksm_id = int(pk) if kind == RktlConcern.KSM else None
        self.instance.concern_outlet_id = int(pk) if kind == RktlConcern.OUTLET else None
        return value

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("A new action's deadline cannot be in the past."))
        return deadline


class FirstRktlActionForm(RktlItemForm):
    """The optional first RKTL action on the form that adds a finding: valid when left empty.
    What it concerns is preset, so only the action's own fields say whether one was given."""

    def has_changed(self) -> bool:
        return any(name in self.changed_data for name in self.Meta.fields)


def first_action_form(visit: Visit, data=None, choices=None) -> FirstRktlActionForm:
    return FirstRktlActionForm(
        data,
        prefix="rktl-new",
        visit=visit,
        choices=choices,
        empty_permitted=True,
        use_required_attribute=False,
    )


class VisitFilterForm(forms.Form):
    # A national list offers 270 cities (PlaceChoiceField reads and writes them fast).
    province = PlaceChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False
    )
    city = PlaceChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Visit.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Visit.Kind.choices], required=False
    )
    date_from = FilterDateField(label=_("From"), widget=DATE_INPUT)
    date_to = FilterDateField(label=_("To"), widget=DATE_INPUT)
    # By start date alone (date_from/date_to keep any visit that overlaps the period): the
    # targets panel counts visits by the day they started.
    started_from = FilterDateField(label=_("Started from"), widget=DATE_INPUT)
    started_to = FilterDateField(label=_("Started to"), widget=DATE_INPUT)

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
        self.fields["province"].queryset = Province.objects.filter(cities__in=cities).distinct()

    def clean(self):
        data = super().clean()
        for first, last in (("date_from", "date_to"), ("started_from", "started_to")):
            if data.get(first) and data.get(last) and data[last] < data[first]:
                self.add_error(last, _("The end date cannot be before the start date."))
        return data

    def filter(self, visits):
        """Narrow `visits` by the filters that are valid; a field in error is left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})  # none when the form is unbound
        data = {name: cleaned.get(name) for name in self.fields}
        if data["province"]:
            visits = visits.filter(city__province=data["province"])
        if data["city"]:
            visits = visits.filter(city=data["city"])
        if data["status"]:
            visits = visits.filter(status=data["status"])
        if data["kind"]:
            visits = visits.filter(kind=data["kind"])
        if data["date_from"]:
            visits = visits.filter(ends_on__gte=data["date_from"])
        if data["date_to"]:
            visits = visits.filter(starts_on__lte=data["date_to"])
        if data["started_from"]:
            visits = visits.filter(starts_on__gte=data["started_from"])
        if data["started_to"]:
            visits = visits.filter(starts_on__lte=data["started_to"])
        return visits


# How far ahead of the server's clock a time sent by a phone may be: its clock may run fast,
# and a camera's local time without a zone is read as settings.TIME_ZONE (WIB) though it may
# be WIT, two hours ahead (kotaku/lib/exif.py).
CLOCK_SLACK = datetime.timedelta(minutes=10)
ZONE_SLACK = datetime.timedelta(hours=2)


def coordinate_field(label, limit: int, message) -> forms.DecimalField:
    """A latitude (`limit` 90) or longitude (180) in degrees; rounded to six places, the
    precision it is stored with (kotaku/lib/positions.py)."""
    return forms.DecimalField(
        label=label,
        required=False,
        widget=forms.HiddenInput,
        validators=[
            MinValueValidator(-limit, message=message),
            MaxValueValidator(limit, message=message),
        ],
    )


def six_places(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(exif.SIX_PLACES)


LATITUDE_RANGE = _("A latitude is between -90 and 90 degrees.")
LONGITUDE_RANGE = _("A longitude is between -180 and 180 degrees.")


class VisitPositionForm(forms.ModelForm):
    """Where the phone was on site: read by the browser's geolocation (with the user's
    permission, never unasked) and posted with how sure it was and when it was read."""

    latitude = coordinate_field(_("latitude"), 90, LATITUDE_RANGE)
    longitude = coordinate_field(_("longitude"), 180, LONGITUDE_RANGE)
    position_accuracy = forms.IntegerField(
        label=_("position accuracy (m)"),
        required=False,
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"min_value": _("The accuracy of a position cannot be negative.")},
    )
    positioned_at = forms.DateTimeField(
        label=_("position taken at"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Visit
        fields = ["latitude", "longitude", "position_accuracy", "positioned_at"]

    def clean_latitude(self):
        return six_places(self.cleaned_data["latitude"])

    def clean_longitude(self):
        return six_places(self.cleaned_data["longitude"])

    def clean_positioned_at(self):
        at = self.cleaned_data["positioned_at"]
        if at and at > timezone.now() + CLOCK_SLACK:
            raise forms.ValidationError(
                _("The position's time is in the future: check the clock of this device.")
            )
        return at

    def clean(self):
        data = super().clean()
        given = [data.get(name) is not None for name in self.Meta.fields]
        if any(given) and not all(given) and not self.errors:
            # Half a position is no position: the page's script always sends all four.
            raise forms.ValidationError(
                _("A position needs its latitude, longitude, accuracy and time.")
            )
        return data


class AttachmentForm(forms.Form):
    """Upload a photo or a document. The content decides which it is, not the file name.

    A phone shrinks a photo before sending it, which drops its EXIF: the page's script reads
    when and where it was taken first and sends them along (`exif_*`). What the uploaded
    file's own EXIF says wins over them (`photo_place`).
    """

    file = forms.FileField(
        label=_("Photo or file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,.pdf,.doc,.docx,.xls,.xlsx,.odt,.ods"}
        ),
    )
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)
    # "2026-07-22T10:15:00", with "+08:00" when the camera wrote its offset.
    exif_taken_at = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    exif_latitude = coordinate_field(_("latitude"), 90, LATITUDE_RANGE)
    exif_longitude = coordinate_field(_("longitude"), 180, LONGITUDE_RANGE)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = uploads.check_upload(upload)
        return upload

    def clean_exif_taken_at(self) -> datetime.datetime | None:
        value = self.cleaned_data["exif_taken_at"].strip()
        if not value:
            return None
        try:
            taken_at = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(
                _("The time this photo was taken, sent by this device, is not a date and time.")
            ) from None
        if taken_at.tzinfo is None:
            taken_at = taken_at.replace(tzinfo=exif.local_zone())
        if taken_at > timezone.now() + CLOCK_SLACK + ZONE_SLACK:
            raise forms.ValidationError(
                _("The time this photo was taken, sent by this device, is in the future.")
            )
        return taken_at

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("exif_latitude"), data.get("exif_longitude")
        in_error = self.has_error("exif_latitude") or self.has_error("exif_longitude")
        if (latitude is None) != (longitude is None) and not in_error:
            self.add_error(None, _("The photo's position sent by this device lacks a coordinate."))
        return data

    def photo_place(self, from_file: exif.PhotoPlace) -> exif.PhotoPlace:
        """When and where the photo was taken: from the file's EXIF when it has them, else
        what the page's script read from the photo before shrinking it."""
        data = self.cleaned_data
        sent = exif.PhotoPlace(
            data.get("exif_taken_at"),
            six_places(data.get("exif_latitude")),
            six_places(data.get("exif_longitude")),
        )
        position = from_file if from_file.has_position else sent
        if not position.has_position:
            position = exif.PhotoPlace()
        return exif.PhotoPlace(
            from_file.taken_at or sent.taken_at, position.latitude, position.longitude
        )
