"""BDCs and KSMs the user may read, and the KSM members' writes.

Each list reads its page and the page's child rows in a constant number of queries (one per
kind of child, prefetched). The members' writes go through the page's forms and access
helpers (ksm.forms, ksm.access): the same rules, the same messages in the user's language.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseForm, model_to_dict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from api.base import ApiViewMixin, ReadOnlyViewSet, form_errors
from api.filters import UpdatedSinceFilter
from api.records import serializers
from api.records.filters import KsmFilter
from bdc.models import Bdc
from kotaku.access import can_see_personal_data
from ksm.access import get_ksm_for_editing, get_ksm_for_user, get_member_for_editing
from ksm.forms import MemberEditForm, MemberForm
from ksm.models import Ksm, Member

ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description='{"field": ["message in the user\'s language"]}'
)


class BdcViewSet(ReadOnlyViewSet):
    """The BDCs of the user's area, one per city: found by the city's code."""

    serializer_class = serializers.BdcSerializer
    updated_field = "updated_at"
    lookup_field = "city__code"
    lookup_url_kwarg = "code"

    def get_queryset(self):
        return (
            Bdc.objects.visible_to(self.request.user)
            .select_related("city__province")
            .prefetch_related("people", "outlets", "tranches")
        )


class KsmViewSet(ReadOnlyViewSet):
    """The KSMs of the user's area, with their members, products and assessments; the list
    takes the registry page's filters."""

    serializer_class = serializers.KsmSerializer
    updated_field = "updated_at"
    filter_backends = [UpdatedSinceFilter, KsmFilter]

    def get_queryset(self):
        return (
            Ksm.objects.visible_to(self.request.user)
            .select_related("city__province", "kelurahan__kecamatan")
            .prefetch_related("members", "products", "assessments")
        )


class MembersRefused(exceptions.PermissionDenied):
    default_detail = _("Names are shown to the facilitators, Korkot, KMW and Pusat of the area.")


@extend_schema_view(
    create=extend_schema(
        request=serializers.MemberWriteSerializer,
        responses={201: serializers.MemberSerializer, 400: ERRORS},
        description="Add a member, as on the KSM's page (its facilitators and Pusat).",
    ),
    update=extend_schema(
        request=serializers.MemberWriteSerializer,
        responses={200: serializers.MemberSerializer, 400: ERRORS},
        description="Change a member: the fields left out take their defaults.",
    ),
    partial_update=extend_schema(
        request=serializers.MemberWriteSerializer,
        responses={200: serializers.MemberSerializer, 400: ERRORS},
        description="Change some of a member's fields; the others stay as they are.",
    ),
    destroy=extend_schema(description="Remove a member (the history keeps it)."),
)
@extend_schema(parameters=[OpenApiParameter("ksm_code", str, "path", description="KSM code.")])
class KsmMemberViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A KSM's members: read by those who see the KSM's personal data, changed by those who
    may change the KSM on its page. Outside the user's area, the KSM is not found (404)."""

    serializer_class = serializers.MemberSerializer
    # Ids only: anything else is not found, and never reaches the database.
    lookup_value_regex = r"[0-9]{1,18}"
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular's schema run
            return Member.objects.none()
        ksm = get_ksm_for_user(self.request.user, self.kwargs["ksm_code"])
        if not can_see_personal_data(self.request.user, ksm.city_id):
            raise MembersRefused
        return ksm.members.all()

    def create(self, request, ksm_code: str):
        ksm = get_ksm_for_editing(request.user, ksm_code)
        member = Member(ksm=ksm)
        form = MemberForm(self.form_data(MemberForm, Member(ksm=ksm)), instance=member)
        self.save(form)
        return Response(self.get_serializer(member).data, status=status.HTTP_201_CREATED)

    def update(self, request, ksm_code: str, pk: str, partial: bool = False):
        member = get_member_for_editing(request.user, ksm_code, pk)
        # PATCH changes what it names; PUT gives the whole member, defaults for what it omits.
        base = member if partial else Member(ksm=member.ksm)
        form = MemberEditForm(self.form_data(MemberEditForm, base), instance=member)
        self.save(form)
        return Response(self.get_serializer(member).data)

    def partial_update(self, request, ksm_code: str, pk: str):
        return self.update(request, ksm_code, pk, partial=True)

    def destroy(self, request, ksm_code: str, pk: str):
        member = get_member_for_editing(request.user, ksm_code, pk)
        member._history_user = request.user
        with transaction.atomic():  # the removal and the KSM's updated_at together
            member.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def form_data(self, form_class: type[BaseForm], base: Member) -> dict:
        """The request's fields over `base`'s values, as the form reads a POST."""
        if not isinstance(self.request.data, Mapping):
            raise exceptions.ParseError(_("Send the member's fields as a JSON object."))
        fields = form_class._meta.fields
        given = {name: self.request.data[name] for name in fields if name in self.request.data}
        return {**model_to_dict(base, fields=fields), **given}

    def save(self, form: BaseForm) -> None:
        if not form.is_valid():
            raise exceptions.ValidationError(form_errors(form))
        # Who made the change, for the history (as the pages record it).
        form.instance._history_user = self.request.user
        with transaction.atomic():  # the member and the KSM's updated_at together
            form.save()

    def handle_exception(self, exc):
        if isinstance(exc, PermissionDenied) and not isinstance(exc, exceptions.APIException):
            # ksm.access refuses a reader with Django's PermissionDenied: say why.
            exc = exceptions.PermissionDenied(_("You may read this KSM but not change it."))
        return super().handle_exception(exc)
