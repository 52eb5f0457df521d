from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from kotaku import downloads, schedule
        from notifications import services, tasks

        downloads.download_ready.connect(services.tell_download_finished, dispatch_uid="notify")
        downloads.download_failed.connect(services.tell_download_finished, dispatch_uid="notify")

        if settings.NOTIFY_SEND_ON_COMMIT:
            services.on_mail_waiting(tasks.enqueue_waiting_mail)
        # The catch-up for mails at once, and the daily digests (due from NOTIFY_DIGEST_HOUR:
        # an hourly run sends each user's digest once a day).
        schedule.register(
            "notifications.send_waiting_mail",
            every=timedelta(minutes=5),
            function=tasks.enqueue_waiting_mail,
        )
        schedule.register(
            "notifications.send_digests", every=timedelta(hours=1), function=tasks.enqueue_digests
        )
