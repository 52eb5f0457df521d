"""The dashboard's panels as HTML, kept as long as the numbers they show.

The numbers are kept (queries.numbers_keeping): a few cities' until one of their records
changes, a large area's for five minutes. Making them into a thousand linked cells and
rendering those took most of the page's time on every request. The HTML is kept under the
numbers' own key (the area, the filters, the day, and for a few cities their versions) and
the language, for no longer than the numbers: it never shows other cities than the numbers
do, nor other numbers, and for a large area the page still says when they were counted.
"""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kotaku.kept import kept_with, request_versions
from kotaku.models import City
from monitoring.dashboard.build import build_dashboard
from monitoring.dashboard.filters import Filters, read_again
from monitoring.dashboard.queries import numbers_keeping

# The charts' <style> elements carry the request's CSP nonce: kept HTML holds this marker in
# its place, and each response puts its own nonce there.
NONCE_MARKER = "kotaku-csp-nonce-marker"


class _MarkerRequest:
    csp_nonce = NONCE_MARKER


@dataclass(frozen=True)
class RenderedDashboard:
    headline: SafeString
    panels: SafeString
    by_province: bool
    counted_at: datetime.datetime | None


def rendered_dashboard(
    request, cities: list[City], filters: Filters, today: datetime.date
) -> RenderedDashboard:
    keep = numbers_keeping(cities, filters, today, request_versions(request))

    def render() -> tuple[RenderedDashboard, datetime.datetime | None]:
        # The places' names as they are at the version the HTML is kept under, not as the
        # page first read them (a rename may have come in between).
        places, narrowed = read_again(request.user, filters)
        dash = build_dashboard(request.user, places, narrowed, today, keep)
        context = {"dash": dash, "filters": narrowed, "request": _MarkerRequest}
        rendered = RenderedDashboard(
            headline=render_to_string("monitoring/includes/_dash_headline.html", context),
            panels=render_to_string("monitoring/includes/_dash_panels.html", context),
            by_province=dash.by_province,
            counted_at=dash.counted_at,
        )
        return rendered, dash.counted_at

    kept = kept_with(keep, "dash-html", render)
    nonce = getattr(request, "csp_nonce", None)
    nonce = escape(str(nonce)) if nonce is not None and str(nonce) else ""

    def with_nonce(html: str) -> SafeString:
        if nonce:
            return mark_safe(html.replace(NONCE_MARKER, nonce))
        return mark_safe(html.replace(f' nonce="{NONCE_MARKER}"', ""))

    return RenderedDashboard(
        headline=with_nonce(kept.headline),
        panels=with_nonce(kept.panels),
        by_province=kept.by_province,
        counted_at=kept.counted_at,
    )
