from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KsmConfig(AppConfig):
    name = "ksm"
    verbose_name = _("Self-help groups (KSM)")

    def ready(self) -> None:
        from kotaku import downloads
        from ksm import quick_status

        downloads.register_kind(quick_status.DOWNLOAD_KIND, quick_status.build_download)
