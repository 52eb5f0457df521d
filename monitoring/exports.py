"""Spreadsheet exports, written row by row so that memory stays flat however many rows."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from kotaku.lib.xlsx_stream import stream_xlsx
from monitoring.models import RktlItem


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


def rktl_rows(items, today=None):
    """One row per item; `items` is iterated in chunks, never loaded whole."""
    today = today or timezone.localdate()
    yes, no = _("Yes"), _("No")
    items = items.select_related(
        "city__province", "finding__visit", "concern_ksm", "concern_outlet"
    )
    for item in items.iterator(chunk_size=2000):
        visit = item.finding.visit
        yield [
            item.code,
            item.city.province.name,
            str(item.city),
            visit.title,
            visit.starts_on,
            item.finding.description,
            item.get_category_display(),
            item.problem,
            item.action,
            item.pic_name,
            item.get_pic_tier_display(),
            item.deadline,
            item.original_deadline,
            item.get_status_display(),
            yes if item.is_overdue(today) else no,
            item.cannot_reason,
            item.concern_label(),
        ]


def rktl_xlsx_stream(items: "RktlItem.objects") -> Iterator[bytes]:
    """The RKTL workbook as a stream of bytes: constant memory for a national export of
    500,000 items, and the first bytes leave before the last row is read."""
    return stream_xlsx([("RKTL", rktl_columns(), rktl_rows(items))])
