"""What the maps show: the points of one city, and RKTL follow-up per city across an area.

The pages and their JSON endpoints call the same functions, so the list beside a map always
holds what the map draws. Every query starts from `visible_to(user)`. No personal data: visits
by code, title, date and status; KSMs by name and stage; outlets by name and kind.

Cost: a city map runs six queries (three layers, three counts of records without a position)
and an area map four (its cities, then one GROUP BY each for RKTL items, KSMs and visits),
however many records the area holds (tests/monitoring/test_maps.py). Like the dashboard's, an
area's numbers are kept (kotaku.kept): a few cities' until one of their records changes, a
large area's for a few minutes.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bdc.models import Bdc, Outlet
from kotaku.access import cities_readable_by, scope_for
from kotaku.kept import Keeping, keeping, kept
from kotaku.lib.choices import labels_now
from kotaku.lib.paths import code_url, code_urls, list_path
from kotaku.models import City, Province
from ksm.models import Ksm
from monitoring.dashboard.links import share
from monitoring.dashboard.queries import NUMBERS_CACHE_SECONDS
from monitoring.models import RktlItem, RktlStatus, Visit, overdue_q

# A layer of a city map lists at most this many points (the latest visits first): a city has
# a few hundred KSMs and visits; a browser draws a few thousand circles without trouble.
MAX_POINTS = 2000

# One colour per PPMK stage, for the markers and the legend alike.
STAGE_COLOURS = {
    Ksm.PpmkStage.I: "#dc3545",
    Ksm.PpmkStage.II: "#fd7e14",
    Ksm.PpmkStage.III: "#198754",
}
VISIT_COLOUR = "#0d6efd"
OUTLET_COLOUR = "#6f42c1"


@dataclass(frozen=True)
class Band:
    """A range of RKTL completion (verified items as a share of all), with its colour."""

    key: str
    label: str
    colour: str
    below: int  # completion (percent) under which a city falls in this band


COMPLETION_BANDS = (
    Band("low", _("under 40% verified"), "#dc3545", 40),
    Band("mid", _("40 to 74% verified"), "#ffc107", 75),
    # xgettext:no-python-format
    Band("high", _("75% or more verified"), "#198754", 101),
)
NO_ITEMS = Band("none", _("no RKTL items"), "#adb5bd", 0)


def completion_band(completion: int | None) -> Band:
    if completion is None:
        return NO_ITEMS
    return next(b for b in COMPLETION_BANDS if completion < b.below)


def _position(row: dict) -> dict:
    return {"lat": float(row["latitude"]), "lon": float(row["longitude"])}


def _placed(qs: QuerySet) -> QuerySet:
    # Both or neither (position_constraints): testing one is enough.
    return qs.filter(latitude__isnull=False)


def city_points(user, city: City) -> dict:
    """The visits, KSMs and outlets of `city` that have a position, as the user may read
    them; and how many of each have none. Six queries."""
    visits = Visit.objects.visible_to(user).counted().filter(city=city)
    ksms = Ksm.objects.visible_to(user).filter(city=city)
    outlets = Outlet.objects.filter(bdc__in=Bdc.objects.visible_to(user).filter(city=city))
    visit_rows = list(
        _placed(visits)
        .order_by("-starts_on", "-id")
        .values("code", "title", "starts_on", "status", "latitude", "longitude")[: MAX_POINTS + 1]
    )
    ksm_rows = list(
        _placed(ksms)
        .order_by("name", "id")
        .values("code", "name", "ppmk_stage", "latitude", "longitude")[: MAX_POINTS + 1]
    )
    outlet_rows = list(
        _placed(outlets)
        .order_by("name", "id")
        .values("name", "kind", "is_active", "latitude", "longitude")[: MAX_POINTS + 1]
    )
    bdc_url = reverse("bdc:bdc_detail", args=[city.code])
    visit_url, ksm_url = code_urls("monitoring:visit_detail"), code_urls("ksm:ksm_detail")
    # Labels translated once, not once a point.
    statuses, stages = labels_now(Visit.Status.choices), labels_now(Ksm.PpmkStage.choices)
    kinds = labels_now(Outlet.Kind.choices)
    return {
        "visits": [
            {
                "code": v["code"],
                "title": v["title"],
                "date": v["starts_on"].isoformat(),
                "status": v["status"],
                "status_label": statuses[v["status"]],
                "url": visit_url(v["code"]),
                "colour": VISIT_COLOUR,
                **_position(v),
            }
            for v in visit_rows[:MAX_POINTS]
        ],
        "ksms": [
            {
                "code": k["code"],
                "name": k["name"],
                "stage": k["ppmk_stage"],
                "stage_label": stages[k["ppmk_stage"]],
                "url": ksm_url(k["code"]),
                "colour": STAGE_COLOURS[k["ppmk_stage"]],
                **_position(k),
            }
            for k in ksm_rows[:MAX_POINTS]
        ],
        "outlets": [
            {
                "name": o["name"],
                "kind": o["kind"],
                "kind_label": kinds[o["kind"]],
                "active": o["is_active"],
                "url": bdc_url,
                "colour": OUTLET_COLOUR,
                **_position(o),
            }
            for o in outlet_rows[:MAX_POINTS]
        ],
        "truncated": any(len(rows) > MAX_POINTS for rows in (visit_rows, ksm_rows, outlet_rows)),
        "not_placed": {
            "visits": visits.filter(latitude__isnull=True).count(),
            "ksms": ksms.filter(latitude__isnull=True).count(),
            "outlets": outlets.filter(latitude__isnull=True).count(),
        },
    }


def stage_legend() -> list[tuple[str, str]]:
    """(label, colour) of each PPMK stage, for the city map's legend."""
    return [(label, STAGE_COLOURS[value]) for value, label in Ksm.PpmkStage.choices]


