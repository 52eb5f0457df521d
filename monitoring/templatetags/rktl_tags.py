"""An RKTL item's deadline and status as every page shows them, and a row of the RKTL list.

Written in Python rather than as included templates: the RKTL list shows them up to three
times a row, and an {% include %} with its date filters cost some 5 ms on a page of 30."""

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from kotaku.lib.paths import code_urls
from kotaku.templatetags.kotaku_format import day as date

register = template.Library()

DATE_FORMAT = "j M Y"


@register.simple_tag
def rktl_deadline(item) -> SafeString:
    """ "21 Jul 2026", and the deadline first agreed when it was moved since."""
    deadline = date(item.deadline, DATE_FORMAT)
    if not item.deadline_moved:
        return format_html("{}", deadline)
    first = gettext("first agreed %(date)s") % {"date": date(item.original_deadline, DATE_FORMAT)}
    return format_html(
        '{} <span class="text-body-secondary" data-testid="original-deadline">({})</span>',
        deadline,
        first,
    )


@register.simple_tag
def rktl_status(item) -> SafeString:
    """The status badge, and an "Overdue" one when it is."""
    badge = format_html(
        '<span class="badge rktl-{}">{}</span>', item.status, item.get_status_display()
    )
    if item.is_overdue():
        badge += format_html(
            ' <span class="badge text-bg-danger" data-testid="overdue">{}</span>',
            gettext("Overdue"),
        )
    return badge


@register.simple_tag
def rktl_row(item) -> SafeString:
    """A row of the RKTL list, written as Django's admin writes its change list's rows (some
    250 µs through the template engine, a few tens here; the same HTML). `item` needs its
    city and what it concerns (monitoring.views.rktl.LIST_ROW_FIELDS). On a phone the
    deadline goes under the status: three columns do not fit."""
    deadline = rktl_deadline(item)
    return format_html(
        '<tr><td><a href="{}">{}</a><div class="small text-body-secondary">{} · {}'
        '<span class="d-md-none"> · {} · {}</span></div></td>'
        '<td class="d-none d-md-table-cell">{}</td>'
        '<td class="d-none d-md-table-cell">{}<div class="small text-body-secondary">{}</div></td>'
        '<td class="d-none d-sm-table-cell">{}</td>'
        '<td>{}<div class="d-sm-none small mt-1">{}</div></td></tr>',
        code_urls("monitoring:rktl_detail")(item.code),
        truncatechars(item.action, 90),
        item.get_category_display(),
        item.concern_label(),
        item.city,
        item.pic_name,
        item.city,
        item.pic_name,
        item.get_pic_tier_display(),
        deadline,
        rktl_status(item),
        deadline,
    )
