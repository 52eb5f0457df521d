from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from kotaku import schedule
        from webhooks import checks, events, tasks  # noqa: F401 (checks registers itself)

        if settings.WEBHOOK_SEND_ON_COMMIT:
            events.on_delivery_queued(tasks.enqueue_delivery)
        # Retries fall due by the minute; this sweep also sends anything whose task was lost.
        schedule.register(
            "webhooks.send_due", every=timedelta(minutes=1), function=tasks.enqueue_due
        )
