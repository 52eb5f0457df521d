"""Small helpers of the demo data set (`manage.py seed_demo`): seeded generators, names, dates."""

import random
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo import data
from kotaku.lib.choices import Gender
from kotaku.models import City

# Fixed seed: the year of the pilot's monitoring visits (seed 000).
SEED = 2016
CHANGE_REASON = "Data demo (seed_demo)"
METRO = "1872"


# --- Small helpers ------------------------------------------------------------------------------


def rng_for(*parts: object) -> random.Random:
    """A generator of its own for each city and part, so that parts never shift each other."""
    return random.Random(":".join(["kotaku-demo", str(SEED), *map(str, parts)]))


def create_all(model, objs: list) -> list:
    """Bulk-insert unsaved objects, with their history rows when the model keeps history."""
    if not objs:
        return []
    if getattr(model._meta, "simple_history_manager_attribute", None):
        return bulk_create_with_history(objs, model, default_change_reason=CHANGE_REASON)
    return model.objects.bulk_create(objs)


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def rupiah(amount: float, step: int = 1_000_000) -> Decimal:
    """An amount rounded down to `step` Rupiah."""
    return Decimal(int(amount) // step * step)


PHONE_PREFIXES = ["0811", "0812", "0813", "0821", "0852", "0857", "0877", "0878"]


def phone(rng: random.Random) -> str:
    """A mobile number in the form the app stores (kotaku.lib.phones): bulk inserts skip save()."""
    return f"+62{rng.choice(PHONE_PREFIXES)[1:]}{rng.randint(0, 99_999_999):08d}"


def head_of(city: City) -> str:
    return "Wali Kota" if city.kind == City.Kind.KOTA else "Bupati"


class NameMaker:
    """Draws Indonesian names from the name lists of a city's regions."""

    def __init__(self, rng: random.Random, regions: list[str]) -> None:
        self.rng = rng
        self.regions = regions

    def gender(self, share_women: float = 0.5) -> str:
        return Gender.FEMALE if self.rng.random() < share_women else Gender.MALE

    def name(self, gender: str, taken: set[str]) -> str:
        """A name not yet in `taken` (which it is then added to)."""
        for attempt in range(60):
            region = self.rng.choice(self.regions)
            first = self.rng.choice(data.FIRST_NAMES[region][gender])
            last = self.rng.choice(data.LAST_NAMES[region][gender])
            if attempt >= 30:  # a small pool is used up: add a second given name
                first = f"{first} {self.rng.choice(data.FIRST_NAMES[region][gender])}"
            name = f"{first} {last}"
            if name not in taken and first != last:
                taken.add(name)
                return name
        raise RuntimeError("The demo name lists are too small.")
