"""Load a demo data set: logins, BDCs, KSM, field visits and RKTL for the 15 pilot cities.

Everything is drawn from `random.Random` generators seeded per city and per part, so a run
produces the same data wherever it runs. The data is planned in full before anything is written,
and only records that are missing are written, so a second run changes no row count. Records
without a natural key (assessments, a visit's answers, attendees, findings, RKTL ...) are only
created together with their parent, when the parent itself is new.

Dates follow today's date: visits lie in the months before today, so that open RKTL items of old
visits are overdue.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet, PlanActivity
from kotaku import demo_data as data
from kotaku.lib.choices import Gender
from kotaku.models import Assignment, City, Kecamatan, Kelurahan, Province, Role
from ksm.models import Assessment, Ksm, MaturityCriterion, Member, Product
from monitoring.models import (
    Answer,
    Attendee,
    ChecklistItem,
    ChecklistTemplate,
    DocumentCheck,
    Finding,
    Review,
    RktlItem,
    RktlStatus,
    RktlUpdate,
    Visit,
)

# The one password of every demo login, printed at the end of each run.
DEMO_PASSWORD = "kotaku-demo-2026"

# Fixed seed: the year of the pilot's monitoring visits (seed 000).
SEED = 2016
CHANGE_REASON = "Data demo (seed_demo)"
METRO = "1872"
# The year-one plan of the demo BDCs runs in this calendar year.
PLAN_YEAR = 2026

User = get_user_model()
Status = Visit.Status

# How many days before today a visit of each status took place: older visits got further.
VISIT_AGE_DAYS = {
    Status.APPROVED: (150, 290),
    Status.KORKOT_APPROVED: (70, 140),
    Status.RETURNED: (30, 65),
    Status.SUBMITTED: (8, 25),
    Status.DRAFT: (2, 6),  # still being written up
}
STATUS_ORDER = list(VISIT_AGE_DAYS)
# Kota Metro, where the main demo logins work, has a visit in every status.
METRO_STATUSES = [
    Status.APPROVED,
    Status.APPROVED,
    Status.KORKOT_APPROVED,
    Status.RETURNED,
    Status.SUBMITTED,
    Status.DRAFT,
]
OTHER_STATUSES = [Status.KORKOT_APPROVED, Status.RETURNED, Status.SUBMITTED, Status.DRAFT]


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
    return f"{rng.choice(PHONE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"


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


# --- Users --------------------------------------------------------------------------------------


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


# --- Geography ----------------------------------------------------------------------------------


def seed_geography(city: City) -> list[Kelurahan]:
    """The city's demo kecamatan and kelurahan, in the order of demo_data.GEOGRAPHY."""
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


# --- Plans: what a city's demo data looks like, decided before anything is written -------------


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


@dataclass
class KsmPlan:
    ksm: Ksm
    members: list[Member]
    products: list[Product]
    assessments: list[Assessment]


@dataclass
class RktlPlan:
    item: RktlItem
    updates: list[RktlUpdate] = field(default_factory=list)


@dataclass
class FindingPlan:
    finding: Finding
    # Findings and RKTL are agreed at the end of the visit; auto_now_add would say "today".
    created_at: datetime
    rktl: list[RktlPlan] = field(default_factory=list)


@dataclass
class VisitPlan:
    visit: Visit
    created_at: datetime
    ksm_names: list[str]
    outlet_names: list[str]
    team: list
    answers: list[Answer]
    documents: list[DocumentCheck]
    attendees: list[Attendee]
    findings: list[FindingPlan]
    reviews: list[Review]


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


