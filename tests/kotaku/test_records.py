"""The program's records as every installation has them, and the rules the database keeps."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction

from bdc.models import Bdc, GrantTranche
from kotaku.models import Assignment, City, Province, Role
from ksm.models import Ksm
from monitoring.models import ChecklistItem, ChecklistTemplate, Review, RktlItem, Visit

# Seed 000, in its order: (city, kind, province).
PILOT_CITIES = [
    ("Medan", "kota", "Sumatera Utara"),
    ("Pariaman", "kota", "Sumatera Barat"),
    ("Jambi", "kota", "Jambi"),
    ("Palembang", "kota", "Sumatera Selatan"),
    ("Pagar Alam", "kota", "Sumatera Selatan"),
    ("Pringsewu", "kabupaten", "Lampung"),
    ("Bandar Lampung", "kota", "Lampung"),
    ("Metro", "kota", "Lampung"),
    ("Tangerang", "kabupaten", "Banten"),
    ("Pangandaran", "kabupaten", "Jawa Barat"),
    ("Garut", "kabupaten", "Jawa Barat"),
    ("Bogor", "kabupaten", "Jawa Barat"),
    ("Tasikmalaya", "kota", "Jawa Barat"),
    ("Bandung", "kota", "Jawa Barat"),
    ("Pontianak", "kota", "Kalimantan Barat"),
]


@pytest.mark.django_db
def test_a_fresh_database_has_the_15_pilot_cities_of_seed_000():
    cities = City.objects.filter(is_bdc_pilot=True).order_by("pilot_number")
    assert [(c.name, c.kind, c.province.name) for c in cities] == PILOT_CITIES
    assert [c.pilot_number for c in cities] == list(range(1, 16))
    assert Province.objects.count() == 8
    assert str(cities.get(name="Pringsewu")) == "Kabupaten Pringsewu"


@pytest.mark.django_db
def test_a_fresh_database_has_the_default_checklist():
    template = ChecklistTemplate.objects.get(is_default=True)
    sections = list(template.sections.order_by("order"))
    assert [s.code for s in sections] == list("ABCDEFG")
    assert [s.items.count() for s in sections] == [3, 4, 3, 4, 2, 3, 1]
    items = ChecklistItem.objects.filter(section__template=template)
    assert all(i.text_id and i.text_en for i in items)
    assert sections[3].items.get(code="D1").text_id.endswith("(TA 2015) tersedia")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "module",
    ["kotaku.migrations.0002_pilot_cities", "monitoring.migrations.0002_default_checklist"],
)
def test_the_data_migrations_can_run_again_without_duplicating(module):
    before = (
        City.objects.count(),
        ChecklistItem.objects.count(),
        ChecklistTemplate.objects.count(),
    )
    importlib.import_module(module).create(django_apps, None)
    after = (City.objects.count(), ChecklistItem.objects.count(), ChecklistTemplate.objects.count())
    assert after == before


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.fixture
def bdc(db):
    # A pilot city of its own: the module's shared world already has the BDCs of Metro and Medan.
    city = City.objects.filter(is_bdc_pilot=True, bdc__isnull=True).order_by("pilot_number")[0]
    return Bdc.objects.create(city=city, name=f"BDC {city.full_name}")


@pytest.mark.parametrize(
    ("allocated", "disbursed", "spent"),
    [(100, 50, 60), (100, 120, 10), (-1, 0, 0), (100, -5, 0), (100, 50, -1)],
    ids=[
        "spent-more-than-disbursed",
        "disbursed-more-than-allocated",
        "negative-allocated",
        "negative-disbursed",
        "negative-spent",
    ],
)
def test_the_database_refuses_impossible_grant_amounts(bdc, allocated, disbursed, spent):
    _refused(
        lambda: GrantTranche.objects.create(
            bdc=bdc,
            stage=1,
            fiscal_year=2015,
            allocated=allocated,
            disbursed=disbursed,
            spent=spent,
        )
    )
    assert not GrantTranche.objects.filter(bdc=bdc).exists()


def test_the_database_accepts_spending_all_that_was_disbursed(bdc):
    GrantTranche.objects.create(
        bdc=bdc, stage=1, fiscal_year=2015, allocated=500, disbursed=400, spent=400
    )
    assert GrantTranche.objects.get(bdc=bdc).use_rate == 1.0


def test_an_update_cannot_push_spending_past_disbursement(bdc):
    tranche = GrantTranche.objects.create(
        bdc=bdc, stage=2, fiscal_year=2016, allocated=500, disbursed=400, spent=100
    )
    _refused(lambda: GrantTranche.objects.filter(pk=tranche.pk).update(spent=401))


def test_assignments_must_name_the_area_their_role_needs(world):
    user, metro = world.users["unassigned"], world.metro
    _refused(lambda: Assignment.objects.create(user=user, role=Role.KORKOT))
    _refused(lambda: Assignment.objects.create(user=user, role=Role.KMW, city=metro))
    _refused(lambda: Assignment.objects.create(user=user, role=Role.PUSAT, city=metro))
    _refused(
        lambda: Assignment.objects.create(user=world.users["korkot"], role=Role.KORKOT, city=metro)
    )


def test_workflow_rules_the_database_keeps(world):
    visit, author = world.ours["visit"], world.users["fasilitator"]
    _refused(
        lambda: Review.objects.create(
            visit=visit, tier="korkot", decision="kembalikan", comment="", reviewer=author
        )
    )
    _refused(lambda: Visit.objects.filter(pk=visit.pk).update(ends_on=datetime.date(2026, 1, 1)))
    _refused(lambda: RktlItem.objects.filter(pk=world.ours["rktl"].pk).update(status="tidak_dapat"))
    _refused(lambda: Ksm.objects.filter(pk=world.ours["ksm"].pk).update(ppmk_stage=4))
