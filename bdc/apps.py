from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BdcConfig(AppConfig):
    name = "bdc"
    verbose_name = _("Business Development Centers")

    def ready(self) -> None:
        from bdc.access import can_read_bdc_file
        from bdc.models import BdcPerson, GrantTranche, Outlet
        from kotaku.lib.touch import touch_parent_on_change
        from kotaku.media import register_upload_owner

        register_upload_owner("bdc/", can_read_bdc_file)
        # A change to its people, outlets or grant tranches is a change to the BDC (API sync).
        for child in (BdcPerson, Outlet, GrantTranche):
            touch_parent_on_change(child, "bdc")
