"""A national-size data set for measuring performance (`manage.py seed_scale`).

About 270 cities in 34 provinces, 100,000 KSMs with a million members, 50,000 visits with
their answers, attendance, findings and reviews, 500,000 RKTL items with their progress
updates, and a BDC in every city. Built for speed: ids are assigned here, so that no row has
to be read back, and rows go in with COPY on PostgreSQL (bulk_create elsewhere). Deterministic:
every city draws from its own `random.Random` seeded with (seed, city code, table), and dates
count from a fixed day, so two runs into empty databases produce the same rows.

No audit-trail (django-simple-history) rows are written: bulk inserts never create them, and
the pages read the history of one record at a time. No photos or evidence files either.

The texts come from the demo data (demo/data.py); the places beyond the 15 pilot cities
are invented from common Indonesian place-name parts.
"""

import datetime
import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import connection, models, transaction

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet, PlanActivity
from demo import data as demo
from demo import positions
from kotaku.lib.codes import ALPHABET, LENGTH
from kotaku.models import Assignment, City, Kecamatan, Kelurahan, Province, Role
from ksm.models import Assessment, Ksm, MaturityCriterion, Member, Product, maturity_for_score
from monitoring.models import (
    Answer,
    Attendee,
    ChecklistItem,
    ChecklistTemplate,
    DocumentCheck,
    Finding,
    Review,
    RktlConcern,
    RktlItem,
    RktlStatus,
    RktlUpdate,
    Visit,
)

# Pilot cities in their seed order, then the others (NULLs sort first on SQLite otherwise).
PILOTS_FIRST = models.F("pilot_number").asc(nulls_last=True)
# The day the data set is "taken": dates count back from it, never from today.
ANCHOR = datetime.date(2026, 11, 1)
UTC = datetime.UTC
USERNAME_PREFIX = "scale-"
# Bench and test logins (unusable passwords: sign in through the test client).
PUSAT_USERNAME = f"{USERNAME_PREFIX}pusat"

# The 34 provinces (before the 2022 Papua split), with the name regions their people draw from.
PROVINCES = [
    ("11", "Aceh", ["melayu"]),
    ("12", "Sumatera Utara", ["batak", "batak", "melayu", "jawa"]),
    ("13", "Sumatera Barat", ["minang"]),
    ("14", "Riau", ["melayu", "minang", "jawa"]),
    ("15", "Jambi", ["melayu", "melayu", "jawa"]),
    ("16", "Sumatera Selatan", ["melayu"]),
    ("17", "Bengkulu", ["melayu", "jawa"]),
    ("18", "Lampung", ["jawa", "jawa", "lampung"]),
    ("19", "Kepulauan Bangka Belitung", ["melayu"]),
    ("21", "Kepulauan Riau", ["melayu", "jawa"]),
    ("31", "DKI Jakarta", ["jawa", "sunda", "batak", "melayu"]),
    ("32", "Jawa Barat", ["sunda", "sunda", "jawa"]),
    ("33", "Jawa Tengah", ["jawa"]),
    ("34", "DI Yogyakarta", ["jawa"]),
    ("35", "Jawa Timur", ["jawa"]),
    ("36", "Banten", ["sunda", "jawa"]),
    ("51", "Bali", ["jawa", "melayu"]),
    ("52", "Nusa Tenggara Barat", ["melayu", "jawa"]),
    ("53", "Nusa Tenggara Timur", ["melayu"]),
    ("61", "Kalimantan Barat", ["melayu", "melayu", "jawa"]),
    ("62", "Kalimantan Tengah", ["melayu", "jawa"]),
    ("63", "Kalimantan Selatan", ["melayu"]),
    ("64", "Kalimantan Timur", ["melayu", "jawa"]),
    ("65", "Kalimantan Utara", ["melayu"]),
    ("71", "Sulawesi Utara", ["melayu"]),
    ("72", "Sulawesi Tengah", ["melayu", "jawa"]),
    ("73", "Sulawesi Selatan", ["melayu"]),
    ("74", "Sulawesi Tenggara", ["melayu"]),
    ("75", "Gorontalo", ["melayu"]),
    ("76", "Sulawesi Barat", ["melayu"]),
    ("81", "Maluku", ["melayu"]),
    ("82", "Maluku Utara", ["melayu"]),
    ("91", "Papua Barat", ["melayu", "jawa"]),
    ("94", "Papua", ["melayu", "jawa"]),
]
# fmt: off
PLACE_HEADS = ["Suka", "Sumber", "Tanjung", "Muara", "Batu", "Air", "Bukit", "Pulau", "Lubuk",
               "Karang", "Banyu", "Sido", "Marga", "Sri", "Tanah", "Padang", "Teluk", "Sungai"]
