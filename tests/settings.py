"""Test settings: the real settings, with the slow or stateful parts swapped for fast ones."""

import copy
import os
import tempfile

# Django's live server runs in a thread that Playwright's sync API shares an event loop with.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from kotaku.settings import *  # noqa: F403
from kotaku.settings import VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api_rate": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-rate",
    },
    "reports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reports"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run as they are enqueued, inside the request; the tests of the queue itself
# (tests/kotaku/test_worker.py) use the database backend, "queue".
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Webhook tests deliver to a server of their own on 127.0.0.1 (tests/webhooks/server.py).
WEBHOOK_ALLOW_HTTP = True
WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default. With an in-memory database Django's live server hands
    # the test thread's one connection to every request thread, and two threads on one sqlite3
    # connection can deadlock for good: one inside SQLite (holding the connection's mutex)
    # waits for the GIL to call one of Django's Python SQL functions, while the other holds
    # the GIL and waits for that mutex. A browser test then hangs until CI's time runs out.
    # With a file each thread opens its own connection. One file per process (Django removes
    # it at the end), so that two runs at once do not share it. Durability is worth nothing.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"kotaku-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (  # noqa: F405
        "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;"
    )

# A second database standing for a read replica (kotaku/replica.py). Its test database is made
# only for the tests that ask for it (tests/kotaku/test_replica.py), which also turn the
# replica reads on; elsewhere every read goes to "default" as without a replica.
DATABASES["replica"] = copy.deepcopy(DATABASES["default"])  # noqa: F405
DATABASES["replica"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Never the development database, even where no test database was made for it.
    DATABASES["replica"]["NAME"] = DATABASES["replica"]["TEST"]["NAME"] = os.path.join(  # noqa: F405
        tempfile.gettempdir(), f"kotaku-test-replica-{os.getpid()}.sqlite3"
    )
else:
    DATABASES["replica"]["NAME"] = f"{DATABASES['default']['NAME']}_replica"  # noqa: F405
    DATABASES["replica"]["TEST"].pop("NAME", None)  # noqa: F405
DATABASE_REPLICA_READS = False
