"""A small world shared by tests: two cities in two provinces, and a persona for every role.

Kota Metro (Lampung) is "our" city; Kota Medan (Sumatera Utara) is "the other" city. Both come
from the data migration, as on every installation.
"""

import datetime
import importlib
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet, PlanActivity
from kotaku.lib.choices import Gender
from kotaku.models import (
    Assignment,
    City,
    ClientRequest,
    Download,
    Kecamatan,
    Kelurahan,
    Role,
    ScheduleRun,
)
from ksm.models import Assessment, Ksm, Member, Product
from monitoring.models import (
    Answer,
    Attendee,
    ChecklistTemplate,
    DocumentCheck,
    Finding,
    IndicatorKey,
    Review,
    RktlCategory,
    RktlConcern,
    RktlItem,
    RktlUpdate,
    Target,
    Tier,
    Visit,
)
from tests.kotaku.jobs import insert_row

# The rows every installation gets from its data migrations: the pilot cities and the default
# checklist. A transactional test's flush removes them; both migrations are idempotent.
DATA_MIGRATIONS = [
    "kotaku.migrations.0002_pilot_cities",
    "monitoring.migrations.0002_default_checklist",
]

PASSWORD = "test-password-123"
METRO, MEDAN = "1872", "1275"

# persona name -> (role, city code or province code or None)
PERSONAS = {
    "fasilitator": (Role.FASILITATOR, METRO),
    "korkot": (Role.KORKOT, METRO),
    "kmw": (Role.KMW, "18"),
    "pemda": (Role.PEMDA, METRO),
    "fasilitator_other": (Role.FASILITATOR, MEDAN),
    "korkot_other": (Role.KORKOT, MEDAN),
    "kmw_other": (Role.KMW, "12"),
    "pemda_other": (Role.PEMDA, MEDAN),
    "pusat": (Role.PUSAT, None),
    "unassigned": (None, None),
}
# Personas whose area holds "our" city (Kota Metro), and those whose area does not.
INSIDE = ("fasilitator", "korkot", "kmw", "pemda", "pusat")
OUTSIDE = ("fasilitator_other", "korkot_other", "kmw_other", "pemda_other", "unassigned")


def create_program_data() -> None:
    """Put back what the data migrations create, after a flush removed it."""
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).create(apps, None)


def make_user(name: str, role: str | None, area: str | None) -> User:
    user = User.objects.create_user(
        username=name.replace("_", "-"), password=PASSWORD, first_name=name.title()
    )
    if role == Role.PUSAT:
        user.is_staff = user.is_superuser = True
        user.save()
        Assignment.objects.create(user=user, role=role)
    elif role == Role.KMW:
        Assignment.objects.create(
            user=user, role=role, province=City.objects.filter(province__code=area).first().province
        )
    elif role:
        Assignment.objects.create(user=user, role=role, city=City.objects.get(code=area))
    return user