PLACE_TAILS = ["maju", "jaya", "makmur", "rejo", "agung", "baru", "raya", "indah", "mulya", "sari",
               "harjo", "mekar", "asri", "tengah", "hilir", "hulu", "permai", "mulia"]
# fmt: on


@dataclass(frozen=True)
class Size:
    cities: int = 270
    ksm_per_city: int = 370
    members_per_ksm: int = 10
    visits_per_city: int = 185
    rktl_per_visit: int = 10
    kecamatan_per_city: int = 6
    kelurahan_per_kecamatan: int = 7
    seed: int = 2026


# ---- Writing ------------------------------------------------------------------------------


@dataclass
class Table:
    model: type[models.Model]
    columns: tuple[str, ...]
    rows: list = field(default_factory=list)
    written: int = 0
    seconds: float = 0.0


class Writer:
    """Buffers rows per table and writes them in large batches.

    COPY on PostgreSQL (ten times faster than INSERT); bulk_create on other databases, which
    is fine for the small sizes tests use. Ids come from `next_id`, never from the database.
    """

    def __init__(self, batch: int = 200_000) -> None:
        self.tables: dict[type, Table] = {}
        self.batch = batch
        self.pg = connection.vendor == "postgresql"
        self._next: dict[type, int] = {}

    def table(self, model: type[models.Model], columns: Iterable[str]) -> Table:
        self.tables[model] = Table(model, tuple(columns))
        return self.tables[model]

    def next_id(self, model: type[models.Model]) -> int:
        if model not in self._next:
            top = model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = top + 1
        value = self._next[model]
        self._next[model] += 1
        return value

    def add(self, model: type[models.Model], row: tuple) -> None:
        self.tables[model].rows.append(row)

    def pending(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    def flush(self) -> None:
        """Write every buffered row, in the order the tables were declared, in one transaction."""
        with transaction.atomic():
            for table in self.tables.values():
                if table.rows:
                    start = time.perf_counter()
                    self._write(table)
                    table.seconds += time.perf_counter() - start
                    table.written += len(table.rows)
                    table.rows = []

    def _write(self, table: Table) -> None:
        meta = table.model._meta
        if not self.pg:
            objs = [table.model(**dict(zip(table.columns, row, strict=True))) for row in table.rows]
            table.model.objects.bulk_create(objs, batch_size=2000)
            return
        json_at = [
            i
            for i, name in enumerate(table.columns)
            if isinstance(meta.get_field(name.removesuffix("_id")), models.JSONField)
            and not name.endswith("_id")
        ]
        qn = connection.ops.quote_name
        columns = ", ".join(qn(meta.get_field(c).column) for c in table.columns)
        with connection.cursor() as cursor:
            sql = f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in table.rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                    copy.write_row(row)

    def reset_sequences(self) -> None:
        """After explicit ids, move each table's id sequence past them (PostgreSQL)."""
        sql = connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables.values()])
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)


# ---- Small generators -----------------------------------------------------------------------


def rng_for(seed: int, *parts: object) -> random.Random:
    return random.Random("/".join(str(p) for p in (seed, *parts)))


class Codes:
    """Unique 10-character record codes drawn from a seeded generator (see kotaku.lib.codes)."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def new(self, rng: random.Random) -> str:
        while True:
            code = "".join(rng.choices(ALPHABET, k=LENGTH))
            if code not in self.taken:
                self.taken.add(code)
                return code


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class Names:
    def __init__(self, rng: random.Random, regions: list[str]) -> None:
        self.rng = rng
        self.regions = regions

    def person(self, gender: str) -> str:
        region = self.rng.choice(self.regions)
        first = self.rng.choice(demo.FIRST_NAMES[region][gender])
        last = self.rng.choice(demo.LAST_NAMES[region][gender])
        return f"{first} {last}"

    def unique(self, gender: str, taken: set[str]) -> str:
        name = self.person(gender)
        n = 2
        while name in taken:
            name = f"{self.person(gender)} {n}" if n > 4 else self.person(gender)
            n += 1
        taken.add(name)
        return name


def place_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct invented place names."""
    pool = [f"{h}{t}" for h in PLACE_HEADS for t in PLACE_TAILS]
    rng.shuffle(pool)
    names = pool[:count]
    n = 2
    while len(names) < count:
        names += [f"{name} {n}" for name in pool[: count - len(names)]]
        n += 1
    return names


