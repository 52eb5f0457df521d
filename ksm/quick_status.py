"""The Quick Status (QS) workbook: one row per KSM for a year and an area (seed 004).

The workbook has the Quick Status sheet (the KSM columns of ksm.imports, then member counts,
flagship products, last visit and open RKTL items), the members and products behind those
counts, and an information sheet. Because its first three sheets use the import's columns, a
Quick Status file imports back as it is (ksm.imports).

Every sheet is one query read in chunks and written row by row as the file is sent: the
national file neither holds its 100,000 KSMs in memory nor makes the client wait for all of
them before the first byte.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import islice

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotaku.access import personal_data_cities
from kotaku.lib import people
from kotaku.lib.choices import labels_now
from kotaku.lib.csv_stream import csv_bytes
from kotaku.lib.lookups import one_of
from kotaku.lib.xlsx_stream import stream_xlsx
from kotaku.models import City
from ksm import hooks
from ksm.imports import KSM_COLUMNS, MEMBER_COLUMNS, PRODUCT_COLUMNS
from ksm.models import Ksm, Member, Product

CHUNK = 2000


@dataclass
class Area:
    """What a Quick Status file covers: a label for people, and a slug for its file name."""

    label: str
    slug: str
    province_id: int | None = None
    city_id: int | None = None


def ksms_for(user, *, year: int, area: Area) -> QuerySet:
    """The KSMs of the file: those the user may see in the area, formed by the end of the year
    (a KSM without a formation date counts from the day it was registered)."""
    year_end = datetime.date(year, 12, 31)
    ksms = Ksm.objects.visible_to(user).filter(
        Q(formed_on__lte=year_end) | Q(formed_on__isnull=True, created_at__year__lte=year)
    )
    if area.city_id:
        ksms = ksms.filter(city_id=area.city_id)
    elif area.province_id:
        ksms = ksms.filter(city__province_id=area.province_id)
    return ksms


def _count(members) -> Coalesce:
    counted = members.order_by().values("ksm").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# Flagship products are listed alphabetically, joined by this.
FLAGSHIP_SEPARATOR = "; "


def _flagship_names() -> RawSQL:
    """The names of a KSM's flagship products, alphabetical, joined by FLAGSHIP_SEPARATOR.

    Raw SQL because Django 5.2 has no portable string aggregate.
    """
    if connection.vendor == "postgresql":
        sql = (
            "SELECT STRING_AGG(p.name, %s ORDER BY p.name) FROM ksm_product p "
            "WHERE p.ksm_id = ksm_ksm.id AND p.is_flagship"
        )
    else:
        sql = (
            "SELECT GROUP_CONCAT(name, %s) FROM (SELECT p.name FROM ksm_product p "
            "WHERE p.ksm_id = ksm_ksm.id AND p.is_flagship ORDER BY p.name)"
        )
    return RawSQL(sql, (FLAGSHIP_SEPARATOR,))


def with_status(ksms: QuerySet, *, year: int) -> QuerySet:
    """Annotate each KSM with the Quick Status numbers, all computed in the database: for
    reading KSMs one by one (the API's KSM feed). The Quick Status file reads the same numbers
    per chunk of KSMs instead (`_status_of`), which is much faster for a whole country."""
    year_end = datetime.date(year, 12, 31)
    active = Member.objects.filter(ksm=OuterRef("pk"), is_active=True)
    # Who counts as a man, a woman, a person with a disability: people.COUNTED, as everywhere.
    counted = {key: _count(active.filter(**{f: v})) for key, (f, v) in people.COUNTED.items()}
    return ksms.annotate(
        men=counted["men"],
        women=counted["women"],
        members_total=_count(active),
        with_disability=counted["disabled"],
        flagships=_flagship_names(),
        # last_visit and open_rktl, counted by monitoring (registered in its ready()).
        **hooks.quick_status.merged(year_end),
    )


# Lazy: the headings are in the language of the file, not of the process when it started.
STATUS_COLUMNS = [
    gettext_lazy("Members (men)"),
    gettext_lazy("Members (women)"),
    gettext_lazy("Members (total)"),
    gettext_lazy("Members with disability"),
    gettext_lazy("Flagship products"),
    gettext_lazy("Last visit"),
    gettext_lazy("Open RKTL items"),
]


def ksm_header() -> list[str]:
    """The Quick Status sheet's headings: the import's KSM columns, then the numbers."""
    return [str(c.label) for c in KSM_COLUMNS] + [str(c) for c in STATUS_COLUMNS]


def _cities() -> dict[int, tuple[str, str, str]]:
    """Each city's (province name, code, full name): 270 rows read once, not joined per KSM."""
    return {
        c.pk: (c.province.name, c.code, c.full_name)
        for c in City.objects.select_related("province")
    }


# The rows are read as plain values, never model instances: a national file has 100,000 KSMs
# and a million members, and building instances took most of its time.
KSM_FIELDS = (
    "pk", "code", "city_id", "kelurahan__kecamatan__name", "kelurahan__name", "name", "type",
    "ppmk_stage", "maturity", "formed_on", "created_at", "is_bdc_partner", "chair_name", "phone",
)  # fmt: skip
NO_MEMBERS = {"men": 0, "women": 0, "total": 0, "disabled": 0}


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def _status_of(ids: list[int], year_end: datetime.date) -> tuple[dict, dict, dict]:
    """The Quick Status numbers of a chunk of KSMs, by KSM id: member counts, flagship names,
    and the hook's (last_visit, open_rktl).

    Three queries per chunk, rather than seven correlated subqueries per KSM in the sheet's
    one query: PostgreSQL estimated that query so costly that it spent seconds compiling it
    (JIT) before running it. Members and flagship products are now read once per chunk
    through their ksm index; monitoring's two subqueries run over the chunk's KSMs only.
    """
    members = (
        Member.objects.filter(one_of("ksm_id", ids), is_active=True)
        .order_by()
        .values("ksm_id")
        .annotate(**people.counts())  # who counts as a man, a woman...: people.COUNTED
    )
    counts = {row.pop("ksm_id"): row for row in members}
    names = defaultdict(list)
    flagships = Product.objects.filter(one_of("ksm_id", ids), is_flagship=True).order_by(
        "ksm_id", "name"
    )
    for ksm_id, name in flagships.values_list("ksm_id", "name"):
        names[ksm_id].append(name)
    # last_visit and open_rktl, counted by monitoring (registered in its ready()).
    visits = (
        Ksm.objects.filter(one_of("pk", ids))
        .annotate(**hooks.quick_status.merged(year_end))
        .values_list("pk", "last_visit", "open_rktl")
    )
    return (
        counts,
        {k: FLAGSHIP_SEPARATOR.join(v) for k, v in names.items()},
        {pk: (last, open_) for pk, last, open_ in visits},
    )


def _ksm_rows(ksms: QuerySet, year: int, user):
    yes, no = _("Yes"), _("No")
    types = labels_now(Ksm.Type.choices)
    stages = labels_now(Ksm.PpmkStage.choices)
    maturities = labels_now(Ksm.Maturity.choices)
    cities = _cities()
    personal = personal_data_cities(user)
    year_end = datetime.date(year, 12, 31)
    ordered = ksms.order_by(
        "city__province__name", "city__name", "kelurahan__kecamatan__name", "kelurahan__name",
        "name", "id",
    ).values_list(*KSM_FIELDS)  # fmt: skip
    for batch in _batches(ordered.iterator(chunk_size=CHUNK), CHUNK):
        counts, flagships, visits = _status_of([row[0] for row in batch], year_end)
        for (
            pk, code, city_id, kecamatan, kelurahan, name, type_, stage, maturity, formed_on,
            created_at, partner, chair, phone,
        ) in batch:  # fmt: skip
            province, city_code, city_name = cities[city_id]
            # The chair and the phone number are a person's details (kotaku.access).
            mine = personal is None or city_id in personal
            members = counts.get(pk, NO_MEMBERS)
            last_visit, open_rktl = visits.get(pk, (None, 0))
            yield [
                code,
                province,
                city_code,
                city_name,
                kecamatan,
                kelurahan,
                name,
                types.get(type_, type_),
                stages.get(stage, stage),
                maturities.get(maturity, maturity),
                formed_on,
                timezone.localdate(created_at),
                yes if partner else no,
                chair if mine else "",
                phone if mine else "",
                members["men"],
                members["women"],
                members["total"],
                members["disabled"],
                flagships.get(pk, ""),
                last_visit,
                open_rktl,
            ]


def _member_rows(ksms: QuerySet, user):
    """One row per member, of the KSMs whose members' details the user may see (the counts on
    the first sheet are for everyone): narrowed in the query, not row by row."""
    yes, no = _("Yes"), _("No")
    members = Member.objects.filter(ksm__in=ksms.values("pk"))
    if (cities := personal_data_cities(user)) is not None:
        members = members.filter(ksm__city_id__in=cities)
    rows = members.order_by("ksm__code", "name", "id").values_list(
        "ksm__code", "ksm__name", "name", "gender", "has_disability", "business", "is_active"
    )
    for code, ksm_name, name, gender, disabled, business, active in rows.iterator(chunk_size=CHUNK):
        yield [
            code,
            ksm_name,
            name,
            gender,
            yes if disabled else no,
            business,
            yes if active else no,
        ]


def _product_rows(ksms: QuerySet):
    yes, no = _("Yes"), _("No")
    categories = labels_now(Product._meta.get_field("category").choices)
    rows = (
        Product.objects.filter(ksm__in=ksms.values("pk"))
        .order_by("ksm__code", "name", "id")
        .values_list(
            "ksm__code",
            "ksm__name",
            "name",
            "category",
            "is_flagship",
            "unit",
            "price",
            "monthly_capacity",
            "permits",
        )
    )
    for code, ksm_name, name, category, flagship, unit, price, capacity, permits in rows.iterator(
        chunk_size=CHUNK
    ):
        yield [
            code,
            ksm_name,
            name,
            categories.get(category, category),
            yes if flagship else no,
            unit,
            int(price),
            capacity,
            permits,
        ]


def workbook(ksms: QuerySet, *, year: int, area: Area, user, now=None):
    """The Quick Status workbook as a stream of bytes, produced while it is sent."""
    now = now or timezone.localtime()
    about = [
        [_("Area"), area.label],
        [_("Prepared"), now.strftime("%d-%m-%Y %H:%M")],
        [_("Prepared by"), user.get_full_name() or user.get_username()],
        [
            _("Note"),
            _(
                "One row per KSM formed by the end of the year. Members, products, stage and "
                "maturity are as recorded when the file was prepared; last visit and open "
                "RKTL items count reported visits up to the end of the year."
            ),
        ],
    ]
    return stream_xlsx(
        [
            (
                _("Quick Status"),
                ksm_header(),
                _ksm_rows(ksms, year, user),
            ),
            (_("Members"), [c.label for c in MEMBER_COLUMNS], _member_rows(ksms, user)),
            (_("Products"), [c.label for c in PRODUCT_COLUMNS], _product_rows(ksms)),
            ("Info", [_("Quick Status of KSM"), str(year)], about),
        ]
    )


def csv_file(ksms: QuerySet, *, year: int, user) -> Iterator[bytes]:
    """The workbook's first sheet, one row per KSM, as CSV (UTF-8 with a byte order mark): the
    same columns and values, for people who want only the list, fast. A CSV file holds one
    table, so the members, products and information sheets are not in it."""
    return csv_bytes(ksm_header(), _ksm_rows(ksms, year, user))


DOWNLOAD_KIND = "ksm.quick_status"


def download_params(*, year: int, area: Area, fmt: str = "xlsx") -> dict:
    """What `build_download` needs to make the file again, in a job."""
    return {"year": year, **asdict(area), "format": fmt}


def build_download(user, params: dict) -> tuple:
    """The Quick Status file (a stream of bytes) and its name, for the user: the direct
    download and the job ("My downloads") both make it here. A download asked for before
    there was a CSV variant has no "format": a workbook."""
    year = params["year"]
    area = Area(
        params["label"],
        params["slug"],
        province_id=params.get("province_id"),
        city_id=params.get("city_id"),
    )
    ksms = ksms_for(user, year=year, area=area)
    name = f"quick-status-ksm-{year}-{area.slug}"
    if params.get("format") == "csv":
        return csv_file(ksms, year=year, user=user), f"{name}.csv"
    return workbook(ksms, year=year, area=area, user=user), f"{name}.xlsx"
