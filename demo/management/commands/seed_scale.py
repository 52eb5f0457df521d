"""Load a national-size data set for measuring performance (see demo/scale.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.scale import Size, seed_scale


class Command(BaseCommand):
    help = "Load a national-size data set (270 cities, 100k KSM, 50k visits, 500k RKTL items)."

    def add_arguments(self, parser) -> None:
        d = Size()
        parser.add_argument("--cities", type=int, default=d.cities)
        parser.add_argument("--ksm-per-city", type=int, default=d.ksm_per_city)
        parser.add_argument("--members-per-ksm", type=int, default=d.members_per_ksm)
        parser.add_argument("--visits-per-city", type=int, default=d.visits_per_city)
        parser.add_argument("--rktl-per-visit", type=int, default=d.rktl_per_visit)
        parser.add_argument("--seed", type=int, default=d.seed)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (and succeed) when the data set is already loaded",
        )
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(self, *args, if_empty: bool, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load test data with DEBUG off (use --force).")
        size = Size(
            cities=options["cities"],
            ksm_per_city=options["ksm_per_city"],
            members_per_ksm=options["members_per_ksm"],
            visits_per_city=options["visits_per_city"],
            rktl_per_visit=options["rktl_per_visit"],
            seed=options["seed"],
        )
        try:
            tables = seed_scale(size, log=self.stdout.write)
        except RuntimeError as error:
            if if_empty:
                self.stdout.write(str(error))
                return
            raise CommandError(str(error)) from error
        self.stdout.write(f"{'table':<28}{'rows':>12}{'write s':>10}")
        for label, table in tables.items():
            self.stdout.write(f"{label:<28}{table.written:>12,}{table.seconds:>10.1f}")
