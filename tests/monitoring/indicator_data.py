"""Records for the indicators, on the days where a rule could slip: quarter edges, the first
agreed deadline itself and the day after it, KSMs without a formation date. And the slow,
obvious count of every indicator over them (plain Python over every row), to check the
grouped queries against."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from bdc.models import Bdc, GrantTranche
from kotaku.lib.choices import Gender
from kotaku.models import City, Kecamatan, Kelurahan
from ksm.models import Ksm
from monitoring.indicators import Quarter
from monitoring.models import (
    Attendee,
    ChecklistTemplate,
    Finding,
    RktlItem,
    RktlStatus,
    RktlUpdate,
    Tier,
    Visit,
)

D = datetime.date
# Quarter edges, and days inside quarters, from Q3 2025 to Q4 2026.
DAYS = [
    D(2025, 9, 30),
    D(2025, 10, 1),
    D(2025, 12, 31),
    D(2026, 1, 1),
    D(2026, 2, 14),
    D(2026, 3, 31),
    D(2026, 4, 1),
    D(2026, 6, 30),
    D(2026, 7, 1),
    D(2026, 9, 30),
    D(2026, 10, 1),
    D(2026, 11, 15),
    D(2026, 12, 31),
]


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of `day` in the program's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def add_indicator_data(world, cities: list[City], *, tag: str) -> None:
    template = ChecklistTemplate.objects.get(is_default=True)
    author = world.users["fasilitator"]
    statuses = list(Visit.Status)
    for n, city in enumerate(cities):
        bdc, _ = Bdc.objects.get_or_create(city=city, defaults={"name": f"BDC {city.name}"})
        for stage, year, disbursed, spent in (
            (10, 2025, 300, 120 + n),
            (11, 2026, 200, 50 + 3 * n),
        ):
            GrantTranche.objects.get_or_create(
                bdc=bdc,
                stage=stage,
                defaults={
                    "fiscal_year": year,
                    "allocated": 500_000_000,
                    "disbursed": disbursed * 1_000_000,
                    "spent": spent * 1_000_000,
                },
            )
        kel = Kelurahan.objects.create(
            kecamatan=Kecamatan.objects.create(city=city, name=f"Kec {tag}"), name=f"Kel {tag}"
        )
        visits = Visit.objects.bulk_create(
            Visit(
                city=city,
                title=f"Monev {tag} {i}",
                starts_on=day,
                ends_on=day + datetime.timedelta(days=2),
                status=statuses[(i + n) % len(statuses)],
                template=template,
                created_by=author,
            )
            for i, day in enumerate(DAYS)
        )
        Attendee.objects.bulk_create(
            Attendee(
                visit=visit,
                name=f"Peserta {j}",
                gender=Gender.FEMALE if (i + j + n) % 3 == 0 else Gender.MALE,
            )
            for i, visit in enumerate(visits)
            for j in range((i + n) % 4 + 1)
        )
        findings = Finding.objects.bulk_create(
            Finding(visit=visit, description=f"Temuan {tag}") for visit in visits
        )
        rktl_statuses = list(RktlStatus)
        # Every third item verified; the others in every status.
        chosen = [
            RktlStatus.VERIFIED if k % 3 == 0 else rktl_statuses[(k + n) % len(rktl_statuses)]
            for k in range(3 * len(DAYS))
        ]
        items = RktlItem.objects.bulk_create(
            RktlItem(
                finding=findings[k % len(findings)],
                city=city,
                category="kapasitas",
                status=status,
                cannot_reason="Di luar kewenangan" if status == RktlStatus.CANNOT else "",
                problem="Masalah",
                action="Tindakan",
                pic_name="Pengelola",
                pic_tier=Tier.PENGELOLA,
                original_deadline=(first := DAYS[k % len(DAYS)]),
                # Some deadlines moved since they were agreed: the first one still counts.
                deadline=first + datetime.timedelta(days=40 * (k % 2)),
                created_by=author,
            )
            for k, status in enumerate(chosen)
        )
        # Verified before, on (late in the day) and the day after the first deadline; and
        # a verification later rejected, on an item back in progress.
        when = (
            lambda d: at(d - datetime.timedelta(days=3), 10),
            lambda d: at(d, 23, 30),
            lambda d: at(d + datetime.timedelta(days=1), 0, 30),
        )
        RktlUpdate.objects.bulk_create(
            RktlUpdate(
                item=item,
                kind=RktlUpdate.Kind.VERIFY,
                status_before=RktlStatus.DONE,
                status_after=RktlStatus.VERIFIED,
                author=author,
                created_at=when[(k + n) % 3](item.original_deadline),
            )
            for k, item in enumerate(items)
            if item.status in (RktlStatus.VERIFIED, RktlStatus.IN_PROGRESS)
        )
        ksms = Ksm.objects.bulk_create(
            Ksm(
                name=f"KSM {tag} {i}",
                city=city,
                kelurahan=kel,
                ppmk_stage=1 + (i + n) % 3,
                formed_on=None if i % 4 == 0 else day,
                created_at=at(day, 8),
            )
            for i, day in enumerate(DAYS)
        )
        assert ksms


@dataclass
class Count:
    part: int
    whole: int | None = None


def expected(cities: set[int], quarter: Quarter) -> dict[str, Count]:
    """Every indicator in `cities` for `quarter`, counted in Python over every row."""

    def inside(day: datetime.date) -> bool:
        return quarter.start <= day <= quarter.end

    items = [i for i in RktlItem.objects.prefetch_related("updates") if i.city_id in cities]
    due = [i for i in items if inside(i.original_deadline)]
    on_time = [
        i
        for i in due
        if i.status == RktlStatus.VERIFIED
        and any(
            u.kind == RktlUpdate.Kind.VERIFY
            and timezone.localtime(u.created_at).date() <= i.original_deadline
            for u in i.updates.all()
        )
    ]
    ksms = [
        k
        for k in Ksm.objects.all()
        if k.city_id in cities
        and k.ppmk_stage >= 2
        and (k.formed_on or timezone.localtime(k.created_at).date()) <= quarter.end
    ]
    tranches = [
        t
        for t in GrantTranche.objects.select_related("bdc")
        if t.bdc.city_id in cities and t.fiscal_year == quarter.year
    ]
    visits = [v for v in Visit.objects.all() if v.city_id in cities and inside(v.starts_on)]
    attendees = [
        a
        for a in Attendee.objects.select_related("visit")
        if a.visit.city_id in cities
        and a.visit.status != Visit.Status.CANCELLED
        and inside(a.visit.starts_on)
    ]
    return {
        "rktl_on_time": Count(len(on_time), len(due)),
        "ksm_stage_2_3": Count(len(ksms)),
        "blm_use": Count(sum(t.spent for t in tranches), sum(t.disbursed for t in tranches)),
        "visits_per_bdc": Count(
            sum(v.status == Visit.Status.APPROVED for v in visits),
            sum(b.city_id in cities for b in Bdc.objects.all()),
        ),
        "women_share": Count(sum(a.gender == Gender.FEMALE for a in attendees), len(attendees)),
        # What the women's share links to: the visits of the quarter, all but cancelled.
        "visits_counted": Count(sum(v.status != Visit.Status.CANCELLED for v in visits)),
    }
