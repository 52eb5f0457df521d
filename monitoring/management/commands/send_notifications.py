"""Run the notification work once: deadline reminders, immediate mails due, daily digests.

Each step is idempotent, so running the command twice (or in two places at once) sends
nothing twice. Until the job queue runs them, an operator may schedule this command (cron or
a systemd timer, every few minutes).

How the job queue is to run them (the three functions take the current time or day):
- `notifications.delivery.send_due(now)`: enqueued as a task after the commit of every change
  that writes an immediate mail (register the enqueueing with
  `notifications.services.on_mail_waiting` in the jobs app's AppConfig.ready; notify() hands
  it to transaction.on_commit), and in the schedule every few minutes as a catch-up for tasks
  lost with a worker;
- `monitoring.notify.remind(today)`: in the schedule once a day, early morning;
- `notifications.digest.send_digests(now)`: in the schedule at least hourly (a digest entry is
  due at settings.NOTIFY_DIGEST_HOUR, so extra runs find nothing).
Reminders are written before the mails are sent, so a run sends the reminders it writes.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from monitoring.notify import remind
from notifications.delivery import send_due
from notifications.digest import send_digests


class Command(BaseCommand):
    help = "Write due reminders, then send immediate notification mails and daily digests."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        reminders = remind(timezone.localdate(now))
        mails = send_due(now)
        digests = send_digests(now)
        self.stdout.write(f"reminders: {reminders}, mails: {mails}, digests: {digests}")
