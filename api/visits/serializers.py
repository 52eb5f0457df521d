"""Visits and RKTL items as the API gives them: English field names, stored codes as values.

Every nested list is read from what the view prefetched (api/visits/views.py): a serializer
here runs no query of its own. Personal data follows the pages' rule
(kotaku.access.can_see_personal_data): attendee names only for those who may see them.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.files import file_url
from kotaku.access import can_see_personal_data
from kotaku.lib.choices import Gender
from monitoring.attendance import organisations, totals_of
from monitoring.models import (
    Answer,
    Attachment,
    Attendee,
    DeadlineRequest,
    DocumentCheck,
    Evidence,
    Finding,
    Review,
    RktlItem,
    RktlUpdate,
    Visit,
)


def person(user) -> str | None:
    """A staff member's name as the pages show it."""
    return (user.get_full_name() or user.get_username()) if user else None


class NameField(serializers.CharField):
    """A user, as their name (staff: reviewers, authors, team)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return person(value)


# ---- Visits ----------------------------------------------------------------------------------


class TargetKsmSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TargetOutletSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AnswerSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="item.section.code")
    item = serializers.CharField(source="item.code")
    label = serializers.CharField(source="item.localized_text")

    class Meta:
        model = Answer
        fields = ["section", "item", "label", "value", "note"]


class DocumentCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentCheck
        fields = ["document", "other_name", "status", "note"]


class AttendanceSerializer(serializers.Serializer):
    """monitoring.attendance's totals: the one definition the pages, PDFs and dashboard use."""

    total = serializers.IntegerField()
    men = serializers.IntegerField()
    women = serializers.IntegerField()
    disabled = serializers.IntegerField()
    women_share = serializers.IntegerField(
        allow_null=True, help_text="Women as a whole percentage of all attendees."
    )


class OrganisationCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()


class AttendeeSerializer(serializers.ModelSerializer):
    gender = serializers.ChoiceField(choices=Gender.choices)

    class Meta:
        model = Attendee
        fields = ["name", "organisation", "position", "gender", "has_disability"]


class FindingSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", allow_null=True, default=None)
    rktl_items = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "description", "item", "created_at", "rktl_items"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The file, through the API (token).")
    web_url = serializers.SerializerMethodField(
        help_text="A photo's copy at web size (1600 px), or null."
    )

    class Meta:
        model = Attachment
        fields = [
            "id",
            "kind",
            "caption",
            "taken_at",
            "uploaded_at",
            "latitude",
            "longitude",
            "url",
            "web_url",
        ]

    def get_url(self, attachment: Attachment) -> str | None:
        return file_url(self.context["request"], attachment.file)

    def get_web_url(self, attachment: Attachment) -> str | None:
        return file_url(self.context["request"], attachment.web_image)


class ReviewSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(source="comment")
    reviewer = NameField()
    reviewed_at = serializers.DateTimeField(source="created_at")
    section_comments = serializers.DictField(child=serializers.CharField())

    class Meta:
        model = Review
        fields = ["tier", "decision", "reason", "section_comments", "reviewer", "reviewed_at"]


class VisitSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.code")
    checklist = serializers.SerializerMethodField()
    methods = serializers.ListField(child=serializers.ChoiceField(choices=Visit.Method.choices))
    target_ksms = TargetKsmSerializer(many=True)
    target_outlets = TargetOutletSerializer(many=True)
    team = serializers.ListField(child=NameField(), source="team.all")
    created_by = NameField()
    approved_at = serializers.SerializerMethodField(
        help_text="When the KMW approved it (null until approved)."
    )
    answers = AnswerSerializer(many=True)
    document_checks = DocumentCheckSerializer(many=True)
    attendance = serializers.SerializerMethodField()
    attendees = serializers.SerializerMethodField(
        help_text="Names and details: null for a user who may not see personal data."
    )
    organisations = serializers.SerializerMethodField(
        help_text="The organisations present and how many people came from each."
    )
    findings = FindingSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    reviews = ReviewSerializer(many=True)

    class Meta:
        model = Visit
        fields = [
            "code",
            "city",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "location",
            "methods",
            "status",
            "checklist",
            "target_bdc",
            "target_ksms",
            "target_outlets",
            "team",
            "team_others",
            "summary",
            "created_by",
            "created_at",
            "submitted_at",
            "approved_at",
            "updated_at",
            "answers",
            "document_checks",
            "attendance",
            "attendees",
            "organisations",
            "findings",
            "attachments",
            "reviews",
        ]

    @extend_schema_field({"type": "string", "example": "monev-bdc v1"})
    def get_checklist(self, visit: Visit) -> str:
        return f"{visit.template.code} v{visit.template.version}"

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_approved_at(self, visit: Visit):
        if visit.status != Visit.Status.APPROVED:
            return None
        approvals = [
            r
            for r in visit.reviews.all()
            if r.tier == Review.Tier.KMW and r.decision == Review.Decision.APPROVE
        ]
        return (
            serializers.DateTimeField().to_representation(approvals[-1].created_at)
            if approvals
            else None
        )

    @extend_schema_field(AttendanceSerializer)
    def get_attendance(self, visit: Visit) -> dict:
        return totals_of(visit.attendees.all())

    @extend_schema_field(AttendeeSerializer(many=True, allow_null=True))
    def get_attendees(self, visit: Visit) -> list | None:
        if not can_see_personal_data(self.context["request"].user, visit.city_id):
            return None
        return AttendeeSerializer(visit.attendees.all(), many=True).data

    @extend_schema_field(OrganisationCountSerializer(many=True))
    def get_organisations(self, visit: Visit) -> list[dict]:
        return [
            {"name": name, "count": count} for name, count in organisations(visit.attendees.all())
        ]