# Findings and their RKTL actions, flattened: (item code, finding, category, [(problem, action,
# tier), ...]).
FINDING_POOL = [
    (code, text, demo.SECTION_CATEGORY[code[0]], actions)
    for code, entries in demo.FINDINGS.items()
    for text, actions in entries
]
PRODUCT_LINES = list(demo.PRODUCT_LINES.values())
MEMBER_BUSINESS = demo.MEMBER_BUSINESSES
VISIT_KINDS = list(demo.VISITS.values())


# ---- The data set ---------------------------------------------------------------------------


@dataclass
class CityPlan:
    city_id: int
    code: str
    label: str  # e.g. "Kota Metro"
    province_id: int
    regions: list[str]
    fasilitator_id: int = 0
    korkot_id: int = 0
    kmw_id: int = 0


def seed_scale(size: Size, log: Callable[[str], None] = print) -> dict[str, Table]:
    """Create the data set. Refuses to run twice on one database (the scale Pusat exists)."""
    if User.objects.filter(username=PUSAT_USERNAME).exists():
        raise RuntimeError("The scale data set is already loaded in this database.")
    started = time.perf_counter()
    w = Writer()
    with transaction.atomic():
        cities = geography(size, w)
    users(size, w, cities)
    w.flush()
    log(f"geography and users: {len(cities)} cities ({time.perf_counter() - started:.1f}s)")
    declare_tables(w)
    template = ChecklistTemplate.objects.get(is_default=True)
    items = list(
        ChecklistItem.objects.filter(section__template=template)
        .order_by("section__order", "order")
        .values_list("id", "code")
    )
    codes = {
        model: Codes(model.objects.values_list("code", flat=True))
        for model in (Ksm, Visit, RktlItem)
    }
    kelurahans = kelurahans_by_city()
    has_bdc = set(Bdc.objects.values_list("city_id", flat=True))
    for n, city in enumerate(cities, 1):
        ksm_ids = city_ksms(size, w, city, kelurahans[city.city_id], codes[Ksm])
        city_visits(size, w, city, template.pk, items, ksm_ids, codes)
        if city.city_id not in has_bdc:
            city_bdc(size, w, city)
        if w.pending() >= w.batch:
            w.flush()
        if n % 30 == 0 or n == len(cities):
            log(f"  {n}/{len(cities)} cities ({time.perf_counter() - started:.0f}s)")
    w.flush()
    w.reset_sequences()
    if w.pg and not connection.in_atomic_block:
        # Fresh statistics for the planner, and the visibility map that index-only scans
        # (counts) need: as autovacuum would leave the tables some minutes later.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    log(f"done in {time.perf_counter() - started:.1f}s")
    return {t.model._meta.label: t for t in w.tables.values()}


