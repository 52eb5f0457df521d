import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")
application = get_asgi_application()

from kotaku.checks import fail_on_settings_errors  # noqa: E402

fail_on_settings_errors()
