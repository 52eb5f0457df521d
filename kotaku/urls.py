from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kotaku import downloads, language, media, offline, views

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
    # The language switch: on the login page too, so it works signed out; remembers the
    # choice for a signed-in user.
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("", include("monitoring.urls")),
    path("ksm/", include("ksm.urls")),
    path("bdc/", include("bdc.urls")),
    path("notifications/", include("notifications.urls")),
    path("webhooks/", include("webhooks.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("media/<path:path>", media.serve_media, name="media"),
    path("downloads/", downloads.download_list, name="downloads"),
    path("downloads/<int:pk>/", downloads.download_file, name="download_file"),
]
