"""Feeds for Excel and Power BI: CSV and XLSX files at stable addresses, streamed.

`/api/v1/feeds/<name>.csv` and `.xlsx` for the RKTL items, the visits, the attendance totals
per visit and the KSMs of the user's area (README, "Feeds for Excel and Power BI"). Excel and
Power BI cannot follow a redirect to a file, nor page through a list, so a feed is answered
at its own address, whole, as it is written: a server-side cursor read in chunks
(`feed_rows.CHUNK`) turns into CSV lines or worksheet rows as they come, in constant memory
and a constant number of queries.

Signed in by `Authorization: Bearer <token>`, by `?token=<token>` for tools that cannot send a
header (the risk is in the README), or by the session for a signed-in user clicking a link.
Without any of them: 401, never the login page. The filters are those of the pages' lists,
plus `updated_since`; an invalid one is refused (400), never ignored, so that a file never
holds more than was asked for.
"""

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation

from api import feed_rows
from api.authentication import BearerTokenAuthentication, QueryTokenAuthentication
from api.base import ApiViewMixin, form_errors
from api.filters import UpdatedSinceFilter
from kotaku.access import cities_readable_by
from kotaku.lib import csv_stream, xlsx_stream
from kotaku.lib.csv_stream import stream_csv
from kotaku.lib.xlsx_stream import stream_xlsx
from kotaku.models import Kelurahan
from ksm.forms import KsmFilterForm
from ksm.models import Ksm
from monitoring.forms import VisitFilterForm
from monitoring.models import RktlItem, Visit
from monitoring.rktl_forms import RktlFilterForm

CSV_TYPE = csv_stream.CONTENT_TYPE
XLSX_TYPE = xlsx_stream.CONTENT_TYPE
# Query parameters that are not a list's filters.
NOT_FILTERS = frozenset({"token", UpdatedSinceFilter.param, "format"})


def _in_language(language: str, stream: Iterator) -> Iterator:
    """`stream`, each piece made in `language`: the stream is read after the view has
    returned, while it is sent, when the request's language is no longer the active one."""
    while True:
        with translation.override(language):
            piece = next(stream, None)
        if piece is None:
            return
        yield piece


class JsonErrors(BaseContentNegotiation):
    """Every answer of a feed that is not the file (401, 400...) is JSON, whatever the client
    accepts: Excel and Power BI send Accept headers that would otherwise give 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


class FeedView(ApiViewMixin, generics.GenericAPIView):
    """A feed: `feed` says its columns, `records()` its scoped and filtered query, `fmt` (set
    by the address) csv or xlsx."""

    feed: feed_rows.Feed
    fmt = "csv"
    updated_field = "updated_at"
    filter_backends = [UpdatedSinceFilter]
    pagination_class = None
    authentication_classes = [
        BearerTokenAuthentication,
        QueryTokenAuthentication,
        SessionAuthentication,
    ]
    content_negotiation_class = JsonErrors

    def records(self, data) -> QuerySet:
        raise NotImplementedError

    def filter_data(self):
        """The list's filters from the query string (None when there are none, as the pages'
        unbound forms)."""
        data = self.request.GET.copy()
        for name in NOT_FILTERS:
            data.pop(name, None)
        return data or None

    def valid(self, form):
        """`form` when it is valid or unbound; a 400 with its errors otherwise."""
        if form.is_bound and not form.is_valid():
            raise exceptions.ValidationError(form_errors(form))
        return form

    def get(self, request, *args, **kwargs):
        records = self.filter_queryset(self.records(self.filter_data()))
        context = feed_rows.Context.for_user(request.user)
        rows = self.feed.rows(records, context)
        stamp = context.today.isoformat()
        if self.fmt == "xlsx":
            stream = stream_xlsx([(self.feed.name, self.feed.header, rows)])
            content_type = XLSX_TYPE
        else:
            stream = stream_csv(self.feed.header, rows)
            content_type = CSV_TYPE
        response = StreamingHttpResponse(
            _in_language(translation.get_language(), stream), content_type=content_type
        )
        filename = f"kotaku-{self.feed.name}-{stamp}.{self.fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # A response to a token must not be kept by a proxy or a browser's cache.
        response["Cache-Control"] = "no-store"
        return response


def feed_schema(summary: str, form: type):
    """The feed's entry in the API's schema: its filters and its two file types."""
    filters = [
        # The list's filters, named as on the page (a choice's value is its code).
        OpenApiParameter(name, str, description=f"A filter of the page's list: {name}.")
        for name in form.base_fields
    ]
    return extend_schema(
        summary=summary,
        description=(
            "A CSV (UTF-8 with a byte order mark) or XLSX file of the user's area, answered "
            "whole and streamed. Column names are stable English keys. See the README, "
            '"Feeds for Excel and Power BI".'
        ),
        parameters=[
            OpenApiParameter(
                "token",
                str,
                description="The token, for tools that cannot send an Authorization header "
                "(see the README for the risk).",
            ),
            OpenApiParameter(
                UpdatedSinceFilter.param,
                OpenApiTypes.DATETIME,
                description="Only rows changed at or after this time (ISO 8601).",
            ),
            *filters,
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
        },
        tags=["feeds"],
    )


@feed_schema("RKTL items, one row per item", RktlFilterForm)
class RktlItemsFeed(FeedView):
    feed = feed_rows.RKTL_ITEMS

    def records(self, data) -> QuerySet:
        user = self.request.user
        form = self.valid(RktlFilterForm(data, cities=cities_readable_by(user)))
        return form.filter(RktlItem.objects.visible_to(user))


@feed_schema("Visits, one row per visit (cancelled ones only when asked for)", VisitFilterForm)
class VisitsFeed(FeedView):
    feed = feed_rows.VISITS

    def records(self, data) -> QuerySet:
        user = self.request.user
        form = self.valid(VisitFilterForm(data, cities=cities_readable_by(user)))
        visits = Visit.objects.visible_to(user)
        # As the visit list: cancelled visits only when asked for by their status.
        if not (form.is_bound and form.cleaned_data.get("status") == Visit.Status.CANCELLED):
            visits = visits.counted()
        return form.filter(visits).order_by("-starts_on", "-id")


@feed_schema("Attendance totals, one row per visit (no names)", VisitFilterForm)
class AttendanceFeed(VisitsFeed):
    feed = feed_rows.ATTENDANCE

    def records(self, data) -> QuerySet:
        # Cancelled visits count nowhere, as on the dashboard, even when asked for.
        return super().records(data).exclude(status=Visit.Status.CANCELLED)


@feed_schema("KSMs, one row per KSM", KsmFilterForm)
class KsmsFeed(FeedView):
    feed = feed_rows.KSMS

    def records(self, data) -> QuerySet:
        user = self.request.user
        visible = Ksm.objects.visible_to(user)
        # Any kelurahan holding a KSM of the user's area is a valid choice, as on the list;
        # none is listed (small_area=False), which the page needs and a feed does not.
        kelurahans = Kelurahan.objects.filter(Exists(visible.filter(kelurahan=OuterRef("pk"))))
        form = KsmFilterForm(
            data, cities=cities_readable_by(user), kelurahans=kelurahans, small_area=False
        )
        return self.valid(form).filter(visible).order_by("name", "id")


# The feeds by the name in their address: /api/v1/feeds/<name>.csv and .xlsx.
FEEDS = {view.feed.name: view for view in (RktlItemsFeed, VisitsFeed, AttendanceFeed, KsmsFeed)}