def plan_ksms(
    city: City, kelurahans: list[Kelurahan], lines: list[str], today: date
) -> list[KsmPlan]:
    rng = rng_for(city.code, "ksm")
    names = NameMaker(rng, data.CITY_NAME_REGIONS.get(city.code, data.DEFAULT_NAME_REGIONS))
    count = 10 if city.code == METRO else rng.randint(5, 10)
    plans = []
    ksm_names: set[str] = set()
    for i in range(count):
        line = data.PRODUCT_LINES[lines[i] if i < len(lines) else rng.choice(lines[:3])]
        kelurahan = rng.choice(kelurahans)
        while True:
            suffix = kelurahan.name if rng.random() < 0.3 else rng.choice(data.KSM_NAME_SUFFIXES)
            name = f"KSM {line['stem']} {suffix}"
            if name not in ksm_names:
                ksm_names.add(name)
                break
        ksm_type = line.get("type", Ksm.Type.EKONOMI)
        stage = rng.choices([1, 2, 3], weights=[3, 4, 3])[0]
        flagship_category = line["products"][0][1]

        share_women = 0.7 if flagship_category in {"makanan_ringan", "tenun", "konveksi"} else 0.45
        disability_rate = 0.6 if ksm_type == Ksm.Type.SOSIAL else 0.06
        taken: set[str] = set()
        members = []
        for _ in range(rng.randint(5, 12)):
            gender = names.gender(share_women)
            members.append(
                Member(
                    name=names.name(gender, taken),
                    gender=gender,
                    has_disability=rng.random() < disability_rate,
                    business=rng.choice(data.MEMBER_BUSINESSES[flagship_category]),
                    is_active=rng.random() > 0.05,
                )
            )
        members[0].is_active = True  # the chair

        flagship, *others = line["products"]
        chosen = [flagship, *rng.sample(others, rng.randint(0, min(2, len(others))))]
        products = [
            Product(
                name=product_name,
                category=category,
                is_flagship=n == 0,
                unit=unit,
                price=Decimal(round(price * rng.uniform(0.9, 1.15) / 500) * 500),
                monthly_capacity=max(10, round(capacity * rng.uniform(0.6, 1.4) / 10) * 10),
                permits=permits,
            )
            for n, (product_name, category, unit, price, capacity, permits) in enumerate(chosen)
        ]

        # Assessments, newest first; the group's maturity is the newest one's.
        low, high = {1: (2, 5), 2: (4, 8), 3: (7, 11)}[stage]
        score = rng.randint(low, high)
        assessed_on = today - timedelta(days=rng.randint(20, 200))
        assessments = []
        for _ in range(rng.choice([0, 1, 1, 2])):
            assessment = Assessment(assessed_on=assessed_on, note=rng.choice(data.ASSESSMENT_NOTES))
            assessment.set_criteria(rng.sample(MaturityCriterion.values, score))
            assessments.append(assessment)
            score = max(1, score - rng.randint(1, 3))
            assessed_on -= timedelta(days=rng.randint(180, 360))
        maturity = (
            assessments[0].maturity
            if assessments
            else {1: Ksm.Maturity.TUNAS, 2: Ksm.Maturity.TUMBUH, 3: Ksm.Maturity.KEMBANG}[stage]
        )

        ksm = Ksm(
            name=name,
            city=city,
            kelurahan=kelurahan,
            type=ksm_type,
            formed_on=date(rng.randint(2008, 2016), rng.randint(1, 12), rng.randint(1, 28)),
            ppmk_stage=stage,
            maturity=maturity,
            is_bdc_partner=rng.random() < (0.75 if stage >= 2 else 0.2),
            chair_name=members[0].name,
            phone=phone(rng),
        )
        plans.append(KsmPlan(ksm, members, products, assessments))

    # Visits target partner KSM: every BDC has at least three.
    for plan in plans:
        if sum(p.ksm.is_bdc_partner for p in plans) >= 3:
            break
        plan.ksm.is_bdc_partner = True
    return plans


def visit_statuses(city: City, rng: random.Random) -> list[str]:
    """The statuses of a city's visits, oldest visit first."""
    if city.code == METRO:
        return list(METRO_STATUSES)
    others = rng.choices(OTHER_STATUSES, weights=[3, 2, 2, 2], k=rng.randint(1, 3))
    return [Status.APPROVED, *sorted(others, key=STATUS_ORDER.index)]


