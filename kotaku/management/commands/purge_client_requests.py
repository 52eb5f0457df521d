"""Delete the ids of changes sent from phones once no phone can still resend them."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from kotaku.models import ClientRequest


class Command(BaseCommand):
    help = "Delete ids of changes sent from devices that are older than --days (default 180)."

    def add_arguments(self, parser):
        # A phone resends a change until it gets an answer; an id deleted before its last
        # resend would let that resend apply the change a second time. Half a year is far
        # longer than a phone stays without a connection.
        parser.add_argument("--days", type=int, default=180)

    def handle(self, *args, days: int, **options):
        if days < 30:
            raise ValueError("Keep the ids for at least 30 days: phones may still resend them.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = ClientRequest.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"{deleted} ids older than {days} days deleted.")