def geography(size: Size, w: Writer) -> list[CityPlan]:
    """The 34 provinces and `size.cities` cities (the pilot cities first), with kecamatan and
    kelurahan (written at once: later tables look them up)."""
    rng = rng_for(size.seed, "geography")
    regions = {code: r for code, _name, r in PROVINCES}
    provinces = {p.code: p for p in Province.objects.all()}
    for code, name, _r in PROVINCES:
        if code not in provinces:
            provinces[code] = Province.objects.create(code=code, name=name)
    existing = list(City.objects.select_related("province").order_by(PILOTS_FIRST, "code"))
    taken_codes = {c.code for c in existing}
    taken_names = {(c.province_id, c.kind, c.name) for c in existing}
    names = iter(place_names(rng, 2 * size.cities))
    new = []
    order = [p for code, _n, _r in PROVINCES for p in [provinces[code]]]
    counters = {p.code: {"kabupaten": 1, "kota": 71} for p in order}
    i = 0
    while len(existing) + len(new) < size.cities:
        province = order[i % len(order)]
        kind = City.Kind.KOTA if rng.random() < 0.3 else City.Kind.KABUPATEN
        while True:
            code = f"{province.code}{counters[province.code][kind]:02d}"
            counters[province.code][kind] += 1
            if code not in taken_codes:
                break
        name = next(names)
        while (province.pk, kind, name) in taken_names:
            name = next(names)
        taken_codes.add(code)
        taken_names.add((province.pk, kind, name))
        new.append(City(code=code, province=province, kind=kind, name=name))
        i += 1
    City.objects.bulk_create(new)
    # The pilot cities first (in their seed order), then the others: a small size keeps pilots.
    wanted = {c.code for c in existing[: size.cities]} | {c.code for c in new}
    cities = [
        c
        for c in City.objects.select_related("province").order_by(PILOTS_FIRST, "code")
        if c.code in wanted
    ]
    have_kec = set(Kecamatan.objects.values_list("city_id", flat=True))
    kec_rows = []
    for city in cities:
        if city.pk in have_kec:
            continue
        kr = rng_for(size.seed, city.code, "kecamatan")
        for name in place_names(kr, size.kecamatan_per_city):
            kec_rows.append(Kecamatan(city=city, name=name))
    Kecamatan.objects.bulk_create(kec_rows, batch_size=2000)
    kel_rows = []
    for kec in Kecamatan.objects.filter(pk__in=[k.pk for k in kec_rows] or [0]).order_by("pk"):
        kr = rng_for(size.seed, kec.city_id, kec.name, "kelurahan")
        for name in place_names(kr, size.kelurahan_per_kecamatan):
            kel_rows.append(Kelurahan(kecamatan=kec, name=name))
    Kelurahan.objects.bulk_create(kel_rows, batch_size=5000)
    return [
        CityPlan(
            city_id=c.pk,
            code=c.code,
            label=c.full_name,
            province_id=c.province_id,
            regions=demo.CITY_NAME_REGIONS.get(c.code) or regions[c.province.code],
        )
        for c in cities
    ]


def kelurahans_by_city() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for pk, city_id in Kelurahan.objects.order_by("pk").values_list("pk", "kecamatan__city_id"):
        out.setdefault(city_id, []).append(pk)
    return out


def users(size: Size, w: Writer, cities: list[CityPlan]) -> None:
    """A facilitator and a Korkot per city, a KMW per province, one Pusat."""
    w.table(User, ("id", "password", "username", "first_name", "last_name", "email",
                   "is_superuser", "is_staff", "is_active", "date_joined"))  # fmt: skip
    w.table(Assignment, ("id", "user_id", "role", "city_id", "province_id"))
    joined = at(ANCHOR - days(1200), 8)
    rng = rng_for(size.seed, "users")

    def user(username: str, regions: list[str]) -> int:
        pk = w.next_id(User)
        gender = rng.choice("LP")
        first, last = Names(rng, regions).person(gender).split(" ", 1)
        w.add(User, (pk, "!", username, first, last, "", False, False, True, joined))
        return pk

    pusat = user(PUSAT_USERNAME, ["jawa"])
    w.add(Assignment, (w.next_id(Assignment), pusat, Role.PUSAT, None, None))
    kmw: dict[int, int] = {}
    for city in cities:
        if city.province_id not in kmw:
            kmw[city.province_id] = user(f"{USERNAME_PREFIX}kmw-{city.code[:2]}", city.regions)
            w.add(
                Assignment,
                (w.next_id(Assignment), kmw[city.province_id], Role.KMW, None, city.province_id),
            )
        city.kmw_id = kmw[city.province_id]
        city.fasilitator_id = user(f"{USERNAME_PREFIX}fasilitator-{city.code}", city.regions)
        city.korkot_id = user(f"{USERNAME_PREFIX}korkot-{city.code}", city.regions)
        for pk, role in ((city.fasilitator_id, Role.FASILITATOR), (city.korkot_id, Role.KORKOT)):
            w.add(Assignment, (w.next_id(Assignment), pk, role, city.city_id, None))


