"""Settings for KOTAKU Monev, all from environment variables.

The defaults run a fresh clone on SQLite with no configuration. Production sets DEBUG=false and
a real SECRET_KEY; the system check in kotaku/checks.py refuses to start otherwise.
"""

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kotaku.lib.env import env_bool, env_int, env_list, env_secret, env_str
from kotaku.lib.tiles import tile_image_source

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# The value the system check recognises as "not a real secret".
INSECURE_SECRET_KEY = "insecure-development-key-do-not-use-in-production"

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_secret("SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# HTTPS and browser protections. Secure by default when DEBUG is off; each can be switched off
# for a setup that needs it, and `manage.py check --deploy` says what that costs.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the health check over plain HTTP, straight to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a proxy that terminates TLS, e.g. "HTTP_X_FORWARDED_PROTO,https": the header the proxy
# sets (as Django spells it) and the value meaning HTTPS. Only when the proxy always sets or
# overwrites it, otherwise a client could claim HTTPS.
_proxy_ssl_header = env_list("SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be 'HEADER,value'.")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading binds the whole registered domain (often the ministry's) to HTTPS in browsers for
# months and is hard to undo: the domain's owner decides, so it is off unless asked for.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# `check --deploy` warns about that choice (W021): off on purpose, so not a finding.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Visit and RKTL codes are in URLs: other sites learn nothing from the Referer.
SECURE_REFERRER_POLICY = env_str("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kotaku",
    "notifications",  # notices and their mails; knows only kotaku
    "webhooks",  # outgoing webhooks; knows kotaku and notifications
    "bdc",
    "ksm",
    "monitoring",
    "api",  # the API, its tokens and feeds; no app imports it
    "demo",  # demo and national data sets; no app imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files need no policy. Before everything that renders a page, so
    # that request.csp_nonce exists for the templates.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kotaku.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After a sign-in, the user's remembered language goes into the cookie (kotaku/language.py).
    "kotaku.middleware.LanguageOnSignInMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a signed-in user unless it is marked @login_not_required.
    "kotaku.middleware.LoginRequiredMiddleware",
    # A change resent from a phone's outbox (same device-made id) is applied once.
    "kotaku.idempotency.IdempotentChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A browser opening a POST-only address gets a page back to the record, not a blank 405.
    "kotaku.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each change in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Must be last: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kotaku.urls"
WSGI_APPLICATION = "kotaku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kotaku.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    # The embedded default: a SQLite file in the git-ignored var/, created on first use.
    VAR_DIR.mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'kotaku.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Persistent connections save a connect per request in production (each gunicorn
        # thread keeps one: size max_connections for workers x threads x servers). The health
        # check replaces a connection the database or a pooler closed meanwhile.
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# A read replica (optional): the dashboards', lists' and exports' reads go there
# (kotaku/replica.py); the schema is migrated on the primary only and replicated.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
# PostgreSQL: parameters sent apart from the SQL, and a statement prepared on the server the
# second time a connection runs it, so that it is not planned again: planning took 0.5 to 3
# ms of a page's queries (a list's rows with their joins), some tenth of its time. Off for a
# pooler in transaction mode that cannot carry prepared statements (PgBouncer before 1.21).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
for _database in DATABASES.values():
    if DATABASE_PREPARED_STATEMENTS and _database["ENGINE"].endswith("postgresql"):
        _database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
DATABASE_REPLICA_READS = bool(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["kotaku.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user name or address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection (kotaku/lockout.py): after AXES_FAILURE_LIMIT failed sign-ins for one
# user name from one address, that user name is refused from that address until the cool-off
# time has passed; colleagues behind the same office address can still sign in. An address
# that fails AXES_ADDRESS_FAILURE_LIMIT times across user names (someone guessing names) is
# refused for everyone.
AXES_HANDLER = "kotaku.lockout.AxesHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "kotaku.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy set AXES_IPWARE_META_PRECEDENCE_ORDER so the client address is used.
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IP_HEADERS", "REMOTE_ADDR")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Bahasa Indonesia by default; English selectable through the language switch.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True
# Our changes to Django's formats: one way to write a date and time per language, in timelines
# and audit trails alike (`|date:"SHORT_DATETIME_FORMAT"`), e.g. "11 Des 2026 08.00".
FORMAT_MODULE_PATH = ["kotaku.formats"]

# Notifications (notifications/, monitoring/notify.py): reminders before an RKTL deadline, days
# overdue after which the Korkot and then the KMW are told too, and the local hour at which
# the daily digest is due.
NOTIFY_DUE_DAYS = (7, 1)
NOTIFY_OVERDUE_KORKOT_DAYS = env_int("NOTIFY_OVERDUE_KORKOT_DAYS", 14)
NOTIFY_OVERDUE_KMW_DAYS = env_int("NOTIFY_OVERDUE_KMW_DAYS", 30)
NOTIFY_DIGEST_HOUR = env_int("NOTIFY_DIGEST_HOUR", 7)
# A change that writes a mail to send at once asks the worker to send it when it commits
# (notifications/apps.py); run_schedule's five-minute catch-up sends it otherwise.
NOTIFY_SEND_ON_COMMIT = True

# Webhooks (webhooks/, README "Webhooks"). Addresses must be HTTPS; plain http:// only to this
# machine (127.0.0.1, localhost) and only in development or with WEBHOOK_ALLOW_HTTP. A delivery
# never goes to a private, loopback, link-local or otherwise internal address unless it lies
# in one of WEBHOOK_ALLOWED_NETWORKS (e.g. "10.20.0.0/16" for a receiver on the intranet);
# development allows this machine. Checked by the system check `webhooks.E001`.
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", False)
WEBHOOK_ALLOWED_NETWORKS = env_list(
    "WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128" if DEBUG else ""
)
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
# A change that queues deliveries asks the worker to send them when it commits; the schedule's
# sweep (every minute) sends retries and anything whose task was lost.
WEBHOOK_SEND_ON_COMMIT = True

STATIC_URL = "static/"
# Leaflet's own files, from the django-leaflet package, served as static/leaflet/ for the maps.
# Not in INSTALLED_APPS: its admin module imports GeoDjango, which needs the GDAL library,
# and the maps use plain Leaflet (static/js/maps.js), not its template tags or widgets.
_LEAFLET = Path(find_spec("leaflet").submodule_search_locations[0]) / "static" / "leaflet"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", _LEAFLET)]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        # Hashed names (app.3f2a9c.css) and .gz/.br copies made by collectstatic.
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# WhiteNoise sends hashed files with a one-year immutable Cache-Control on its own; this is
# for the few files without a hash in their name (favicon-like paths), in seconds.
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 0 if DEBUG else 60 * 60)
# Uploaded files in an S3-compatible bucket (AWS, MinIO, Ceph...) when MEDIA_S3_BUCKET is set,
# so that several app servers share them. Downloads still go through kotaku/media.py, which
# checks access and streams the file: the bucket stays private and no URL bypasses the check.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "kotaku.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            # Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role),
            # read by boto3 itself so they never sit in settings.
            "location": env_str("MEDIA_S3_PREFIX"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# A visit's photo taken farther than this from the position recorded on the visit is flagged
# to its reviewers (monitoring/places.py), in metres. A phone's GPS is good to tens of metres;
# a visit to a BDC, its Mart and a KSM next door spans a few hundred.
PHOTO_FAR_METRES = env_int("PHOTO_FAR_METRES", 1000)

# Background jobs (kotaku/downloads.py, kotaku/schedule.py) through Django's tasks API, queued
# in the database: `manage.py db_worker` runs them, on as many servers as wanted (a worker
# locks the row of the job it takes). README: "Background jobs".
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A Quick Status or RKTL file of an area of more cities than this is prepared by a job and
# waits on "My downloads"; a smaller one is sent at once.
DOWNLOAD_JOB_CITIES = env_int("DOWNLOAD_JOB_CITIES", 20)

# Mail goes through Django's backends: printed to the console in development (the mails show
# in the terminal running the server or the worker), SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KOTAKU Monev <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Not HttpOnly: static/js/visit_edit.js reads the token after a sign-in in another tab rotated it.
CSRF_COOKIE_HTTPONLY = False
# Lax, not Strict: a link to a visit in an e-mail or a chat must open signed in.
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"

# Maps: the tile server of the map background, a URL template such as
# "https://tile.example.org/{z}/{x}/{y}.png", and the credit its terms ask for. None by
# default: the maps then draw their points over a plain background, and no outside server is
# contacted. When set, the Content Security Policy allows images from that host only.
MAP_TILE_URL = env_str("MAP_TILE_URL").strip()
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION")
try:
    _tile_sources = [tile_image_source(MAP_TILE_URL)] if MAP_TILE_URL else []
except ValueError as error:
    raise ImproperlyConfigured(f"MAP_TILE_URL: {error}") from None

# Content Security Policy, on in every environment so that tests catch what it would break.
# Only the app's own files: no inline script at all (page scripts are in static/js/). Styles:
# <style> elements only with the per-request nonce (the dashboard's inline SVG charts carry
# it); style="" attributes are allowed, because they can neither run code nor load anything
# from elsewhere (img-src and font-src are the app's own), and pygal and the admin's
# third-party templates write them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        # data: for the SVG icons inside Bootstrap's CSS (select arrows, the menu button).
        "img-src": [SELF, "data:", *_tile_sources],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# The API (/api/v1/, api/). Each request signs in with a personal token (or the session, for
# the documentation page); every query is narrowed to the user's area as on the pages.
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)
API_RATE = env_str("API_RATE", "600/min")
# Where the per-token request counts are kept (api/throttling.py). "memory": each process's own,
# so with several gunicorn workers (and servers) a token may make API_RATE in each of them.
# "database": one count for all, in the table kotaku_api_rate (`manage.py createcachetable`
# makes it; `make serve` runs it), at the cost of a few small queries per API request.
API_RATE_STORE = env_str("API_RATE_STORE", "memory")
if API_RATE_STORE not in {"memory", "database"}:
    raise ImproperlyConfigured(
        f"API_RATE_STORE must be memory or database, not {API_RATE_STORE!r}."
    )
CACHES = {
    # Each process's memory. Kept page parts, counts and filter forms (kotaku.kept): a few
    # KB each, some for each area, list page and filter shown; Django's 300 would push out
    # the shared ones (a dashboard's panels) under a day's use.
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    },
    "api_rate": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kotaku_api_rate"}
        if API_RATE_STORE == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-rate"}
    ),
    # Made PDFs and their downsized photos (kotaku.pdf): in each process's memory, some tens
    # of MB at most (PDFs of tens of KB, up to 1 MiB; photos of some 100 KB), apart from the
    # pages' kept parts, which they would push out.
    "reports": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reports",
        "OPTIONS": {"MAX_ENTRIES": 256},
    },
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.TokenMayWrite",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_RATE},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["api.filters.UpdatedSinceFilter"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KOTAKU Monev API",
    "DESCRIPTION": "The program's data within the area of the token's user. See the README.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI's files come from drf-spectacular-sidecar, served by the app (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("status") get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "VisitStatusEnum": "monitoring.models.Visit.Status",
        "RktlStatusEnum": "monitoring.models.RktlStatus",
        "DocumentCheckStatusEnum": "monitoring.models.DocumentCheck.Status",
        "RktlCategoryEnum": "monitoring.models.RktlCategory",
        "ProductCategoryEnum": "ksm.models.Product.Category",
    },
}

# One JSON object a line in production, for a log collector; readable lines in development.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "kotaku.lib.logs.RequestFields"}},
    "formatters": {
        "json": {"()": "kotaku.lib.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in and sign-out at INFO; failures and lockouts are WARNING.
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
