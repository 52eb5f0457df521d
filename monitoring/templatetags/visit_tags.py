"""A visit's status badge as every page shows it, and a row of the visit list.

Written in Python, as Django's admin writes its change list's rows: an {% include %} costs
some 40 µs, and a row of a dozen variables and tags through the template engine some 200.
The same HTML, escaped the same way (format_html)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kotaku.lib.paths import code_urls
from kotaku.templatetags.kotaku_format import day

register = template.Library()


@register.simple_tag
def visit_status(visit) -> SafeString:
    return format_html(
        '<span class="badge status-{}">{}</span>', visit.status, visit.get_status_display()
    )


@register.simple_tag
def visit_row(visit, offline_enabled: bool) -> SafeString:
    """`visit` needs its city and author (select_related). On a device kept for work offline,
    a marker that the offline app fills with the visit's changes waiting to be sent."""
    author = visit.created_by.get_full_name() or visit.created_by.username
    outbox = ""
    if offline_enabled:
        outbox = format_html(' <span data-outbox-group="/visits/{}" hidden></span>', visit.code)
    return format_html(
        '<tr><td><a href="{}">{}</a><div class="small text-body-secondary">{}'
        '<span class="d-md-none"> · {}</span> · {}</div></td>'
        '<td class="d-none d-md-table-cell">{}</td><td class="text-nowrap">{}</td>'
        "<td>{}{}</td></tr>",
        code_urls("monitoring:visit_detail")(visit.code),
        visit.title,
        visit.get_kind_display(),
        visit.city,
        author,
        visit.city,
        day(visit.starts_on, "j M Y"),
        visit_status(visit),
        outbox,
    )
