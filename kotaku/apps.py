from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KotakuConfig(AppConfig):
    name = "kotaku"
    verbose_name = _("Program and people")

    def ready(self) -> None:
        from datetime import timedelta

        from kotaku import (
            checks,  # noqa: F401  (registers the settings check)
            downloads,
            language,  # noqa: F401  (applies a user's language when they sign in)
            schedule,
        )

        schedule.register(
            "kotaku.expire_downloads", every=timedelta(hours=1), function=downloads.expire_downloads
        )
        schedule.register(
            "kotaku.prune_schedule_runs", every=timedelta(days=1), function=schedule.prune_runs
        )