def declare_tables(w: Writer) -> None:
    """The tables written per city, parents before children."""
    w.table(Ksm, ("id", "code", "name", "city_id", "kelurahan_id", "type", "formed_on",
                  "ppmk_stage", "maturity", "is_bdc_partner", "chair_name", "phone",
                  "created_at", "latitude", "longitude"))  # fmt: skip
    w.table(Member, ("id", "ksm_id", "name", "gender", "has_disability", "business", "is_active"))
    w.table(Product, ("id", "ksm_id", "name", "category", "is_flagship", "unit", "price",
                      "monthly_capacity", "permits"))  # fmt: skip
    w.table(Assessment, ("id", "ksm_id", "assessed_on", "criteria_met", "score", "maturity",
                         "note", "assessed_by_id"))  # fmt: skip
    w.table(Visit, ("id", "code", "city_id", "kind", "title", "starts_on", "ends_on", "location",
                    "methods", "target_bdc", "team_others", "template_id", "summary", "status",
                    "created_by_id", "created_at", "updated_at", "submitted_at",
                    "section_meta", "latitude", "longitude"))  # fmt: skip
    w.table(Visit.target_ksms.through, ("visit_id", "ksm_id"))
    w.table(Visit.team.through, ("visit_id", "user_id"))
    w.table(Answer, ("id", "visit_id", "item_id", "value", "note"))
    w.table(DocumentCheck, ("id", "visit_id", "document", "other_name", "status", "note"))
    w.table(Attendee, ("id", "visit_id", "name", "organisation", "position", "gender",
                       "has_disability"))  # fmt: skip
    w.table(Finding, ("id", "visit_id", "item_id", "description", "created_at"))
    w.table(Review, ("id", "visit_id", "tier", "decision", "comment", "section_comments",
                     "reviewer_id", "created_at"))  # fmt: skip
    w.table(RktlItem, ("id", "code", "finding_id", "city_id", "category", "problem", "action",
                       "pic_name", "pic_tier", "deadline", "original_deadline", "status",
                       "cannot_reason", "created_by_id", "created_at", "updated_at",
                       "concern"))  # fmt: skip
    w.table(RktlUpdate, ("id", "item_id", "kind", "note", "status_before", "status_after",
                         "old_deadline", "new_deadline", "author_id", "created_at"))  # fmt: skip
    w.table(Bdc, ("id", "city_id", "name", "address", "established_on", "sk_komite_number",
                  "feasibility_study_title", "feasibility_study_date",
                  "feasibility_study_summary", "feasibility_study_file"))  # fmt: skip
    w.table(BdcPerson, ("id", "bdc_id", "body", "name", "position", "unsur", "gender", "phone",
                        "is_active"))  # fmt: skip
    w.table(Outlet, ("id", "bdc_id", "kind", "name", "address", "is_active", "latitude",
                     "longitude"))  # fmt: skip
    w.table(PlanActivity, ("id", "bdc_id", "activity", "target", "indicator", "starts_on",
                           "ends_on", "progress_percent"))  # fmt: skip
    w.table(GrantTranche, ("id", "bdc_id", "stage", "fiscal_year", "source", "allocated",
                           "disbursed", "spent", "use_scenario"))  # fmt: skip


class Places:
    """Positions of one city's records of one kind, for the maps: a few kilometres around the
    city's centre (demo/positions.py), from a generator of their own, so that the other
    columns draw the same values as without them."""

    def __init__(self, size: Size, city: CityPlan, kind: str) -> None:
        self.centre = positions.city_centre(city.code, city.code[:2], size.seed)
        self.km = positions.spread_km("kota" if positions.is_kota(city.code) else "kabupaten")
        self.rng = positions.rng_for(size.seed, city.code, kind)

    def point(self, placed: bool = True) -> tuple:
        """(latitude, longitude), or (None, None) for a record without a position."""
        if not placed:
            return None, None
        return positions.as_decimals(positions.offset(self.centre, self.rng, self.km))


def phone(rng: random.Random) -> str:
    """A mobile number in the form the app stores (kotaku.lib.phones): bulk inserts skip save()."""
    return f"+628{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"


