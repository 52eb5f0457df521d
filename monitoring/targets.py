"""Which target applies to an area: the one rule, and the one query that loads the candidates."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext

from kotaku.access import scope_for
from kotaku.models import City, Province, Role
from monitoring.models import Target


@dataclass(frozen=True)
class Area:
    """The area the targets panel compares: a city, a province, or the whole country."""

    city: City | None = None
    province: Province | None = None

    @property
    def kind(self) -> str:
        if self.city:
            return "city"
        return "province" if self.province else "national"

    @property
    def name(self) -> str:
        if self.city:
            return str(self.city)
        return str(self.province) if self.province else gettext("Indonesia (national)")


def area_shown(user, cities: list[City], filters) -> Area | None:
    """The area of the dashboard's filters, or else of the user's whole scope; None when the
    scope is several cities that make neither one province nor the country (their targets
    cannot be added up)."""
    if filters.city:
        return Area(city=filters.city)
    if filters.province:
        return Area(province=filters.province)
    if len(cities) == 1:
        return Area(city=cities[0])
    scope = scope_for(user)
    if scope.national:
        return Area()
    provinces = {c.province_id: c.province for c in cities}
    # A KMW reads every city of their province: their scope is the province.
    if len(provinces) == 1 and scope.has_role(Role.KMW):
        return Area(province=next(iter(provinces.values())))
    return None


def targets_near(area: Area, years: Iterable[int]) -> list[Target]:
    """The targets that may apply to `area` in `years`: its own, its province's and the
    national ones. One query."""
    near = Q(city__isnull=True, province__isnull=True)
    if area.city:
        near |= Q(city=area.city) | Q(province_id=area.city.province_id)
    elif area.province:
        near |= Q(province=area.province)
    return list(Target.objects.filter(near, year__in=set(years)))


def target_for(
    targets: Iterable[Target], indicator: str, year: int, area: Area, *, inherit: bool = True
) -> Target | None:
    """The target of `indicator` in `year` for `area`, among `targets` (already loaded).

    A city takes its own target, else its province's, else the national one (unless
    `inherit` is false: a count is only compared with the area's own target). A province and
    the country take their own target only.
    """
    own, province, national = None, None, None
    for t in targets:
        if t.indicator != indicator or t.year != year:
            continue
        if t.city_id is None and t.province_id is None:
            national = t
        elif area.city and t.city_id == area.city.pk:
            own = t
        elif area.city and t.province_id == area.city.province_id:
            province = t
        elif area.province and not area.city and t.province_id == area.province.pk:
            own = t
    if area.city:
        return own or (province or national if inherit else None)
    if area.province:
        return own
    return national


def target_value(target: Target | None) -> Decimal | None:
    return target.value if target else None
