"""Test settings: the real settings, with the slow or stateful parts swapped for fast ones."""

import os

# Django's live server runs in a thread that Playwright's sync API shares an event loop with.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from kotaku.settings import *  # noqa: F403
from kotaku.settings import VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