def city_ksms(
    size: Size, w: Writer, city: CityPlan, kelurahans: list[int], codes: Codes
) -> list[int]:
    rng = rng_for(size.seed, city.code, "ksm")
    place = Places(size, city, "ksm")
    names = Names(rng, city.regions)
    criteria = MaturityCriterion.values
    ksm_ids = []
    taken: dict[int, set[str]] = {}
    for _ in range(size.ksm_per_city):
        pk = w.next_id(Ksm)
        kelurahan = rng.choice(kelurahans)
        line = rng.choice(PRODUCT_LINES)
        used = taken.setdefault(kelurahan, set())
        name = f"KSM {line['stem']} {rng.choice(demo.KSM_NAME_SUFFIXES)}"
        n = 2
        while name in used:
            name = f"KSM {line['stem']} {rng.choice(demo.KSM_NAME_SUFFIXES)} {n}"
            n += 1
        used.add(name)
        stage = rng.choices((1, 2, 3), (5, 3, 2))[0]
        score = rng.randint(0, len(criteria))
        formed = ANCHOR - days(rng.randint(200, 3000))
        category = line["products"][0][1]
        w.add(Ksm, (pk, codes.new(rng), name, city.city_id, kelurahan,
                    rng.choices(Ksm.Type.values, (8, 1, 1))[0], formed, stage,
                    maturity_for_score(score), rng.random() < 0.3,
                    names.person(rng.choice("LP")), phone(rng),
                    at(formed, 9), *place.point()))  # fmt: skip
        ksm_ids.append(pk)
        members: set[str] = set()
        count = rng.randint(max(1, size.members_per_ksm // 2), size.members_per_ksm * 3 // 2)
        for _m in range(count):
            gender = "P" if rng.random() < 0.6 else "L"
            w.add(Member, (w.next_id(Member), pk, names.unique(gender, members), gender,
                           rng.random() < 0.05,
                           rng.choice(MEMBER_BUSINESS.get(category, MEMBER_BUSINESS["lainnya"])),
                           rng.random() < 0.92))  # fmt: skip
        for i, product in enumerate(line["products"][: rng.randint(1, 2)]):
            pname, pcat, unit, price, capacity, permits = product
            w.add(Product, (w.next_id(Product), pk, pname, pcat, i == 0, unit, Decimal(price),
                            capacity, permits))  # fmt: skip
        if rng.random() < 0.5:
            met = sorted(rng.sample(criteria, score), key=criteria.index)
            w.add(Assessment, (w.next_id(Assessment), pk, formed + days(rng.randint(30, 180)),
                               met, score, maturity_for_score(score),
                               rng.choice(demo.ASSESSMENT_NOTES), city.fasilitator_id))  # fmt: skip
    return ksm_ids


def visit_status(rng: random.Random, age: int) -> str:
    S = Visit.Status
    if age < 0:
        return S.DRAFT
    if age < 60:
        return rng.choices([S.DRAFT, S.SUBMITTED, S.KORKOT_APPROVED, S.RETURNED, S.APPROVED],
                           (3, 3, 2, 1, 3))[0]  # fmt: skip
    return rng.choices([S.SUBMITTED, S.KORKOT_APPROVED, S.RETURNED, S.APPROVED], (1, 1, 1, 17))[0]


def rktl_status(rng: random.Random, visit_status: str, age: int) -> str:
    R = RktlStatus
    if visit_status != Visit.Status.APPROVED:
        return rng.choices([R.OPEN, R.IN_PROGRESS], (3, 1))[0]
    if age < 120:
        return rng.choices([R.OPEN, R.IN_PROGRESS, R.DONE, R.VERIFIED], (3, 4, 2, 1))[0]
    return rng.choices([R.OPEN, R.IN_PROGRESS, R.DONE, R.VERIFIED, R.CANNOT], (1, 2, 1, 9, 1))[0]


def city_visits(
    size: Size,
    w: Writer,
    city: CityPlan,
    template_id: int,
    items: list[tuple[int, str]],
    ksm_ids: list[int],
    codes: dict,
) -> None:
    rng = rng_for(size.seed, city.code, "visits")
    place = Places(size, city, "visits")
    names = Names(rng, city.regions)
    item_by_code = {code: pk for pk, code in items}
    S = Visit.Status
    span = 3 * 365
    for _ in range(size.visits_per_city):
        pk = w.next_id(Visit)
        age = rng.randint(-30, span)  # days before the anchor the visit started
        starts = ANCHOR - days(age)
        ends = starts + days(rng.choice((0, 0, 1, 2)))
        status = visit_status(rng, age)
        kind, title, methods, target_bdc, location = rng.choice(VISIT_KINDS)
        created = at(starts - days(rng.randint(3, 14)), 9)
        submitted = at(ends + days(rng.randint(1, 5)), 14) if status != S.DRAFT else None
        label = city.label
        w.add(Visit, (pk, codes[Visit].new(rng), city.city_id, kind,
                      title.format(city=label), starts, ends,
                      location.format(city=label, kelurahan="Sukamaju", kecamatan="Tengah",
                                      head="Wali Kota", name=label),
                      methods, target_bdc, "", template_id,
                      rng.choice(demo.SUMMARY_PARTS) if status != S.DRAFT else "", status,
                      city.fasilitator_id, created, submitted or created, submitted,
                      {}, *place.point(status != S.DRAFT)))  # fmt: skip
        for ksm in sorted(set(rng.sample(ksm_ids, min(len(ksm_ids), rng.randint(1, 3))))):
            w.add(Visit.target_ksms.through, (pk, ksm))
        w.add(Visit.team.through, (pk, city.fasilitator_id))
        answered = items if status != S.DRAFT else items[: rng.randint(0, len(items))]
        values = Answer.Value.values
        for item_id, _code in answered:
            value = rng.choices(values, (5, 3, 2, 1))[0]
            note = rng.choice(demo.ANSWER_NOTES[value]) if rng.random() < 0.3 else ""
            w.add(Answer, (w.next_id(Answer), pk, item_id, value, note))
        for document in rng.sample(DocumentCheck.Document.values[:-1], 3):
            w.add(DocumentCheck, (w.next_id(DocumentCheck), pk, document, "",
                                  rng.choice(DocumentCheck.Status.values), ""))  # fmt: skip
        if status != S.DRAFT:
            for _a in range(rng.randint(6, 14)):
                gender = "P" if rng.random() < 0.45 else "L"
                org, positions = rng.choice(demo.ATTENDEE_ORGANISATIONS)
                w.add(Attendee, (w.next_id(Attendee), pk, names.person(gender),
                                 org.format(city=label, bkm="BKM Sejahtera", ksm="KSM Mitra",
                                            kelurahan="Sukamaju"),
                                 rng.choice(positions), gender, rng.random() < 0.04))  # fmt: skip
        reviews(w, rng, city, pk, status, submitted)
        # Findings and their RKTL actions: about rktl_per_visit items, two per finding.
        if status == S.DRAFT and rng.random() < 0.5:
            continue
        remaining = size.rktl_per_visit
        while remaining > 0:
            code, text, category, actions = rng.choice(FINDING_POOL)
            finding = w.next_id(Finding)
            w.add(Finding, (finding, pk, item_by_code.get(code), text, created + days(1)))
            for problem, action, tier in actions[:remaining]:
                rktl(w, rng, city, finding, category, problem, action, tier, ends, status, age,
                     codes[RktlItem], names)  # fmt: skip
                remaining -= 1


def reviews(w, rng, city: CityPlan, visit: int, status: str, submitted) -> None:
    S = Visit.Status
    K, A = Review.Tier, Review.Decision
    steps = {
        S.KORKOT_APPROVED: [(K.KORKOT, A.APPROVE)],
        S.RETURNED: [(K.KORKOT, A.RETURN)],
        S.APPROVED: [(K.KORKOT, A.APPROVE), (K.KMW, A.APPROVE)],
    }.get(status, [])
    for n, (tier, decision) in enumerate(steps, 1):
        if decision == A.RETURN:
            comment, sections = rng.choice(demo.RETURN_COMMENTS)
        else:
            comment, sections = rng.choice(demo.APPROVE_COMMENTS), {}
        reviewer = city.korkot_id if tier == K.KORKOT else city.kmw_id
        w.add(Review, (w.next_id(Review), visit, tier, decision, comment, sections, reviewer,
                       submitted + days(2 * n)))  # fmt: skip


def rktl(w, rng, city, finding, category, problem, action, tier, ends, visit_status, age, codes,
         names) -> None:  # fmt: skip
    R, U = RktlStatus, RktlUpdate.Kind
    pk = w.next_id(RktlItem)
    status = rktl_status(rng, visit_status, age)
    original = ends + days(rng.choice((30, 45, 60, 90, 120, 180)))
    created = at(ends, 16)
    updates = []
    moved = original
    if status != R.OPEN and rng.random() < 0.15:
        moved = original + days(rng.choice((30, 60)))
        updates.append((U.DEADLINE, rng.choice(demo.RKTL_DEADLINE_NOTES), R.IN_PROGRESS,
                        R.IN_PROGRESS, original, moved, city.korkot_id))  # fmt: skip
    path = {
        R.IN_PROGRESS: [(U.PROGRESS, R.OPEN, R.IN_PROGRESS)],
        R.DONE: [(U.PROGRESS, R.OPEN, R.IN_PROGRESS), (U.PROGRESS, R.IN_PROGRESS, R.DONE)],
        R.VERIFIED: [(U.PROGRESS, R.OPEN, R.DONE), (U.VERIFY, R.DONE, R.VERIFIED)],
        R.CANNOT: [(U.PROGRESS, R.OPEN, R.CANNOT)],
    }.get(status, [])
    for kind, before, after in path:
        if kind == U.VERIFY:
            note, author = rng.choice(demo.RKTL_VERIFY_NOTES), city.korkot_id
        elif after == R.DONE:
            note, author = rng.choice(demo.RKTL_DONE_NOTES), city.fasilitator_id
        else:
            note, author = rng.choice(demo.RKTL_PROGRESS_NOTES), city.fasilitator_id
        updates.append((kind, note, before, after, None, None, author))
    reason = rng.choice(demo.CANNOT_REASONS) if status == R.CANNOT else ""
    pic = names.person(rng.choice("LP"))
    last = created
    w.add(RktlItem, (pk, codes.new(rng), finding, city.city_id, category, problem, action, pic,
                     tier, moved, original, status, reason, city.fasilitator_id, created,
                     created + days(len(updates) * 20), RktlConcern.BDC))  # fmt: skip
    for n, (kind, note, before, after, old, new, author) in enumerate(updates, 1):
        last = created + days(20 * n)
        w.add(RktlUpdate, (w.next_id(RktlUpdate), pk, kind, note, before, after, old, new, author,
                           last))  # fmt: skip


def city_bdc(size: Size, w: Writer, city: CityPlan) -> None:
    rng = rng_for(size.seed, city.code, "bdc")
    names = Names(rng, city.regions)
    pk = w.next_id(Bdc)
    established = datetime.date(2015, rng.randint(1, 12), rng.randint(1, 28))
    short = city.label.split(" ", 1)[1]
    w.add(Bdc, (pk, city.city_id, f"BDC {city.label}", f"{rng.choice(demo.STREETS)} No. "
                f"{rng.randint(1, 120)}, {city.label}", established,
                f"{rng.randint(10, 99)}/SK/BDC/{established.year}",
                f"Studi Kelayakan BDC {city.label}", established - days(90),
                demo.FEASIBILITY_SUMMARY.format(products="makanan ringan dan kerajinan",
                                                city=city.label), ""))  # fmt: skip
    taken: set[str] = set()
    for body, seats in ((BdcPerson.Body.KOMITE, demo.KOMITE_SEATS),
                        (BdcPerson.Body.PENGELOLA, demo.PENGELOLA_SEATS)):  # fmt: skip
        for position, unsur in seats:
            gender = rng.choice("LP")
            w.add(BdcPerson, (w.next_id(BdcPerson), pk, body, names.unique(gender, taken),
                              position, unsur, gender, phone(rng), True))  # fmt: skip
    place = Places(size, city, "outlets")
    w.add(Outlet, (w.next_id(Outlet), pk, Outlet.Kind.BDC_MART, f"BDC Mart {short}",
                   rng.choice(demo.STREETS), True, *place.point()))  # fmt: skip
    for kind, name in rng.sample(demo.OTHER_OUTLETS, 3):
        label = name.format(city=city.label, name=short, head="Wali Kota", gov="Pemkot")
        w.add(Outlet, (w.next_id(Outlet), pk, kind, label, "", True,
                       *place.point(kind != Outlet.Kind.ONLINE)))  # fmt: skip
    for activity, target, indicator, first, last, progress in demo.PLAN_ACTIVITIES:
        w.add(PlanActivity, (w.next_id(PlanActivity), pk, activity, target, indicator,
                             datetime.date(2016, first, 1), datetime.date(2016, last, 28),
                             progress))  # fmt: skip
    for stage, year in ((1, 2015), (2, 2016)):
        allocated = Decimal(rng.randrange(500, 1500, 50) * 1_000_000)
        disbursed = allocated if stage == 1 else allocated * Decimal(rng.choice((0, 0.5, 1)))
        spent = (disbursed * Decimal(rng.randint(30, 100)) / 100).quantize(Decimal(1_000_000))
        spent = min(spent, disbursed)
        scenario = rng.choice(demo.TRANCHE_SCENARIOS[stage]).format(a=50, b=30, c=20)
        w.add(GrantTranche, (w.next_id(GrantTranche), pk, stage, year, "APBN", allocated,
                             disbursed.quantize(Decimal(1)), spent, scenario))  # fmt: skip
