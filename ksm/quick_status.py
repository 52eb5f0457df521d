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
from dataclasses import asdict, dataclass

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kotaku.access import can_see_personal_data
from kotaku.lib import people
from kotaku.lib.xlsx_stream import stream_xlsx
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


def _flagship_names() -> RawSQL:
    """The names of a KSM's flagship products, alphabetical, joined by '; '.

    Raw SQL because Django 5.2 has no portable string aggregate; one correlated subquery per
    row keeps the export a single streamed query.
    """
    if connection.vendor == "postgresql":
        sql = (
            "SELECT STRING_AGG(p.name, '; ' ORDER BY p.name) FROM ksm_product p "
            "WHERE p.ksm_id = ksm_ksm.id AND p.is_flagship"
        )
    else:
        sql = (
            "SELECT GROUP_CONCAT(name, '; ') FROM (SELECT p.name FROM ksm_product p "
            "WHERE p.ksm_id = ksm_ksm.id AND p.is_flagship ORDER BY p.name)"
        )
    return RawSQL(sql, ())


def with_status(ksms: QuerySet, *, year: int) -> QuerySet:
    """Annotate each KSM with the Quick Status numbers, all computed in the database."""
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


STATUS_COLUMNS = [
    _("Members (men)"),
    _("Members (women)"),
    _("Members (total)"),
    _("Members with disability"),
    _("Flagship products"),
    _("Last visit"),
    _("Open RKTL items"),
]


def _ksm_rows(ksms: QuerySet, year: int, user):
    yes, no = _("Yes"), _("No")
    ordered = with_status(ksms, year=year).select_related("city__province", "kelurahan__kecamatan")
    ordered = ordered.order_by(
        "city__province__name", "city__name", "kelurahan__kecamatan__name", "kelurahan__name",
        "name", "id",
    )  # fmt: skip
    for ksm in ordered.iterator(chunk_size=CHUNK):
        # The chair and the phone number are a person's details (kotaku.access).
        personal = can_see_personal_data(user, ksm.city_id)
        yield [
            ksm.code,
            ksm.city.province.name,
            ksm.city.code,
            ksm.city.full_name,
            ksm.kelurahan.kecamatan.name,
            ksm.kelurahan.name,
            ksm.name,
            ksm.get_type_display(),
            ksm.get_ppmk_stage_display(),
            ksm.get_maturity_display(),
            ksm.formed_on,
            timezone.localdate(ksm.created_at),
            yes if ksm.is_bdc_partner else no,
            ksm.chair_name if personal else "",
            ksm.phone if personal else "",
            ksm.men,
            ksm.women,
            ksm.members_total,
            ksm.with_disability,
            ksm.flagships or "",
            ksm.last_visit,
            ksm.open_rktl,
        ]


def _member_rows(ksms: QuerySet, user):
    """One row per member, of the KSMs whose members' details the user may see (the counts on
    the first sheet are for everyone)."""
    yes, no = _("Yes"), _("No")
    members = (
        Member.objects.filter(ksm__in=ksms.values("pk"))
        .select_related("ksm")
        .order_by("ksm__code", "name", "id")
    )
    for m in members.iterator(chunk_size=CHUNK):
        if not can_see_personal_data(user, m.ksm.city_id):
            continue
        yield [
            m.ksm.code,
            m.ksm.name,
            m.name,
            m.gender,
            yes if m.has_disability else no,
            m.business,
            yes if m.is_active else no,
        ]


def _product_rows(ksms: QuerySet):
    yes, no = _("Yes"), _("No")
    products = (
        Product.objects.filter(ksm__in=ksms.values("pk"))
        .select_related("ksm")
        .order_by("ksm__code", "name", "id")
    )
    for p in products.iterator(chunk_size=CHUNK):
        yield [
            p.ksm.code,
            p.ksm.name,
            p.name,
            p.get_category_display(),
            yes if p.is_flagship else no,
            p.unit,
            int(p.price),
            p.monthly_capacity,
            p.permits,
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
                [c.label for c in KSM_COLUMNS] + STATUS_COLUMNS,
                _ksm_rows(ksms, year, user),
            ),
            (_("Members"), [c.label for c in MEMBER_COLUMNS], _member_rows(ksms, user)),
            (_("Products"), [c.label for c in PRODUCT_COLUMNS], _product_rows(ksms)),
            ("Info", [_("Quick Status of KSM"), str(year)], about),
        ]
    )


DOWNLOAD_KIND = "ksm.quick_status"


def download_params(*, year: int, area: Area) -> dict:
    """What `build_download` needs to make the file again, in a job."""
    return {"year": year, **asdict(area)}


def build_download(user, params: dict) -> tuple:
    """The Quick Status file (a stream of bytes) and its name, for the user: the direct
    download and the job ("My downloads") both make it here."""
    year = params["year"]
    area = Area(
        params["label"],
        params["slug"],
        province_id=params.get("province_id"),
        city_id=params.get("city_id"),
    )
    ksms = ksms_for(user, year=year, area=area)
    return (
        workbook(ksms, year=year, area=area, user=user),
        f"quick-status-ksm-{year}-{area.slug}.xlsx",
    )
