from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KotakuConfig(AppConfig):
    name = "kotaku"
    verbose_name = _("Program and people")

    def ready(self) -> None:
        from kotaku import (
            checks,  # noqa: F401  (registers the settings check)
            language,  # noqa: F401  (applies a user's language when they sign in)
        )
