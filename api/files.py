"""Uploaded files for API clients: the media view's own access check, signed in by a token.

The pages' media view (kotaku/media.py) reads the session's user; an API client has a token
instead. This view signs the request in the API's way, then hands it to the same view, so a
file is served only to a user who may read the record it belongs to (404 otherwise).
"""

from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.views import APIView

from api.base import ApiViewMixin
from kotaku import media


def file_url(request: Request, field) -> str | None:
    """The absolute API address of a stored file (`field`: a FieldFile), or None if empty.
    Never the storage's own URL: every download passes the access check."""
    if not field:
        return None
    return request.build_absolute_uri(reverse("api:file", args=[field.name]))


class AnyContent(BaseContentNegotiation):
    """A file is what it is: no Accept header makes it JSON (DRF would answer 406)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FileView(ApiViewMixin, APIView):
    content_negotiation_class = AnyContent

    @extend_schema(
        summary="Download an uploaded file (a visit's photo or document, RKTL evidence)",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="No such file in the user's area."),
        },
    )
    def get(self, request: Request, path: str) -> HttpResponseBase:
        # DRF set the token's user on the underlying request too: the media view checks it.
        return media.serve_media(request._request, path)
