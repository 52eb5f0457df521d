"""Spreadsheet exports (XLSX and CSV), written row by row so that memory stays flat however many
rows."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from kotaku.lib.choices import labels_now
from kotaku.lib.csv_stream import csv_bytes
from kotaku.lib.whole_reads import read_whole
from kotaku.lib.xlsx_stream import stream_xlsx
from kotaku.models import City
from monitoring.models import RktlCategory, RktlConcern, RktlItem, RktlStatus, Tier
from monitoring.models.rktl import concern_label_of, overdue_on


def rktl_columns():
    return [
        _("Code"),
        _("Province"),
        _("City"),
        _("Visit"),
        _("Visit date"),
        _("Finding"),
        _("Category"),
        _("Problem"),
        _("Action"),
        _("Person in charge"),
        _("Tier"),
        _("Deadline"),
        _("Original deadline"),
        _("Status"),
        _("Overdue"),
        _("Reason it cannot be done"),
        _("Concerns"),
    ]


# The columns each row is read with: plain values, no model instances (a national export is
# 500,000 rows; building an instance and its related ones for each took most of the time).
ROW_FIELDS = (
    "code",
    "city_id",
    "finding__visit__title",
    "finding__visit__starts_on",
    "finding__description",
    "category",
    "problem",
    "action",
    "pic_name",
    "pic_tier",
    "deadline",
    "original_deadline",
    "status",
    "cannot_reason",
    "concern",
    "concern_ksm__name",
    "concern_outlet__name",
)


def rktl_rows(items, today=None):
    """One row per item; `items` is iterated in chunks, never loaded whole."""
    today = today or timezone.localdate()
    yes, no = _("Yes"), _("No")
    categories = labels_now(RktlCategory.choices)
    tiers = labels_now(Tier.choices)
    statuses = labels_now(RktlStatus.choices)
    bdc = str(RktlConcern.BDC.label)
    cities = {
        city.pk: (city.province.name, str(city)) for city in City.objects.select_related("province")
    }
    rows = items.values_list(*ROW_FIELDS)
    for (
        code,
        city_id,
        visit_title,
        visit_date,
        finding,
        category,
        problem,
        action,
        pic_name,
        pic_tier,
        deadline,
        original_deadline,
        status,
        cannot_reason,
        concern,
        ksm_name,
        outlet_name,
    ) in read_whole(rows, chunk_size=5000):
        province, city = cities[city_id]
        yield [
            code,
            province,
            city,
            visit_title,
            visit_date,
            finding,
            categories.get(category, category),
            problem,
            action,
            pic_name,
            tiers.get(pic_tier, pic_tier),
            deadline,
            original_deadline,
            statuses.get(status, status),
            yes if overdue_on(status, deadline, today) else no,
            cannot_reason,
            concern_label_of(concern, ksm_name, outlet_name, bdc),
        ]


def rktl_xlsx_stream(items: "RktlItem.objects") -> Iterator[bytes]:
    """The RKTL workbook as a stream of bytes: constant memory for a national export of
    500,000 items, and the first bytes leave before the last row is read."""
    return stream_xlsx([("RKTL", rktl_columns(), rktl_rows(items))])


def rktl_csv_stream(items: "RktlItem.objects") -> Iterator[bytes]:
    """The same rows and columns as the workbook, as CSV (UTF-8 with a byte order mark): for
    a national export the fastest file to make and to open."""
    return csv_bytes(rktl_columns(), rktl_rows(items))
