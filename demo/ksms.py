"""The demo KSM of a pilot city, with members, products and assessments, planned then written."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from demo import data
from demo.common import METRO, NameMaker, create_all, phone, rng_for
from kotaku.lib.touch import touch
from kotaku.models import City, Kelurahan
from ksm.models import Assessment, Ksm, MaturityCriterion, Member, Product


@dataclass
class KsmPlan:
    ksm: Ksm
    members: list[Member]
    products: list[Product]
    assessments: list[Assessment]


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
    # Bulk inserts send no signals: the KSMs that got new rows are touched here (API sync).
    touch(Ksm, {obj.ksm_id for obj in (*new_members, *new_products, *new_assessments)})
    return {p.ksm.name: p.ksm for p in plans}
