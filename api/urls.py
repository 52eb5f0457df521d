from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import feeds, token_views, views
from api.base import ApiViewMixin
from api.files import FileView
from api.records import views as records
from api.visits import views as visit_views

app_name = "api"


class SchemaView(ApiViewMixin, SpectacularAPIView):
    pass


class DocsView(ApiViewMixin, SpectacularSwaggerSplitView):
    # The split view serves its start-up script as a file (script-src 'self'); the page's
    # <style> gets the request's nonce in our copy of the template.
    template_name = "api/swagger_ui.html"


class RootView(ApiViewMixin, DefaultRouter.APIRootView):
    pass


router = DefaultRouter()
router.APIRootView = RootView
router.include_format_suffixes = False  # JSON only: no .json twins of every address
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("cities", views.CityViewSet, basename="city")
router.register("bdcs", records.BdcViewSet, basename="bdc")
router.register("ksms", records.KsmViewSet, basename="ksm")
router.register(r"ksms/(?P<ksm_code>[^/.]+)/members", records.KsmMemberViewSet, "ksm-member")
router.register("visits", visit_views.VisitViewSet, basename="visit")
router.register("rktl-items", visit_views.RktlItemViewSet, basename="rktl-item")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/files/<path:path>", FileView.as_view(), name="file"),
    path("v1/schema/", SchemaView.as_view(), name="schema"),
    path("v1/docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    # Feeds for Excel and Power BI (api/feeds.py): stable addresses, one per file type.
    *(
        path(f"v1/feeds/{name}.{fmt}", view.as_view(fmt=fmt), name=f"feed-{name}-{fmt}")
        for name, view in feeds.FEEDS.items()
        for fmt in ("csv", "xlsx")
    ),
    # The pages where people make and revoke their tokens (signed in with the session).
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/all/", token_views.all_tokens, name="all_tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
