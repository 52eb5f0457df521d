from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KsmConfig(AppConfig):
    name = "ksm"
    verbose_name = _("Self-help groups (KSM)")

    def ready(self) -> None:
        from kotaku import downloads
        from kotaku.lib.touch import touch_parent_on_change
        from ksm import quick_status
        from ksm.models import Assessment, Member, Product

        downloads.register_kind(quick_status.DOWNLOAD_KIND, quick_status.build_download)
        # A change to a member, product or assessment is a change to the KSM (API sync).
        for child in (Member, Product, Assessment):
            touch_parent_on_change(child, "ksm")
