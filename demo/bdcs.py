"""The demo BDC of a pilot city: its committees, outlets, plan and grant, planned then written."""

from dataclasses import dataclass
from datetime import date

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet, PlanActivity
from demo import data
from demo.common import NameMaker, create_all, head_of, phone, rng_for, rupiah
from kotaku.lib.touch import touch
from kotaku.models import City, Kelurahan

# The year-one plan of the demo BDCs runs in this calendar year.
PLAN_YEAR = 2026


@dataclass
class BdcPlan:
    fields: dict
    people: list[BdcPerson]
    outlets: list[Outlet]
    activities: list[PlanActivity]
    tranches: list[GrantTranche]

    def person(self, body: str, position: str, unsur: str | None = None) -> str:
        for p in self.people:
            if p.body == body and p.position == position and unsur in (None, p.unsur):
                return p.name
        return ""


def plan_bdc(city: City, kelurahans: list[Kelurahan], lines: list[str]) -> BdcPlan:
    rng = rng_for(city.code, "bdc")
    names = NameMaker(rng, data.CITY_NAME_REGIONS.get(city.code, data.DEFAULT_NAME_REGIONS))
    street = rng.choice(data.STREETS)
    kelurahan = rng.choice(kelurahans)
    address = f"{street} No. {rng.randint(1, 120)}, Kel. {kelurahan.name}, {city.full_name}"
    stems = ", ".join(data.PRODUCT_LINES[key]["stem"].lower() for key in lines[:3])
    fields = {
        "name": f"BDC {city.full_name}",
        "address": address,
        "established_on": date(2015, rng.randint(8, 11), rng.randint(1, 28)),
        "sk_komite_number": f"188.45/{rng.randint(100, 999)}/KPTS/2015",
        "feasibility_study_title": f"Studi Kelayakan Pendirian BDC {city.full_name}",
        "feasibility_study_date": date(2015, rng.randint(4, 7), rng.randint(1, 28)),
        "feasibility_study_summary": data.FEASIBILITY_SUMMARY.format(
            products=stems, city=city.full_name
        ),
    }

    seats = list(data.KOMITE_SEATS)
    roll = rng.random()
    if roll < 0.3:
        seats.remove(("Anggota", rng.choice(["usaha", "masyarakat", "pemda"])))
    elif roll < 0.6:
        seats.append(rng.choice(data.KOMITE_EXTRA_SEATS))
    pengelola_seats = list(data.PENGELOLA_SEATS)
    if rng.random() < 0.4:
        pengelola_seats.pop()
    people = []
    for body, body_seats in (
        (BdcPerson.Body.KOMITE, seats),
        (BdcPerson.Body.PENGELOLA, pengelola_seats),
    ):
        taken: set[str] = set()
        for position, unsur in body_seats:
            gender = names.gender(0.45)
            is_officer = position != "Anggota"
            people.append(
                BdcPerson(
                    body=body,
                    name=names.name(gender, taken),
                    position=position,
                    unsur=unsur,
                    gender=gender,
                    phone=phone(rng) if is_officer or rng.random() < 0.5 else "",
                    is_active=is_officer or rng.random() > 0.05,
                )
            )

    outlets = [
        Outlet(
            kind=Outlet.Kind.BDC_MART,
            name=f"BDC Mart {city.full_name}",
            address=address,
        )
    ]
    fmt = {
        "city": city.full_name,
        "name": city.name,
        "head": head_of(city),
        "gov": "Pemkot" if city.kind == City.Kind.KOTA else "Pemkab",
    }
    for kind, template in rng.sample(data.OTHER_OUTLETS, rng.randint(2, 5)):
        outlets.append(
            Outlet(
                kind=kind,
                name=template.format(**fmt),
                address=""
                if kind == Outlet.Kind.ONLINE
                else f"{rng.choice(data.STREETS)} No. {rng.randint(1, 200)}, {city.full_name}",
                is_active=rng.random() > 0.1,
            )
        )

    activities = []
    for activity, target, indicator, start, end, progress in sorted(
        rng.sample(data.PLAN_ACTIVITIES, rng.randint(3, 4)), key=lambda a: a[3]
    ):
        activities.append(
            PlanActivity(
                activity=activity,
                target=target,
                indicator=indicator,
                starts_on=date(PLAN_YEAR, start, 1),
                ends_on=date(PLAN_YEAR, end, 28),
                progress_percent=max(0, min(100, progress + rng.choice([-15, -5, 0, 0, 10]))),
            )
        )

    tranches = []
    for stage, fiscal_year, allocations, disbursed_shares, spent_range in (
        (1, 2015, [500, 600, 750], [1.0, 1.0, 1.0, 0.9, 0.8], (0.7, 1.0)),
        (2, 2016, [300, 400, 500], [1.0, 0.6, 0.5, 0.4], (0.2, 0.9)),
    ):
        allocated = rupiah(rng.choice(allocations) * 1_000_000)
        disbursed = rupiah(float(allocated) * rng.choice(disbursed_shares), 10_000_000)
        spent = rupiah(float(disbursed) * rng.uniform(*spent_range))
        a, b = rng.choice([50, 55, 60]), rng.choice([20, 25, 30])
        tranches.append(
            GrantTranche(
                stage=stage,
                fiscal_year=fiscal_year,
                allocated=allocated,
                disbursed=disbursed,
                spent=spent,
                use_scenario=rng.choice(data.TRANCHE_SCENARIOS[stage]).format(
                    a=a, b=b, c=100 - a - b
                ),
            )
        )
    return BdcPlan(fields, people, outlets, activities, tranches)


def seed_bdc(city: City, plan: BdcPlan) -> Bdc:
    bdc, _ = Bdc.objects.get_or_create(city=city, defaults=plan.fields)

    def missing(objs: list, existing: set, key) -> list:
        for obj in objs:
            obj.bdc = bdc
        return [obj for obj in objs if key(obj) not in existing]

    people = set(bdc.people.values_list("body", "name"))
    new_people = create_all(BdcPerson, missing(plan.people, people, lambda p: (p.body, p.name)))
    outlets = set(bdc.outlets.values_list("name", flat=True))
    new_outlets = create_all(Outlet, missing(plan.outlets, outlets, lambda o: o.name))
    activities = set(bdc.plan_activities.values_list("activity", flat=True))
    create_all(PlanActivity, missing(plan.activities, activities, lambda a: a.activity))
    stages = set(bdc.tranches.values_list("stage", flat=True))
    new_tranches = create_all(GrantTranche, missing(plan.tranches, stages, lambda t: t.stage))
    if new_people or new_outlets or new_tranches:
        # Bulk inserts send no signals: the BDC is touched here (API sync).
        touch(Bdc, [bdc.pk])
    return bdc