# ---- Province and national maps: one row per city, aggregated in the database.


def area_cities(user, province: Province | None) -> list[City]:
    """The cities of the area the user may read, narrowed to `province`; one query."""
    cities = cities_readable_by(user)
    if province is not None:
        cities = cities.filter(province=province)
    return list(cities.order_by("province__name", "name"))


def area_city_ids(user, province: Province | None) -> list[int] | None:
    """The ids of area_cities(user, province), None for every city: what its numbers and the
    map's table are kept under (numbers_keeping). From the user's scope when no province is
    asked for (no query), else one query of ids, where the cities themselves (270 for the
    country) are read only when what is kept must be made again."""
    scope = scope_for(user)
    if province is None:
        return None if scope.national else sorted(scope.readable_cities)
    return list(cities_readable_by(user).filter(province=province).values_list("pk", flat=True))


@dataclass
class CityRow:
    city: City
    total: int = 0
    verified: int = 0
    done: int = 0
    overdue: int = 0
    ksms: int = 0
    visits: int = 0
    lat: float | None = None
    lon: float | None = None
    # Weight of the mean position so far: how many positioned records it averages.
    _placed: int = field(default=0, repr=False)

    @property
    def completion(self) -> int | None:
        """Verified items as a whole percentage of all (as the dashboard counts it)."""
        return share(self.verified, self.total)

    @property
    def band(self) -> Band:
        return completion_band(self.completion)

    def add_position(self, n: int, lat, lon) -> None:
        """Fold the mean position of `n` more records into the city's point."""
        if not n:
            return
        total = self._placed + n
        self.lat = ((self.lat or 0) * self._placed + float(lat) * n) / total
        self.lon = ((self.lon or 0) * self._placed + float(lon) * n) / total
        self._placed = total

    @property
    def url(self) -> str:
        return code_url("monitoring:city_map", self.city.code)

    # As rktl_list_url(city=..., overdue="on") writes them, without urlencode's quoting of
    # a number: a national map has 540 of them.
    @property
    def rktl_url(self) -> str:
        return f"{list_path('monitoring:rktl_list')}?city={self.city.pk}"

    @property
    def overdue_url(self) -> str:
        return f"{self.rktl_url}&overdue=on"

    def as_json(self) -> dict:
        return {
            "code": self.city.code,
            "name": str(self.city),
            "province": self.city.province.name,
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "total": self.total,
            "verified": self.verified,
            "done": self.done,
            "overdue": self.overdue,
            "completion": self.completion,
            "band": self.band.key,
            "colour": self.band.colour,
            "url": self.url,
            "rktl_url": self.rktl_url,
            "overdue_url": self.overdue_url,
        }


def area_numbers(user, province: Province | None, today: datetime.date) -> dict:
    """Per city id: RKTL items (all, verified, done awaiting verification, overdue), and the
    number and mean position of its KSMs and of its visits. Three grouped queries, over the
    user's cities (in `province` if given)."""

    def in_area(qs: QuerySet) -> QuerySet:
        # visible_to already keeps to the user's cities; a province narrows further.
        return qs.filter(city__province=province) if province is not None else qs

    items = in_area(RktlItem.objects.visible_to(user)).values("city_id").order_by()
    numbers: dict = {
        "rktl": list(
            items.annotate(
                total=Count("id"),
                verified=Count("id", filter=Q(status=RktlStatus.VERIFIED)),
                done=Count("id", filter=Q(status=RktlStatus.DONE)),
                overdue=Count("id", filter=overdue_q(today)),
            )
        )
    }
    for name, qs in (
        ("ksms", Ksm.objects.visible_to(user)),
        ("visits", Visit.objects.visible_to(user).counted()),
    ):
        grouped = in_area(qs).values("city_id").order_by()
        # Count("latitude") counts the records that have a position; Avg ignores the others.
        numbers[name] = list(
            grouped.annotate(
                n=Count("id"), placed=Count("latitude"), lat=Avg("latitude"), lon=Avg("longitude")
            )
        )
    return numbers


def numbers_keeping(
    city_ids: list[int] | None, province: Province | None, today: datetime.date
) -> Keeping | None:
    """How an area's numbers are kept (kotaku.kept): a few cities' until one of their records
    changes, a large area's for a few minutes. Reads the cities' version: call it before
    reading what is kept under it (area_city_ids gives `city_ids`)."""
    signature = repr(("map-numbers", province and province.pk, today))
    return keeping(city_ids, signature, NUMBERS_CACHE_SECONDS)


def cached_area_numbers(
    user, keep: Keeping | None, province: Province | None, today: datetime.date
) -> tuple[dict, datetime.datetime | None]:
    """`area_numbers`, kept as `keep` says, with the time they were counted (None: exact)."""
    return kept(keep, lambda: area_numbers(user, province, today))


def area_rows(cities: list[City], numbers: dict) -> list[CityRow]:
    """One row per city of `cities`, with its numbers. A city's point is the mean position of
    its KSMs and visits that have one; a city with none has no point (listed, not drawn)."""
    rows = {c.pk: CityRow(c) for c in cities}
    for r in numbers["rktl"]:
        if row := rows.get(r["city_id"]):
            row.total, row.verified, row.done = r["total"], r["verified"], r["done"]
            row.overdue = r["overdue"]
    for name in ("ksms", "visits"):
        for r in numbers[name]:
            if row := rows.get(r["city_id"]):
                setattr(row, name, r["n"])
                row.add_position(r["placed"], r["lat"], r["lon"])
    return list(rows.values())
