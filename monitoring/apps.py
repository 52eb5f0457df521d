from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # The lower apps show what monitoring records, without importing it.
        from bdc.hooks import bdc_page
        from kotaku import downloads
        from kotaku import offline as offline_app
        from kotaku.media import register_upload_owner
        from ksm.hooks import ksm_page, quick_status
        from monitoring import jobs, offline, related
        from monitoring.access import can_read_attachment_file, can_read_evidence_file

        register_upload_owner("visits/", can_read_attachment_file)
        register_upload_owner("rktl/", can_read_evidence_file)
        ksm_page.register(related.ksm_page)
        bdc_page.register(related.bdc_page)
        quick_status.register(related.ksm_visit_status)
        offline_app.field_pages.register(offline.field_pages)
        offline_app.kept_paths.register(offline.kept_paths)
        offline_app.queued_posts.register(offline.queued_posts)
        downloads.register_kind(jobs.RKTL_EXPORT, jobs.build_rktl_export)
        downloads.register_kind(jobs.RKTL_CSV, jobs.build_rktl_csv)
        downloads.register_kind(jobs.RKTL_REPORT, jobs.build_rktl_report)
        # Reminders of RKTL deadlines, and escalations of overdue items, once a day.
        from datetime import timedelta

        from kotaku import schedule
        from monitoring import tasks

        schedule.register(
            "monitoring.rktl_reminders",
            every=timedelta(days=1),
            function=tasks.enqueue_rktl_reminders,
        )
