"""Visits and RKTL items: lists with the pages' filters, details, RKTL progress and verification.

Each list and detail is one scoped queryset (Model.objects.visible_to) with everything its
serializer reads prefetched: the number of queries does not grow with the rows.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import ReadOnlyViewSet, form_errors
from api.filters import UpdatedSinceFilter
from api.visits import serializers as s
from api.visits.filters import PageFilterBackend
from kotaku import idempotency
from ksm.models import Ksm
from monitoring import access
from monitoring import rktl_services as services
from monitoring.forms import VisitFilterForm
from monitoring.models import (
    Answer,
    DeadlineRequest,
    Finding,
    Review,
    RktlItem,
    RktlUpdate,
    Visit,
)
from monitoring.rktl_forms import ProgressForm, RktlFilterForm, VerifyForm

LIST_ERRORS = {400: OpenApiResponse(description="A filter's value is not valid: its errors.")}


@extend_schema_view(
    list=extend_schema(
        summary="Visits of the user's area",
        description=(
            "The visit list page's filters. Cancelled visits are left out unless asked for "
            "(status=dibatalkan) or when updated_since is given, so that a sync learns of a "
            "cancellation."
        ),
        responses={200: s.VisitSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="A visit with everything recorded on it"),
)
class VisitViewSet(ReadOnlyViewSet):
    serializer_class = s.VisitSerializer
    updated_field = "updated_at"
    filter_form = VisitFilterForm
    filter_backends = [UpdatedSinceFilter, PageFilterBackend]

    def get_queryset(self):
        visits = Visit.objects.visible_to(self.request.user)
        params = self.request.query_params
        if (
            self.action == "list"
            and params.get("status") != Visit.Status.CANCELLED
            and not params.get(UpdatedSinceFilter.param)
        ):
            visits = visits.counted()
        return visits.select_related("city", "created_by", "template").prefetch_related(
            Prefetch("answers", Answer.objects.select_related("item__section")),
            "document_checks",
            "attendees",
            Prefetch(
                "findings",
                Finding.objects.select_related("item").prefetch_related(
                    Prefetch("rktl_items", RktlItem.objects.only("code", "finding_id"))
                ),
            ),
            "attachments",
            Prefetch("reviews", Review.objects.select_related("reviewer")),
            Prefetch("target_ksms", Ksm.objects.only("code", "name").order_by("name", "id")),
            Prefetch("target_outlets"),
            "team",
        )


RKTL_RELATED = ("city", "finding__visit", "created_by", "concern_ksm", "concern_outlet")


@extend_schema_view(
    list=extend_schema(
        summary="RKTL items of the user's area",
        description="The RKTL list page's filters (without its sort: the list is in code order).",
        responses={200: s.RktlItemSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="An RKTL item with its history and deadline requests",
        responses={200: s.RktlItemDetailSerializer},
    ),
)
class RktlItemViewSet(ReadOnlyViewSet):
    updated_field = "updated_at"
    filter_form = RktlFilterForm
    filter_backends = [UpdatedSinceFilter, PageFilterBackend]

    def get_serializer_class(self):
        return s.RktlItemSerializer if self.action == "list" else s.RktlItemDetailSerializer

    def get_queryset(self):
        items = RktlItem.objects.visible_to(self.request.user).select_related(*RKTL_RELATED)
        if self.action == "list":
            return items
        return items.prefetch_related(
            Prefetch(
                "updates",
                RktlUpdate.objects.select_related("author").prefetch_related("evidence"),
            ),
            Prefetch(
                "deadline_requests",
                DeadlineRequest.objects.select_related("requested_by", "decided_by"),
            ),
        )

    @extend_schema(
        summary="Report progress on an RKTL item, with evidence",
        description=(
            "The page's progress form: the same fields, checks and refusals. Facilitators of "
            "the item's city and Pusat may report; other readers get 403, outsiders 404. "
            "Send X-Client-Request-Id (a UUID made on the device) to have a resend applied "
            "once."
        ),
        request={"multipart/form-data": s.ProgressRequestSerializer},
        responses={
            201: s.RktlItemDetailSerializer,
            400: OpenApiResponse(description="A field is not valid: its errors."),
            403: OpenApiResponse(description="The user may read the item but not report."),
            404: OpenApiResponse(description="No such item in the user's area."),
            409: OpenApiResponse(description="Refused: the item's status changed meanwhile."),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        url_path="progress",
        url_name="progress",
        filter_backends=[],
    )
    def progress(self, request: Request, code: str) -> Response:
        return idempotency.applied_once(
            request._request, request.user, lambda: self._progress(request)
        )

    def _progress(self, request: Request) -> Response:
        item = self.get_object()
        if not access.can_report_progress(request.user, item):
            raise exceptions.PermissionDenied(_("Progress cannot be reported on this item now."))
        form = ProgressForm(request.data, request.FILES, item=item)
        if not form.is_valid():
            return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        try:
            services.rktl_report_progress(
                item=item,
                user=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
                files=form.cleaned_data["evidence"],
            )
        except services.RktlError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return self._item_response(request, item, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Verify an RKTL item reported done, or send it back",
        description=(
            "The page's verification form. The Korkot or KMW of the item's city and Pusat "
            "verify an item waiting for verification; other readers get 403, outsiders 404. "
            "X-Client-Request-Id applies as for progress."
        ),
        request={
            "multipart/form-data": s.VerifyRequestSerializer,
            "application/x-www-form-urlencoded": s.VerifyRequestSerializer,
        },
        responses={
            200: s.RktlItemDetailSerializer,
            400: OpenApiResponse(description="A field is not valid: its errors."),
            403: OpenApiResponse(description="The item is not waiting for this user."),
            404: OpenApiResponse(description="No such item in the user's area."),
            409: OpenApiResponse(description="Refused: the item's status changed meanwhile."),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        url_path="verify",
        url_name="verify",
        filter_backends=[],
    )
    def verify(self, request: Request, code: str) -> Response:
        return idempotency.applied_once(
            request._request, request.user, lambda: self._verify(request)
        )

    def _verify(self, request: Request) -> Response:
        item = self.get_object()
        if not access.can_verify(request.user, item):
            raise exceptions.PermissionDenied(_("This item is not waiting for your verification."))
        form = VerifyForm(request.data)
        if not form.is_valid():
            return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        try:
            services.rktl_verify(
                item=item,
                user=request.user,
                approve=form.cleaned_data["decision"] == "verify",
                note=form.cleaned_data["note"],
            )
        except services.RktlError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return self._item_response(request, item, status.HTTP_200_OK)

    def _item_response(self, request: Request, item: RktlItem, code: int) -> Response:
        """The item as it is now, with its history (one prefetched read)."""
        fresh = self.get_queryset().get(pk=item.pk)
        location = request.build_absolute_uri(reverse("api:rktl-item-detail", args=[item.code]))
        return Response(
            self.get_serializer(fresh).data, status=code, headers={"Location": location}
        )