# ---- RKTL ------------------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The file, through the API (token).")

    class Meta:
        model = Evidence
        fields = ["id", "caption", "url"]

    def get_url(self, evidence: Evidence) -> str | None:
        return file_url(self.context["request"], evidence.file)


class RktlUpdateSerializer(serializers.ModelSerializer):
    by = NameField(source="author")
    at = serializers.DateTimeField(source="created_at")
    evidence = EvidenceSerializer(many=True)

    class Meta:
        model = RktlUpdate
        fields = [
            "kind",
            "note",
            "status_before",
            "status_after",
            "old_deadline",
            "new_deadline",
            "by",
            "at",
            "evidence",
        ]


class DeadlineRequestSerializer(serializers.ModelSerializer):
    requested_by = NameField()
    decided_by = NameField()
    proposed_deadline = serializers.DateField()
    current_deadline = serializers.DateField()

    class Meta:
        model = DeadlineRequest
        fields = [
            "id",
            "requested_by",
            "requested_at",
            "current_deadline",
            "proposed_deadline",
            "reason",
            "decision",
            "decided_by",
            "decided_at",
            "note",
        ]


class RktlItemSerializer(serializers.ModelSerializer):
    """An RKTL item, as in the list. Open and overdue come from the model's one definition
    (RktlItem.is_open / is_overdue, the Python twins of open_q and overdue_q)."""

    city = serializers.CharField(source="city.code")
    visit = serializers.CharField(source="finding.visit.code")
    finding = serializers.IntegerField(source="finding_id")
    concern_ksm = serializers.CharField(source="concern_ksm.code", allow_null=True, default=None)
    concern_outlet = serializers.IntegerField(source="concern_outlet_id", allow_null=True)
    concern_label = serializers.CharField(help_text="What the action is about, by name.")
    is_open = serializers.BooleanField(help_text="Still awaited from the field.")
    is_overdue = serializers.BooleanField(help_text="Open, and past its deadline today.")
    is_overdue_original = serializers.BooleanField(
        help_text="Open, and past the deadline first agreed."
    )
    created_by = NameField()

    class Meta:
        model = RktlItem
        fields = [
            "code",
            "city",
            "visit",
            "finding",
            "category",
            "problem",
            "action",
            "pic_name",
            "pic_tier",
            "deadline",
            "original_deadline",
            "status",
            "cannot_reason",
            "concern",
            "concern_ksm",
            "concern_outlet",
            "concern_label",
            "is_open",
            "is_overdue",
            "is_overdue_original",
            "created_by",
            "created_at",
            "updated_at",
        ]


class RktlItemDetailSerializer(RktlItemSerializer):
    updates = RktlUpdateSerializer(many=True)
    deadline_requests = DeadlineRequestSerializer(many=True)

    class Meta(RktlItemSerializer.Meta):
        fields = [*RktlItemSerializer.Meta.fields, "updates", "deadline_requests"]


class ProgressRequestSerializer(serializers.Serializer):
    """What POST .../progress/ takes (multipart): the fields of the page's progress form,
    validated by that form (monitoring/rktl_forms.py ProgressForm)."""

    status = serializers.ChoiceField(
        choices=RktlItem._meta.get_field("status").choices,
        help_text="The new status; which may follow the current one is the page's rule.",
    )
    note = serializers.CharField(help_text="What was done.")
    reason = serializers.CharField(
        required=False, help_text="Required when the action cannot be followed up."
    )
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Photos or documents."
    )


class VerifyRequestSerializer(serializers.Serializer):
    """What POST .../verify/ takes: the fields of the page's verification form (VerifyForm)."""

    decision = serializers.ChoiceField(
        choices=[("verify", "Verified: the action was done"), ("reject", "Not done yet")]
    )
    note = serializers.CharField(
        required=False, help_text="Required when the action is not accepted as done."
    )
