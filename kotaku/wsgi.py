import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")
application = get_wsgi_application()

from kotaku.checks import fail_on_settings_errors  # noqa: E402

fail_on_settings_errors()

from kotaku.lib.collector import freeze_loaded_code  # noqa: E402

freeze_loaded_code()
