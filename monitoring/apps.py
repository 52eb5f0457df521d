from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from kotaku.media import register_upload_owner
        from monitoring.access import may_read_attachment_file, may_read_evidence_file

        register_upload_owner("visits/", may_read_attachment_file)
        register_upload_owner("rktl/", may_read_evidence_file)