def rktl_status_deck(rng: random.Random, visit_status: str, count: int) -> list[str]:
    """The statuses of a visit's RKTL items: the older the visit, the further they got."""
    S = RktlStatus
    if visit_status == Status.APPROVED:
        deck = [S.VERIFIED, S.DONE, S.CANNOT, S.IN_PROGRESS, S.OPEN]
        rng.shuffle(deck)
        extra = [S.VERIFIED, S.VERIFIED, S.DONE, S.DONE, S.IN_PROGRESS]
    elif visit_status == Status.KORKOT_APPROVED:
        deck = [S.IN_PROGRESS, S.DONE, S.OPEN]
        rng.shuffle(deck)
        extra = [S.IN_PROGRESS, S.DONE, S.DONE, S.OPEN, S.CANNOT]
    elif visit_status in (Status.SUBMITTED, Status.RETURNED):
        deck, extra = [], [S.OPEN, S.OPEN, S.IN_PROGRESS]
    else:
        deck, extra = [], [S.OPEN]
    deck += rng.choices(extra, k=max(0, count - len(deck)))
    return deck[:count]


class VisitPlanner:
    """Plans the visits of one city, with everything recorded during and after them."""

    def __init__(
        self,
        city: City,
        team: CityTeam,
        bdc_plan: BdcPlan,
        ksm_plans: list[KsmPlan],
        items: list[ChecklistItem],
        template: ChecklistTemplate,
        today: date,
    ) -> None:
        self.city = city
        self.team = team
        self.bdc = bdc_plan
        self.ksms = [p.ksm for p in ksm_plans]
        self.partners = [k for k in self.ksms if k.is_bdc_partner]
        self.items = items
        self.template = template
        self.today = today
        # Nothing is dated after yesterday evening: the data depends on the date only.
        self.latest = at(today - timedelta(days=1), 17)
        self.rng = rng_for(city.code, "visits")
        self.names = NameMaker(
            self.rng, data.CITY_NAME_REGIONS.get(city.code, data.DEFAULT_NAME_REGIONS)
        )
        self.bkms = [
            f"{self.rng.choice(['BKM', 'LKM'])} {suffix}"
            for suffix in self.rng.sample(data.BKM_SUFFIXES, 2)
        ]

    def plan(self) -> list[VisitPlan]:
        statuses = visit_statuses(self.city, self.rng)
        keys = [
            "monev1",
            *self.rng.sample(sorted(set(data.VISITS) - {"monev1"}), len(statuses) - 1),
        ]
        # Oldest first: the age ranges of the statuses do not overlap, so sorting keeps each
        # visit's age within its status's range.
        ages = sorted((self.rng.randint(*VISIT_AGE_DAYS[s]) for s in statuses), reverse=True)
        return [
            self.plan_visit(key, status, age)
            for key, status, age in zip(keys, statuses, ages, strict=True)
        ]

    # A visit and its header --------------------------------------------------------------------

    def plan_visit(self, key: str, status: str, age: int) -> VisitPlan:
        rng = self.rng
        kind, title, methods, target_bdc, location = data.VISITS[key]
        starts_on = self.today - timedelta(days=age)
        ends_on = starts_on + timedelta(
            days=rng.randint(1, 2) if kind == Visit.Kind.FIELD_VISIT else 0
        )

        if key in ("ksm", "lokakarya"):
            targets = rng.sample(self.partners, min(len(self.partners), rng.randint(2, 3)))
        else:
            targets = rng.sample(self.partners, rng.randint(0 if key == "mart" else 1, 2))
        outlets = [o.name for o in self.bdc.outlets]
        if key == "mart":
            outlet_names = [outlets[0], *rng.sample(outlets[1:], 1)]
        elif target_bdc and rng.random() < 0.7:
            outlet_names = [outlets[0]]
        else:
            outlet_names = []
        place = targets[0].kelurahan if targets else self.ksms[0].kelurahan

        team = [self.team.fasilitator, self.team.korkot]
        if kind != Visit.Kind.FIELD_VISIT or key == "monev1":
            team.append(self.team.kmw)
        team_others = "\n".join(
            f"{name} — {role}"
            for name, role in (
                (self.bdc.person("komite", "Ketua"), "Ketua Komite BDC"),
                (self.bdc.person("pengelola", "Manajer"), "Manajer BDC"),
            )
        )
        summary = (
            ""
            if status == Status.DRAFT
            else " ".join(rng.sample(data.SUMMARY_PARTS, rng.randint(2, 3)))
        )
        visit = Visit(
            city=self.city,
            kind=kind,
            title=title.format(city=self.city.full_name),
            starts_on=starts_on,
            ends_on=ends_on,
            location=location.format(
                city=self.city.full_name,
                name=self.city.name,
                head=head_of(self.city),
                kelurahan=place.name,
                kecamatan=place.kecamatan.name,
            ),
            methods=methods,
            target_bdc=target_bdc,
            team_others=team_others,
            template=self.template,
            summary=summary,
            status=status,
            created_by=self.team.fasilitator,
        )
        answers = self.plan_answers(status)
        reviews = self.plan_reviews(visit, status)
        findings = self.plan_findings(visit, answers, targets)
        return VisitPlan(
            visit=visit,
            created_at=min(at(starts_on, 8), self.latest),
            ksm_names=[k.name for k in targets],
            outlet_names=outlet_names,
            team=team,
            answers=answers,
            documents=self.plan_documents(),
            attendees=self.plan_attendees(kind, targets, place),
            findings=findings,
            reviews=reviews,
        )

    # Checklist, documents, attendance ----------------------------------------------------------

    def plan_answers(self, status: str) -> list[Answer]:
        rng = self.rng
        items = self.items
        if status == Status.DRAFT:  # a draft is filled in part
            items = items[: rng.randint(len(items) // 3, 2 * len(items) // 3)]
        weights = [60, 25, 10, 5] if status == Status.APPROVED else [45, 30, 17, 8]
        answers = []
        for item in items:
            value = rng.choices(Answer.Value.values, weights=weights)[0]
            note = rng.choice(data.ANSWER_NOTES[value]) if rng.random() < 0.35 else ""
            answers.append(Answer(item=item, value=value, note=note))
        return answers

    def plan_documents(self) -> list[DocumentCheck]:
        rng = self.rng
        kinds = [d for d in DocumentCheck.Document.values if d != DocumentCheck.Document.OTHER]
        checks = []
        for document in rng.sample(kinds, rng.randint(2, 4)):
            status = rng.choices(DocumentCheck.Status.values, weights=[50, 35, 15])[0]
            checks.append(
                DocumentCheck(
                    document=document,
                    status=status,
                    note=rng.choice(data.DOCUMENT_NOTES[status]) if rng.random() < 0.6 else "",
                )
            )
        if rng.random() < 0.2:
            checks[-1].document = DocumentCheck.Document.OTHER
            checks[-1].other_name = rng.choice(data.OTHER_DOCUMENTS)
        return checks

    def plan_attendees(self, kind: str, targets: list[Ksm], place: Kelurahan) -> list[Attendee]:
        rng = self.rng
        low, high = {
            Visit.Kind.FIELD_VISIT: (8, 15),
            Visit.Kind.COORDINATION: (10, 18),
        }.get(kind, (15, 25))
        count = rng.randint(low, high)
        women = round(count * rng.uniform(0.45, 0.55))
        genders = [Gender.FEMALE] * women + [Gender.MALE] * (count - women)
        rng.shuffle(genders)
        ksm_names = [k.name for k in targets] or [self.ksms[0].name]
        taken: set[str] = set()
        attendees = []
        for gender in genders:
            organisation, positions = rng.choice(data.ATTENDEE_ORGANISATIONS)
            attendees.append(
                Attendee(
                    name=self.names.name(gender, taken),
                    organisation=organisation.format(
                        bkm=rng.choice(self.bkms),
                        ksm=rng.choice(ksm_names),
                        city=self.city.full_name,
                        kelurahan=place.name,
                    ),
                    position=rng.choice(positions),
                    gender=gender,
                    has_disability=rng.random() < 0.03,
                )
            )
        if rng.random() < 0.4:
            rng.choice(attendees).has_disability = True
        return attendees

    # Findings and RKTL -------------------------------------------------------------------------

    def plan_findings(
        self, visit: Visit, answers: list[Answer], targets: list[Ksm]
    ) -> list[FindingPlan]:
        rng = self.rng
        status = visit.status
        # Candidates: a finding per weak checklist answer, and the general findings.
        candidates = []
        for answer in answers:
            if answer.value in (Answer.Value.NO, Answer.Value.PARTLY):
                code = answer.item.code
                # A later checklist version may have items without demo findings: use the
                # findings of the item's section then.
                options = data.FINDINGS.get(code) or [
                    f for c, fs in data.FINDINGS.items() if c[0] == code[0] for f in fs
                ]
                if options:
                    text, actions = rng.choice(options)
                    candidates.append((answer.item, text, data.SECTION_CATEGORY[code[0]], actions))
        for text, category, actions in data.GENERAL_FINDINGS:
            candidates.append((None, text, category, actions))
        for code, findings in data.FINDINGS.items():  # when few answers were weak
            for text, actions in findings:
                candidates.append((None, text, data.SECTION_CATEGORY[code[0]], actions))
        tied = [c for c in candidates if c[0] is not None]
        untied = [c for c in candidates if c[0] is None]
        rng.shuffle(tied)
        rng.shuffle(untied)
        # Mostly findings tied to a checklist item, one untied now and then.
        ordered = (
            tied[:2] + untied[:1] + tied[2:] + untied[1:] if rng.random() < 0.5 else tied + untied
        )

        count = rng.randint(3, 4) if status == Status.APPROVED else rng.randint(2, 4)
        chosen, texts = [], set()
        for candidate in ordered:
            if candidate[1] not in texts:
                texts.add(candidate[1])
                chosen.append(candidate)
            if len(chosen) == count:
                break

        plans = []
        for item, text, category, actions in chosen:
            low = 2 if status == Status.APPROVED else 1
            picked = rng.sample(actions, rng.randint(low, min(3, len(actions))))
            finding_plan = FindingPlan(
                Finding(item=item, description=text),
                created_at=min(at(visit.ends_on, 14), self.latest),
            )
            for problem, action, tier in picked:
                finding_plan.rktl.append(
                    RktlPlan(self.rktl_item(visit, category, problem, action, tier, targets))
                )
            plans.append(finding_plan)

        all_rktl = [r for f in plans for r in f.rktl]
        for rktl, rktl_status in zip(
            all_rktl, rktl_status_deck(rng, status, len(all_rktl)), strict=True
        ):
            self.plan_rktl_history(visit, rktl, rktl_status)
        return plans

    def pic_name(self, tier: str, targets: list[Ksm]) -> str:
        by_tier = {
            "ksm": (targets[0] if targets else self.partners[0]).chair_name,
            "pengelola": self.bdc.person("pengelola", "Manajer"),
            "komite": self.bdc.person("komite", "Ketua"),
            "pemda": self.bdc.person("komite", "Anggota", "pemda")
            or self.bdc.person("komite", "Ketua"),
            "fasilitator": full_name(self.team.fasilitator),
            "korkot": full_name(self.team.korkot),
            "kmw": full_name(self.team.kmw),
        }
        return by_tier[tier]

    def rktl_item(
        self, visit: Visit, category: str, problem: str, action: str, tier: str, targets: list[Ksm]
    ) -> RktlItem:
        deadline = visit.ends_on + timedelta(days=self.rng.choice([30, 45, 60, 60, 90, 120]))
        return RktlItem(
            city=self.city,
            category=category,
            problem=problem,
            action=action,
            pic_name=self.pic_name(tier, targets),
            pic_tier=tier,
            deadline=deadline,
            original_deadline=deadline,
            status=RktlStatus.OPEN,
            created_by=self.team.fasilitator,
        )

    def plan_rktl_history(self, visit: Visit, rktl: RktlPlan, final: str) -> None:
        """The updates that took an item from open to `final`, at dates after the visit."""
        rng = self.rng
        S = RktlStatus
        Kind = RktlUpdate.Kind
        item = rktl.item
        fasilitator, korkot = self.team.fasilitator, self.team.korkot
        progress = (Kind.PROGRESS, rng.choice(data.RKTL_PROGRESS_NOTES), S.OPEN, S.IN_PROGRESS)
        done = (Kind.PROGRESS, rng.choice(data.RKTL_DONE_NOTES), S.IN_PROGRESS, S.DONE)
        steps: list[tuple] = []
        if final == S.IN_PROGRESS:
            steps = [progress]
        elif final == S.DONE:
            steps = [progress, done]
        elif final == S.VERIFIED:
            steps = [progress, done]
            if rng.random() < 0.3:
                steps += [
                    (Kind.REJECT, rng.choice(data.RKTL_REJECT_NOTES), S.DONE, S.IN_PROGRESS),
                    done,
                ]
            steps.append((Kind.VERIFY, rng.choice(data.RKTL_VERIFY_NOTES), S.DONE, S.VERIFIED))
        elif final == S.CANNOT:
            item.cannot_reason = rng.choice(data.CANNOT_REASONS)
            before = S.OPEN
            if rng.random() < 0.5:
                steps = [progress]
                before = S.IN_PROGRESS
            steps.append((Kind.PROGRESS, item.cannot_reason, before, S.CANNOT))

        when = min(at(visit.ends_on, 14), self.latest)  # agreed at the end of the visit
        for kind, note, before, after in steps:
            when = self.later(when, 4, 20)
            rktl.updates.append(
                RktlUpdate(
                    kind=kind,
                    note=note,
                    status_before=before,
                    status_after=after,
                    author=korkot if kind in (Kind.VERIFY, Kind.REJECT) else fasilitator,
                    created_at=when,
                )
            )
        item.status = final

        # Now and then an item still being worked on got more time.
        if final == S.IN_PROGRESS and rng.random() < 0.4:
            new_deadline = item.deadline + timedelta(days=rng.choice([30, 60, 90]))
            when = self.later(when, 2, 10)
            rktl.updates.append(
                RktlUpdate(
                    kind=Kind.DEADLINE,
                    note=rng.choice(data.RKTL_DEADLINE_NOTES),
                    status_before=final,
                    status_after=final,
                    old_deadline=item.deadline,
                    new_deadline=new_deadline,
                    author=korkot,
                    created_at=when,
                )
            )
            item.deadline = new_deadline

    # Submission and reviews --------------------------------------------------------------------

    def plan_reviews(self, visit: Visit, status: str) -> list[Review]:
        """Reviews consistent with the visit's status; sets visit.submitted_at."""
        if status == Status.DRAFT:
            return []
        rng = self.rng
        when = min(
            at(visit.ends_on + timedelta(days=rng.randint(1, 2)), rng.randint(9, 16)), self.latest
        )
        reviews = []

        def review(tier: str, decision: str) -> None:
            nonlocal when
            when = self.later(when, 1, 4)
            if decision == Review.Decision.RETURN:
                comment, sections = rng.choice(data.RETURN_COMMENTS)
            else:
                comment, sections = rng.choice(data.APPROVE_COMMENTS), {}
            reviewer = self.team.korkot if tier == Review.Tier.KORKOT else self.team.kmw
            reviews.append(
                Review(
                    tier=tier,
                    decision=decision,
                    comment=comment,
                    section_comments=sections,
                    reviewer=reviewer,
                    created_at=when,
                )
            )

        def resubmit() -> None:
            nonlocal when
            when = self.later(when, 1, 4)

        old_enough = visit.starts_on <= self.today - timedelta(days=20)
        if status == Status.SUBMITTED and old_enough and rng.random() < 0.3:
            review(Review.Tier.KORKOT, Review.Decision.RETURN)
            resubmit()
        submitted_at = when
        if status == Status.RETURNED:
            # Korkot sent it back, or approved it and KMW sent it back (never in Kota Metro,
            # whose returned visit is the Korkot example of the demo).
            if self.city.code != METRO and rng.random() < 0.3:
                review(Review.Tier.KORKOT, Review.Decision.APPROVE)
                review(Review.Tier.KMW, Review.Decision.RETURN)
            else:
                review(Review.Tier.KORKOT, Review.Decision.RETURN)
        elif status == Status.KORKOT_APPROVED:
            review(Review.Tier.KORKOT, Review.Decision.APPROVE)
        elif status == Status.APPROVED:
            roll = rng.random()
            if roll < 0.2:  # sent back by Korkot once
                review(Review.Tier.KORKOT, Review.Decision.RETURN)
                resubmit()
                submitted_at = when
            elif roll < 0.35:  # Korkot approved, KMW sent back
                review(Review.Tier.KORKOT, Review.Decision.APPROVE)
                review(Review.Tier.KMW, Review.Decision.RETURN)
                resubmit()
                submitted_at = when
            review(Review.Tier.KORKOT, Review.Decision.APPROVE)
            review(Review.Tier.KMW, Review.Decision.APPROVE)
        visit.submitted_at = submitted_at
        return reviews

    def later(self, when: datetime, min_days: int, max_days: int) -> datetime:
        """A time some days after `when`, held back to yesterday evening but still after `when`."""
        step = timedelta(days=self.rng.randint(min_days, max_days), hours=self.rng.randint(0, 6))
        return max(min(when + step, self.latest), when + timedelta(minutes=30))


# --- Writing ------------------------------------------------------------------------------------


def seed_bdc(city: City, plan: BdcPlan) -> Bdc:
    bdc, _ = Bdc.objects.get_or_create(city=city, defaults=plan.fields)

    def missing(objs: list, existing: set, key) -> list:
        for obj in objs:
            obj.bdc = bdc
        return [obj for obj in objs if key(obj) not in existing]

    people = set(bdc.people.values_list("body", "name"))
    create_all(BdcPerson, missing(plan.people, people, lambda p: (p.body, p.name)))
    outlets = set(bdc.outlets.values_list("name", flat=True))
    create_all(Outlet, missing(plan.outlets, outlets, lambda o: o.name))
    activities = set(bdc.plan_activities.values_list("activity", flat=True))
    create_all(PlanActivity, missing(plan.activities, activities, lambda a: a.activity))
    stages = set(bdc.tranches.values_list("stage", flat=True))
    create_all(GrantTranche, missing(plan.tranches, stages, lambda t: t.stage))
    return bdc


def seed_ksms(city: City, plans: list[KsmPlan], fasilitator) -> dict[str, Ksm]:
    """Writes the missing KSM, members and products; returns the city's demo KSM by name."""
    existing = {(k.kelurahan_id, k.name): k for k in Ksm.objects.filter(city=city)}
    new = [p for p in plans if (p.ksm.kelurahan_id, p.ksm.name) not in existing]
    create_all(Ksm, [p.ksm for p in new])
    for plan in plans:
        plan.ksm = existing.get((plan.ksm.kelurahan_id, plan.ksm.name), plan.ksm)

    members = set(Member.objects.filter(ksm__city=city).values_list("ksm_id", "name"))
    products = set(Product.objects.filter(ksm__city=city).values_list("ksm_id", "name"))
    new_members, new_products, new_assessments = [], [], []
    for plan in plans:
        for obj in (*plan.members, *plan.products, *plan.assessments):
            obj.ksm = plan.ksm
        new_members += [m for m in plan.members if (plan.ksm.pk, m.name) not in members]
        new_products += [p for p in plan.products if (plan.ksm.pk, p.name) not in products]
    # Assessments have no natural key: only a new KSM gets them.
    for plan in new:
        for assessment in plan.assessments:
            assessment.assessed_by = fasilitator
        new_assessments += plan.assessments
    create_all(Member, new_members)
    create_all(Product, new_products)
    create_all(Assessment, new_assessments)
    return {p.ksm.name: p.ksm for p in plans}


def seed_visits(city: City, plans: list[VisitPlan], ksms: dict[str, Ksm], bdc: Bdc) -> None:
    """Writes the visits that are missing (by title), each with all its records."""
    existing = set(Visit.objects.filter(city=city).values_list("title", flat=True))
    new = [p for p in plans if p.visit.title not in existing]
    if not new:
        return
    create_all(Visit, [p.visit for p in new])
    outlets = {o.name: o for o in bdc.outlets.all()}
    answers, documents, attendees, findings = [], [], [], []
    for plan in new:
        visit = plan.visit
        visit.created_at = plan.created_at
        visit.target_ksms.set([ksms[name] for name in plan.ksm_names])
        visit.target_outlets.set([outlets[name] for name in plan.outlet_names])
        visit.team.set(plan.team)
        for obj in (*plan.answers, *plan.documents, *plan.attendees, *plan.reviews):
            obj.visit = visit
        for f in plan.findings:
            f.finding.visit = visit
        answers += plan.answers
        documents += plan.documents
        attendees += plan.attendees
        findings += plan.findings
    # auto_now_add stamps creation time; the demo wants the time of the visit.
    Visit.objects.bulk_update([p.visit for p in new], ["created_at"])
    create_all(Answer, answers)
    create_all(DocumentCheck, documents)
    create_all(Attendee, attendees)
    create_all(Review, [r for p in new for r in p.reviews])
    create_all(Finding, [f.finding for f in findings])

    rktl = []
    for f in findings:
        for r in f.rktl:
            r.item.finding = f.finding
            rktl.append(r)
    create_all(RktlItem, [r.item for r in rktl])
    updates = []
    for f in findings:
        f.finding.created_at = f.created_at
        for r in f.rktl:
            r.item.created_at = f.created_at
            for update in r.updates:
                update.item = r.item
            updates += r.updates
    # auto_now_add stamped today on these too.
    Finding.objects.bulk_update([f.finding for f in findings], ["created_at"])
    RktlItem.objects.bulk_update([r.item for r in rktl], ["created_at"])
    create_all(RktlUpdate, updates)


def seed_city(
    city: City, team: CityTeam, template: ChecklistTemplate, items: list, today: date
) -> None:
    kelurahans = seed_geography(city)
    lines = data.CITY_PRODUCT_LINES.get(city.code, data.DEFAULT_PRODUCT_LINES)
    bdc_plan = plan_bdc(city, kelurahans, lines)
    ksm_plans = plan_ksms(city, kelurahans, lines, today)
    visit_plans = VisitPlanner(city, team, bdc_plan, ksm_plans, items, template, today).plan()

    bdc = seed_bdc(city, bdc_plan)
    ksms = seed_ksms(city, ksm_plans, team.fasilitator)
    seed_visits(city, visit_plans, ksms, bdc)


# --- The command --------------------------------------------------------------------------------

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
]


class Command(BaseCommand):
    help = (
        "Load demo data for the 15 pilot cities: logins, BDCs, KSM, visits and RKTL. "
        "Safe to run again: it only adds what is missing. Refuses to run with DEBUG off "
        "unless --force is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the demo logins share a published password).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates logins with a published password, so it refuses to run "
                "with DEBUG=False. Use --force if this really is a demo installation."
            )
        started = time.monotonic()
        before = {label: model.objects.count() for label, model in COUNTED}
        today = timezone.localdate()
        try:
            template = ChecklistTemplate.objects.get(is_default=True)
        except ChecklistTemplate.DoesNotExist:
            raise CommandError("No default checklist: run `manage.py migrate` first.") from None
        items = list(
            ChecklistItem.objects.filter(section__template=template).select_related("section")
        )
        cities = list(City.objects.filter(is_bdc_pilot=True).select_related("province"))
        if not cities:
            raise CommandError("No pilot cities: run `manage.py migrate` first.")

        with transaction.atomic():
            users = create_demo_users()
            for city in cities:
                seed_city(city, team_for(city, users), template, items, today)

        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({time.monotonic() - started:.1f} s).")
        )
        for label, model in COUNTED:
            total = model.objects.count()
            self.stdout.write(f"  {label:<20}{total:>7}  (+{total - before[label]})")
        overdue = RktlItem.objects.overdue(today).count()
        self.stdout.write(f"  {'RKTL overdue':<20}{overdue:>7}")
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        areas = {c.code: c.full_name for c in City.objects.filter(is_bdc_pilot=True)}
        areas |= dict(Province.objects.values_list("code", "name"))
        with translation.override("en"):
            for username, _, _, role, area in data.USERS:
                label = str(Role(role).label)
                where = f" · {areas.get(area, area)}" if area else ""
                self.stdout.write(f"  {username:<28}{label}{where}")
