"""A visit's status badge as every page shows it.

A template tag rather than an included template: an {% include %} costs some 40 µs, once a
row of the visit list (as rktl_tags does for RKTL items)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def visit_status(visit) -> SafeString:
    return format_html(
        '<span class="badge status-{}">{}</span>', visit.status, visit.get_status_display()
    )
