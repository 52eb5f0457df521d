"""The demo logins and their assignments, and the team that works on each pilot city."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError

from demo import data
from kotaku.models import Assignment, City, Province, Role

# The one password of every demo login, printed at the end of each run.
DEMO_PASSWORD = "kotaku-demo-2026"

User = get_user_model()


def create_demo_users() -> dict[str, "User"]:
    """Create the demo logins and their assignments (idempotent); returns them by username.

    Needs only the pilot cities of the data migrations, so tests can call it on their own.
    Every login gets DEMO_PASSWORD on every call.
    """
    city_codes = {area for _, _, _, role, area in data.USERS if role in Role.city_roles()}
    province_codes = {area for _, _, _, role, area in data.USERS if role == Role.KMW}
    cities = City.objects.in_bulk(city_codes, field_name="code")
    provinces = Province.objects.in_bulk(province_codes, field_name="code")
    missing = (city_codes - set(cities)) | (province_codes - set(provinces))
    if missing:
        raise CommandError(
            f"Region codes {sorted(missing)} are missing: run `manage.py migrate` first."
        )

    users = {}
    for username, first_name, last_name, role, area in data.USERS:
        is_admin = role == Role.PUSAT
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@kotaku.example",
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        Assignment.objects.get_or_create(
            user=user,
            role=role,
            city=cities[area] if role in Role.city_roles() else None,
            province=provinces[area] if role == Role.KMW else None,
        )
        users[username] = user

    # One hash for all logins: they share the password anyway, and hashing is the slow part.
    # A queryset update also leaves any audit trail on users untouched.
    password = make_password(DEMO_PASSWORD)
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(
        password=password, is_active=True
    )
    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)
    for user in users.values():
        user.password = password
    return users


def full_name(user) -> str:
    return user.get_full_name() or user.username


@dataclass
class CityTeam:
    """The users who work on one city."""

    fasilitator: "User"
    korkot: "User"
    kmw: "User"


def team_for(city: City, users: dict) -> CityTeam:
    by_area = {(role, area): users[username] for username, _, _, role, area in data.USERS}
    admin = users["admin"]
    return CityTeam(
        fasilitator=by_area.get((Role.FASILITATOR, city.code), admin),
        korkot=by_area.get((Role.KORKOT, city.code), admin),
        kmw=by_area.get((Role.KMW, city.province.code), admin),
    )
