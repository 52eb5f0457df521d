from django.core.management.base import BaseCommand

from kotaku import schedule


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs that are due (each at most once per period). Run it every few "
        "minutes from cron or a systemd timer."
    )

    def handle(self, *args, **options) -> None:
        ran = schedule.run_due()
        if options["verbosity"] >= 1:
            for name in ran:
                self.stdout.write(f"ran {name}")
            if not ran:
                self.stdout.write("nothing due")
