"""Load a demo data set: logins, BDCs, KSM, field visits and RKTL for the 15 pilot cities.

Everything is drawn from `random.Random` generators seeded per city and per part, so a run
produces the same data wherever it runs. The data is planned in full before anything is written,
and only records that are missing are written, so a second run changes no row count. Records
without a natural key (assessments, a visit's answers, attendees, findings, RKTL ...) are only
created together with their parent, when the parent itself is new.

Dates follow today's date: visits lie in the months before today, so that open RKTL items of old
visits are overdue.
"""

from datetime import date

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet, PlanActivity
from demo import data, positions
from demo.bdcs import plan_bdc, seed_bdc
from demo.common import at
from demo.ksms import plan_ksms, seed_ksms
from demo.users import CityTeam, User
from demo.visits import VisitPlanner, seed_visits
from kotaku.models import Assignment, City, Kecamatan, Kelurahan
from ksm.models import Assessment, Ksm, Member, Product
from monitoring.models import (
    Answer,
    Attendee,
    ChecklistTemplate,
    DocumentCheck,
    Finding,
    Review,
    RktlItem,
    RktlUpdate,
    Target,
    Visit,
)

# --- Geography ----------------------------------------------------------------------------------


def seed_geography(city: City) -> list[Kelurahan]:
    """The city's demo kecamatan and kelurahan, in the order of data.GEOGRAPHY."""
    plan = data.GEOGRAPHY.get(city.code) or [
        (kec.format(city=city.name), kels) for kec, kels in data.FALLBACK_KECAMATAN
    ]
    kelurahans = []
    for kecamatan_name, kelurahan_names in plan:
        kecamatan, _ = Kecamatan.objects.get_or_create(city=city, name=kecamatan_name)
        existing = {k.name: k for k in kecamatan.kelurahans.all()}
        for name in kelurahan_names:
            if name not in existing:
                existing[name] = Kelurahan.objects.create(kecamatan=kecamatan, name=name)
            kelurahans.append(existing[name])
    return kelurahans


# --- A city: its plans are made in full, then what is missing is written ----------------------


def seed_city(
    city: City, team: CityTeam, template: ChecklistTemplate, items: list, today: date
) -> None:
    kelurahans = seed_geography(city)
    lines = data.CITY_PRODUCT_LINES.get(city.code, data.DEFAULT_PRODUCT_LINES)
    bdc_plan = plan_bdc(city, kelurahans, lines)
    ksm_plans = plan_ksms(city, kelurahans, lines, today)
    visit_plans = VisitPlanner(city, team, bdc_plan, ksm_plans, items, template, today).plan()
    place_records(city, bdc_plan, ksm_plans, visit_plans)

    bdc = seed_bdc(city, bdc_plan)
    ksms = seed_ksms(city, ksm_plans, team.fasilitator)
    seed_visits(city, visit_plans, ksms, bdc)


# --- Positions, for the maps -------------------------------------------------------------------


def place_records(city: City, bdc_plan, ksm_plans: list, visit_plans: list) -> None:
    """Positions a few kilometres around the city's centre: KSMs grouped by kelurahan (one in
    eight has none yet), outlets other than online shops, and the visits that went beyond a
    draft, each where it took place (its first target KSM, else the BDC Mart), as the
    facilitator's phone read it."""
    centre = positions.city_centre(city.code, city.code[:2])
    km = positions.spread_km(city.kind)
    rng = positions.rng_for(city.code, "demo")
    placed = {}
    for n, plan in enumerate(ksm_plans):
        if n % 8 == 7:
            continue
        kelurahan = plan.ksm.kelurahan
        around = positions.area_centre(centre, f"{city.code}:{kelurahan.name}", km)
        point = positions.offset(around, rng, 0.5)
        plan.ksm.latitude, plan.ksm.longitude = positions.as_decimals(point)
        placed[plan.ksm.name] = point
    mart = None
    for outlet in bdc_plan.outlets:
        if outlet.kind == Outlet.Kind.ONLINE:
            continue
        point = positions.offset(centre, rng, km / 2 if mart else 0.8)
        mart = mart or point
        outlet.latitude, outlet.longitude = positions.as_decimals(point)
    for plan in visit_plans:
        visit = plan.visit
        if visit.status == Visit.Status.DRAFT:
            continue
        where = next((placed[n] for n in plan.ksm_names if n in placed), mart or centre)
        visit.latitude, visit.longitude = positions.as_decimals(positions.offset(where, rng, 0.1))
        visit.position_accuracy = rng.choice([5, 8, 10, 15, 25, 40])
        visit.positioned_at = at(visit.starts_on, 10)


COUNTED = [
    ("Users", User),
    ("Assignments", Assignment),
    ("Kecamatan", Kecamatan),
    ("Kelurahan", Kelurahan),
    ("BDC", Bdc),
    ("Komite/Pengelola", BdcPerson),
    ("Outlets", Outlet),
    ("Plan activities", PlanActivity),
    ("Grant tranches", GrantTranche),
    ("KSM", Ksm),
    ("KSM members", Member),
    ("Products", Product),
    ("Assessments", Assessment),
    ("Visits", Visit),
    ("Checklist answers", Answer),
    ("Document checks", DocumentCheck),
    ("Attendees", Attendee),
    ("Findings", Finding),
    ("Reviews", Review),
    ("RKTL items", RktlItem),
    ("RKTL updates", RktlUpdate),
    ("Targets", Target),
]