def make_city_records(city: City, author: User, *, suffix: str = "") -> dict:
    """One of every city-owned record, reachable by its public code or id."""
    kec = Kecamatan.objects.create(city=city, name=f"Kecamatan {city.name}{suffix}")
    kel = Kelurahan.objects.create(kecamatan=kec, name=f"Kelurahan {city.name}{suffix}")
    bdc = Bdc.objects.create(city=city, name=f"BDC {city.full_name}")
    BdcPerson.objects.create(
        bdc=bdc,
        body=BdcPerson.Body.KOMITE,
        name=f"Ketua Komite {city.name}",
        position="Ketua",
        unsur=BdcPerson.Unsur.PEMDA,
        gender=Gender.FEMALE,
    )
    outlet = Outlet.objects.create(bdc=bdc, kind=Outlet.Kind.BDC_MART, name=f"BDC Mart {city.name}")
    GrantTranche.objects.create(
        bdc=bdc,
        stage=1,
        fiscal_year=2015,
        allocated=500_000_000,
        disbursed=400_000_000,
        spent=250_000_000,
    )
    PlanActivity.objects.create(
        bdc=bdc,
        activity="Pelatihan pemasaran",
        target="20 KSM",
        indicator="KSM terlatih",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    ksm = Ksm.objects.create(name=f"KSM Tenun {city.name}", city=city, kelurahan=kel)
    Member.objects.create(ksm=ksm, name=f"Siti {city.name}", gender=Gender.FEMALE)
    Product.objects.create(
        ksm=ksm,
        name=f"Kain tenun {city.name}",
        category=Product.Category.TENUN,
        is_flagship=True,
        unit="lembar",
        price=250_000,
    )
    assessment = Assessment(ksm=ksm, assessed_on=datetime.date(2026, 3, 1))
    assessment.set_criteria(["voluntary", "activity", "rules"])
    assessment.save()
    template = ChecklistTemplate.objects.get(is_default=True)
    visit = Visit.objects.create(
        city=city,
        title=f"Monev BDC {city.full_name}",
        starts_on=datetime.date(2026, 7, 21),
        ends_on=datetime.date(2026, 7, 23),
        template=template,
        created_by=author,
        methods=[Visit.Method.OBSERVATION],
    )
    visit.target_ksms.add(ksm)
    item = template.sections.first().items.first()
    Answer.objects.create(visit=visit, item=item, value=Answer.Value.PARTLY, note="Sebagian")
    DocumentCheck.objects.create(
        visit=visit,
        document=DocumentCheck.Document.CASH_BOOK,
        status=DocumentCheck.Status.INCOMPLETE,
    )
    Attendee.objects.create(visit=visit, name=f"Budi {city.name}", gender=Gender.MALE)
    finding = Finding.objects.create(visit=visit, item=item, description="Buku kas belum rutin")
    rktl = RktlItem.objects.create(
        finding=finding,
        city=city,
        category=RktlCategory.TRANSPARENCY,
        problem="Buku kas tidak mutakhir",
        action="Memutakhirkan buku kas setiap minggu",
        pic_name="Bendahara BDC",
        pic_tier=Tier.PENGELOLA,
        deadline=datetime.date(2026, 9, 30),
        original_deadline=datetime.date(2026, 9, 30),
        # The visit's one target: what the data migration gives the items recorded before
        # an item said what it concerns.
        concern=RktlConcern.KSM,
        concern_ksm=ksm,
        created_by=author,
    )
    RktlUpdate.objects.create(
        item=rktl,
        kind=RktlUpdate.Kind.PROGRESS,
        note="Mulai dikerjakan",
        status_before=RktlItem._meta.get_field("status").default,
        status_after="proses",
        author=author,
    )
    done = RktlItem.objects.create(
        finding=finding,
        city=city,
        category=RktlCategory.CAPACITY,
        problem="Pengelola belum paham SOP",
        action="Pelatihan SOP untuk Pengelola",
        pic_name="Korkot",
        pic_tier=Tier.KORKOT,
        status="selesai",
        deadline=datetime.date(2026, 10, 31),
        original_deadline=datetime.date(2026, 10, 31),
        concern=RktlConcern.KSM,
        concern_ksm=ksm,
        created_by=author,
    )
    Review.objects.create(
        visit=visit,
        tier=Review.Tier.KORKOT,
        decision=Review.Decision.RETURN,
        comment="Lengkapi daftar hadir",
        reviewer=author,
    )
    return {
        "bdc": bdc,
        "ksm": ksm,
        "visit": visit,
        "rktl": rktl,
        "rktl_done": done,
        "outlet": outlet,
    }


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    metro: City | None = None
    medan: City | None = None
    ours: dict = field(default_factory=dict)
    theirs: dict = field(default_factory=dict)


def build_world() -> World:
    world = World(metro=City.objects.get(code=METRO), medan=City.objects.get(code=MEDAN))
    for name, (role, area) in PERSONAS.items():
        world.users[name] = make_user(name, role, area)
    world.ours = make_city_records(world.metro, world.users["fasilitator"])
    world.theirs = make_city_records(world.medan, world.users["fasilitator_other"])
    # A change a phone's outbox sent (kotaku.idempotency keeps its id).
    ClientRequest.objects.create(
        key=uuid.UUID(int=1), user=world.users["fasilitator"], path="/visits/new/", status=302
    )
    # A file a job prepared for the Korkot of Metro ("My downloads"), a job waiting in the
    # queue, and a run of a scheduled job.
    world.ours["download"] = Download.objects.create(
        user=world.users["korkot"],
        kind="monitoring.rktl_export",
        title="RKTL Kota Metro",
        status=Download.Status.READY,
        file=default_storage.save("downloads/world/rktl.xlsx", ContentFile(b"xlsx")),
        filename="rktl.xlsx",
    )
    world.ours["download"].cities.set([world.metro])
    insert_row.enqueue(-1)
    ScheduleRun.objects.create(
        name="kotaku.expire_downloads",
        period_start=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
    )
    # A target Pusat set for Metro (the dashboard's targets panel, /targets/).
    world.ours["target"] = Target.objects.create(
        indicator=IndicatorKey.RKTL_ON_TIME,
        year=2026,
        city=world.metro,
        value=50,
        set_by=world.users["pusat"],
    )
    return world
