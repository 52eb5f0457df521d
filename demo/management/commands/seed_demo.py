"""Load the demo data set (see demo/seed.py)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation

from demo import data
from demo.seed import COUNTED, seed_city
from demo.targets import seed_targets
from demo.users import DEMO_PASSWORD, create_demo_users, team_for
from kotaku.models import City, Province, Role
from monitoring.models import ChecklistItem, ChecklistTemplate, RktlItem


class Command(BaseCommand):
    help = (
        "Load demo data for the 15 pilot cities: logins, BDCs, KSM, visits and RKTL. "
        "Safe to run again: it only adds what is missing. Refuses to run with DEBUG off "
        "unless --force is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the demo logins share a published password).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates logins with a published password, so it refuses to run "
                "with DEBUG=False. Use --force if this really is a demo installation."
            )
        started = time.monotonic()
        before = {label: model.objects.count() for label, model in COUNTED}
        today = timezone.localdate()
        try:
            template = ChecklistTemplate.objects.get(is_default=True)
        except ChecklistTemplate.DoesNotExist:
            raise CommandError("No default checklist: run `manage.py migrate` first.") from None
        items = list(
            ChecklistItem.objects.filter(section__template=template).select_related("section")
        )
        cities = list(City.objects.filter(is_bdc_pilot=True).select_related("province"))
        if not cities:
            raise CommandError("No pilot cities: run `manage.py migrate` first.")

        with transaction.atomic():
            users = create_demo_users()
            for city in cities:
                seed_city(city, team_for(city, users), template, items, today)
            seed_targets(users["admin"], today)

        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({time.monotonic() - started:.1f} s).")
        )
        for label, model in COUNTED:
            total = model.objects.count()
            self.stdout.write(f"  {label:<20}{total:>7}  (+{total - before[label]})")
        overdue = RktlItem.objects.overdue(today).count()
        self.stdout.write(f"  {'RKTL overdue':<20}{overdue:>7}")
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        areas = {c.code: c.full_name for c in City.objects.filter(is_bdc_pilot=True)}
        areas |= dict(Province.objects.values_list("code", "name"))
        with translation.override("en"):
            for username, _, _, role, area in data.USERS:
                label = str(Role(role).label)
                where = f" · {areas.get(area, area)}" if area else ""
                self.stdout.write(f"  {username:<28}{label}{where}")
