from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from kotaku import media, offline, views

# A 503 page while the database is unreachable; Django's 400 and 500 pages for anything else.
handler400 = "kotaku.views.bad_request"
handler500 = "kotaku.views.server_error"

urlpatterns = [
    path("", include("monitoring.home_urls")),
    path("healthz", views.healthz, name="healthz"),
    # The offline app: at the root, so that the service worker may serve every page.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.web_manifest, name="web_manifest"),
    path("offline/", offline.outbox, name="offline_outbox"),
    path("offline/kit.json", offline.kit, name="offline_kit"),
    path("favicon.ico", offline.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch is on the login page too, so it must work signed out.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("monitoring.urls")),
    path("ksm/", include("ksm.urls")),
    path("bdc/", include("bdc.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("media/<path:path>", media.serve_media, name="media"),
]
