"""BDCs and KSMs with the rows that belong to them, in English field names.

Personal data (kotaku.access.can_see_personal_data) is left out, key and all, for a user who
may not see it in the record's city, as the pages and exports leave it out: the names and
phone numbers of Komite and Pengelola people, a KSM's chair and phone, its members (their
counts stay) and the assessors' notes. Every record says whether it carries them
(`personal_data`). The serializers read only prefetched rows: the views prefetch them.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet
from kotaku.access import can_see_personal_data
from kotaku.lib.people import COUNTED
from ksm.models import Assessment, Ksm, Member, Product

PERSONAL_NOTE = " Left out for a user who may not see personal data in the city."


def personal(context: dict, city_id: int) -> bool:
    """Whether the request's user sees personal data in the city (no query: the scope is
    read once per request)."""
    return can_see_personal_data(context["request"].user, city_id)


# ---- BDCs ----------------------------------------------------------------------------------


class BdcPersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(help_text="The person's name." + PERSONAL_NOTE)
    phone = serializers.CharField(help_text="Phone number, +62…" + PERSONAL_NOTE)

    class Meta:
        model = BdcPerson
        fields = ["id", "body", "name", "position", "unsur", "gender", "phone", "is_active"]


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "kind", "name", "address", "is_active", "latitude", "longitude"]


class GrantTrancheSerializer(serializers.ModelSerializer):
    class Meta:
        model = GrantTranche
        fields = [
            "id",
            "stage",
            "fiscal_year",
            "source",
            "allocated",
            "disbursed",
            "spent",
            "use_scenario",
        ]


class BdcSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.code", read_only=True, help_text="City code.")
    province = serializers.CharField(source="city.province.code", read_only=True)
    personal_data = serializers.SerializerMethodField(
        help_text="Whether the people's names and phone numbers are included."
    )
    people = BdcPersonSerializer(many=True, read_only=True, help_text="Komite and Pengelola.")
    outlets = OutletSerializer(many=True, read_only=True)
    tranches = GrantTrancheSerializer(many=True, read_only=True, help_text="BLM grant tranches.")

    class Meta:
        model = Bdc
        fields = [
            "city",
            "province",
            "name",
            "address",
            "established_on",
            "sk_komite_number",
            "feasibility_study_title",
            "feasibility_study_date",
            "feasibility_study_summary",
            "updated_at",
            "personal_data",
            "people",
            "outlets",
            "tranches",
        ]

    def get_personal_data(self, bdc: Bdc) -> bool:
        return personal(self.context, bdc.city_id)

    def to_representation(self, bdc: Bdc) -> dict:
        data = super().to_representation(bdc)
        if not data["personal_data"]:
            for person in data["people"]:
                del person["name"], person["phone"]
        return data


# ---- KSMs ----------------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "name", "gender", "has_disability", "business", "is_active"]
        read_only_fields = fields


class MemberWriteSerializer(serializers.Serializer):
    """What a member's POST, PUT and PATCH take (documentation only: the page's form checks
    it, ksm.forms.MemberForm and MemberEditForm)."""

    name = serializers.CharField(max_length=150)
    gender = serializers.ChoiceField(choices=Member._meta.get_field("gender").choices)
    has_disability = serializers.BooleanField(required=False, default=False)
    business = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(
        required=False, default=True, help_text="Ignored when adding: a new member is active."
    )


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "category",
            "is_flagship",
            "unit",
            "price",
            "monthly_capacity",
            "permits",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    note = serializers.CharField(help_text="The assessor's note." + PERSONAL_NOTE)

    class Meta:
        model = Assessment
        fields = ["id", "assessed_on", "criteria_met", "score", "maturity", "note"]


class KelurahanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kecamatan = serializers.CharField(source="kecamatan.name")


class MemberCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    men = serializers.IntegerField()
    women = serializers.IntegerField()
    disabled = serializers.IntegerField(help_text="Members with a disability.")


def member_counts(members) -> dict[str, int]:
    """The active members by gender and disability (kotaku.lib.people.COUNTED), counted in
    memory from the prefetched members: the same rule as the registry and Quick Status."""
    active = [m for m in members if m.is_active]
    return {"total": len(active)} | {
        key: sum(getattr(m, field) == value for m in active)
        for key, (field, value) in COUNTED.items()
    }


class KsmSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.code", read_only=True, help_text="City code.")
    province = serializers.CharField(source="city.province.code", read_only=True)
    kelurahan = KelurahanSerializer(read_only=True)
    chair_name = serializers.CharField(help_text="The chair's name." + PERSONAL_NOTE)
    phone = serializers.CharField(help_text="Phone number, +62…" + PERSONAL_NOTE)
    personal_data = serializers.SerializerMethodField(
        help_text="Whether the chair, the phone, the members and the notes are included."
    )
    member_counts = serializers.SerializerMethodField(
        help_text="Active members, for everyone who reads the KSM."
    )
    members = MemberSerializer(many=True, read_only=True, help_text=PERSONAL_NOTE.strip())
    products = ProductSerializer(many=True, read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True, help_text="Newest first.")

    class Meta:
        model = Ksm
        fields = [
            "code",
            "name",
            "city",
            "province",
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
            "created_at",
            "updated_at",
            "personal_data",
            "member_counts",
            "members",
            "products",
            "assessments",
        ]

    def get_personal_data(self, ksm: Ksm) -> bool:
        return personal(self.context, ksm.city_id)

    @extend_schema_field(MemberCountsSerializer)
    def get_member_counts(self, ksm: Ksm) -> dict[str, int]:
        return member_counts(ksm.members.all())

    def to_representation(self, ksm: Ksm) -> dict:
        data = super().to_representation(ksm)
        if not data["personal_data"]:
            del data["chair_name"], data["phone"], data["members"]
            for assessment in data["assessments"]:
                del assessment["note"]
        return data
