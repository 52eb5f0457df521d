"""Who may read and who may change what: the one place the rules live.

Every record the program keeps belongs to a city. A user's assignments give the set of cities
they may read, and for each kind of change, the cities they may make it in. Querysets are
narrowed with these sets in the database (`visible_to`, `changeable_by`), never by fetching a
record and checking it afterwards, so an outsider's request for a record finds nothing (404).

The scope is computed once per request and cached on the user object.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from kotaku.models import Assignment, City, Role


@dataclass(frozen=True)
class Scope:
    national: bool = False
    roles: frozenset[str] = frozenset()
    # City ids per role; KMW provinces are expanded to their cities.
    cities_by_role: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def has_assignment(self) -> bool:
        return self.national or bool(self.roles)

    def cities(self, *roles: str) -> frozenset[int]:
        """Cities in which the user holds any of `roles` (all their cities when none given)."""
        wanted = roles or tuple(self.cities_by_role)
        return frozenset().union(*(self.cities_by_role.get(r, frozenset()) for r in wanted))

    @property
    def readable_cities(self) -> frozenset[int]:
        return self.cities()

    @property
    def writable_cities(self) -> frozenset[int]:
        """Where the user records field work: facilitators' cities."""
        return self.cities(Role.FASILITATOR)

    @property
    def may_record(self) -> bool:
        """Whether the user plans visits and registers records somewhere (facilitators, Pusat)."""
        return self.national or bool(self.writable_cities)

    def has_role(self, role: str) -> bool:
        return self.national if role == Role.PUSAT else role in self.roles


NO_SCOPE = Scope()


def scope_for(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The user's scope. Runs at most two queries, once per request (cached on the user)."""
    if not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_kotaku_scope", None)
    if cached is not None:
        return cached
    rows = list(Assignment.objects.filter(user=user).values_list("role", "city_id", "province_id"))
    national = user.is_superuser or any(role == Role.PUSAT for role, _, _ in rows)
    by_role: dict[str, set[int]] = {}
    kmw_provinces = {prov for role, _, prov in rows if role == Role.KMW}
    for role, city_id, _ in rows:
        if city_id:
            by_role.setdefault(role, set()).add(city_id)
    if kmw_provinces:
        by_role[Role.KMW] = set(
            City.objects.filter(province_id__in=kmw_provinces).values_list("id", flat=True)
        )
    scope = Scope(
        national=national,
        roles=frozenset(role for role, _, _ in rows),
        cities_by_role={role: frozenset(ids) for role, ids in by_role.items()},
    )
    user._kotaku_scope = scope
    return scope


# Who sees people's names, disability, phone numbers and members' personal details: those who
# work with them in the field and review that work. The Pemda viewer sees totals (by gender and
# disability) and organisations only. The README's "Personal data" table says the same.
PERSONAL_DATA_ROLES = (Role.FASILITATOR, Role.KORKOT, Role.KMW)


def can_see_personal_data(user, city_id: int) -> bool:
    """Whether `user` may see the personal data of people recorded in the city `city_id`
    (attendees, KSM members, Komite and Pengelola, contact phone numbers): on pages, PDFs and
    exports alike. Pusat and the city's facilitators, Korkot and KMW do; a Pemda viewer does not."""
    cities = personal_data_cities(user)
    return cities is None or city_id in cities


def personal_data_cities(user) -> frozenset[int] | None:
    """The cities whose people's personal data `user` may see, to narrow a query of many rows
    (None: every city, for Pusat). The rule of `can_see_personal_data`."""
    scope = scope_for(user)
    return None if scope.national else scope.cities(*PERSONAL_DATA_ROLES)


def cities_readable_by(user) -> models.QuerySet:
    """The cities whose records the user may read, with their provinces (all for Pusat)."""
    scope = scope_for(user)
    cities = City.objects.select_related("province")
    return cities if scope.national else cities.filter(pk__in=scope.readable_cities)


def cities_writable_by(user) -> models.QuerySet:
    """The cities in which the user records field work (facilitators' cities; all for Pusat)."""
    scope = scope_for(user)
    cities = City.objects.select_related("province")
    return cities if scope.national else cities.filter(pk__in=scope.writable_cities)


class CityScopedQuerySet(models.QuerySet):
    """Base for querysets of records that belong to a city.

    Subclasses set `city_field` to the lookup path from the model to its City, e.g.
    "visit__city" for a visit's answers.
    """

    city_field = "city"

    def in_cities(self, city_ids) -> "CityScopedQuerySet":
        return self.filter(**{f"{self.city_field}__in": city_ids})

    def visible_to(self, user) -> "CityScopedQuerySet":
        scope = scope_for(user)
        if scope.national:
            return self.all()
        return self.in_cities(scope.readable_cities)

    def changeable_by(self, user) -> "CityScopedQuerySet":
        """Records the user may edit as a field worker (facilitators of the city, and Pusat)."""
        scope = scope_for(user)
        if scope.national:
            return self.all()
        return self.in_cities(scope.writable_cities)


def can_change(user, record: models.Model) -> bool:
    """Whether the user may change `record`, of a model whose manager is a CityScopedQuerySet,
    as a field worker (facilitators of its city, and Pusat). Runs one query."""
    return type(record).objects.changeable_by(user).filter(pk=record.pk).exists()


def refusal(user) -> Exception:
    """What to raise when `user` may not use a page that is about no particular record, such as
    planning a visit or registering a KSM: 403 for a user who reads some area (they know the
    page exists and are told it is not theirs), 404 for one who has no area at all."""
    return PermissionDenied() if scope_for(user).has_assignment else Http404()


def for_editing(user, record, may_change: Callable[..., bool] = can_change):
    """`record`, already fetched in the user's read scope (404 outside it), when
    `may_change(user, record)`; 403 when the user may only read it."""
    if not may_change(user, record):
        raise PermissionDenied
    return record
