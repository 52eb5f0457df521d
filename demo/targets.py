"""Demo targets, so that the dashboard's targets panel has something to compare with: national
targets for this year and last, and a few for Lampung and Kota Metro (a mix of met and not)."""

from decimal import Decimal

from demo.common import METRO
from kotaku.models import City, Province
from monitoring.models import IndicatorKey, Target

K = IndicatorKey
# indicator -> national target (the same both years)
NATIONAL = {
    K.RKTL_ON_TIME: Decimal(60),
    K.BLM_USE: Decimal(70),
    K.VISITS_PER_BDC: Decimal(2),
    K.WOMEN_SHARE: Decimal(30),
}
LAMPUNG = {K.RKTL_ON_TIME: Decimal(65), K.WOMEN_SHARE: Decimal(35), K.KSM_ADVANCED: Decimal(20)}
KOTA_METRO = {K.RKTL_ON_TIME: Decimal(70), K.KSM_ADVANCED: Decimal(6), K.VISITS_PER_BDC: 3}


def seed_targets(pusat, today) -> None:
    """Create the demo targets that are missing (a second run adds nothing)."""
    lampung = Province.objects.get(code="18")
    metro = City.objects.get(code=METRO)
    for year in (today.year - 1, today.year):
        for area, values in (
            ({}, NATIONAL),
            ({"province": lampung}, LAMPUNG),
            ({"city": metro}, KOTA_METRO),
        ):
            for indicator, value in values.items():
                Target.objects.get_or_create(
                    indicator=indicator,
                    year=year,
                    province=area.get("province"),
                    city=area.get("city"),
                    defaults={"value": Decimal(value), "set_by": pusat},
                )
