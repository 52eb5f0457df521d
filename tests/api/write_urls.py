"""A test-only endpoint that writes, to show what a read-only token may not do before any
real endpoint writes."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from api.base import ApiViewMixin


class WriteView(ApiViewMixin, APIView):
    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"ok": True})

    put = patch = delete = post


urlpatterns = [path("test-write/", WriteView.as_view())]
