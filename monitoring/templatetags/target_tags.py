"""Whether an indicator met its target, as the dashboard's targets panel shows it.

Written in Python: the panel shows it some 30 times, and an {% include %} of a few tags cost
some 250 µs a time here (8 ms of a province's dashboard). The same HTML as before."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def target_met(met: bool | None, badge: bool = False) -> SafeString | str:
    """A badge (`badge`) or a mark: met, not met, or no target (a badge only)."""
    if badge:
        if met is True:
            return format_html(
                '<span class="badge text-bg-success" data-testid="target-met">&#10003; {}</span>',
                gettext("Target met"),
            )
        if met is False:
            return format_html(
                '<span class="badge text-bg-danger" data-testid="target-not-met">&#10007; {}'
                "</span>",
                gettext("Target not met"),
            )
        return format_html(
            '<span class="badge text-bg-secondary" data-testid="target-none">{}</span>',
            gettext("No target"),
        )
    if met is None:
        return ""
    css, mark, label = (
        ("text-success", "&#10003;", gettext("Target met"))
        if met
        else ("text-danger", "&#10007;", gettext("Target not met"))
    )
    return format_html(
        '<span class="{}" title="{}">{}<span class="visually-hidden">{}</span></span>',
        css,
        label,
        SafeString(mark),
        label,
    )
