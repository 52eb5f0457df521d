from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BdcConfig(AppConfig):
    name = "bdc"
    verbose_name = _("Business Development Centers")

    def ready(self) -> None:
        from bdc.access import can_read_bdc_file
        from kotaku.media import register_upload_owner

        register_upload_owner("bdc/", can_read_bdc_file)
