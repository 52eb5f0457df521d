"""Printable PDF reports of monitoring records: a visit's report, and the RKTL of an area.

Each report is built from one prefetched read per kind of record, so that its number of
queries does not grow with its size; the views only wrap the bytes (monitoring/views/reports.py).
"""

import functools
from collections import Counter, defaultdict
from collections.abc import Sequence

import pygal
import qrcode
from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotaku.lib.charts import PRINT, percent_label, render_chart
from kotaku.models import City
from kotaku.pdf import image_data_uri, png_data_uri, render_pdf, svg_data_uri
from monitoring import attendance, places, selectors
from monitoring.models import (
    Attachment,
    Finding,
    Review,
    RktlCategory,
    RktlItem,
    RktlStatus,
    RktlUpdate,
    Visit,
)

# ---- Visit report ---------------------------------------------------------------------------


def visit_report_pdf(
    visit: Visit, *, personal_data: bool, language: str | None = None, today=None
) -> bytes:
    """The field visit report (laporan kunjungan lapangan) of `visit`, as PDF bytes.

    `visit` should come from monitoring.access.get_visit_for_user (with its city, province,
    author and checklist joined); everything else is read here in a fixed number of queries.
    `personal_data`: whether the reader may see attendees' names and disability
    (kotaku.access.can_see_personal_data); without, the report lists organisations.
    """
    context = visit_report_context(visit, personal_data=personal_data, today=today)
    with translation.override(language or translation.get_language()):
        return render_pdf("reports/visit_report.html", context)


def visit_report_context(visit: Visit, *, personal_data: bool, today=None) -> dict:
    prefetch_related_objects(
        [visit],
        "template__sections__items",
        "answers",
        "document_checks",
        "attendees",
        Prefetch(
            "findings",
            queryset=Finding.objects.select_related("item").prefetch_related(
                Prefetch(
                    "rktl_items",
                    queryset=RktlItem.objects.select_related(
                        "concern_ksm", "concern_outlet"
                    ).order_by("deadline", "id"),
                )
            ),
        ),
        Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        "team",
        "target_ksms",
        "target_outlets",
    )
    answers = {a.item_id: a for a in visit.answers.all()}
    checklist = [
        {"section": section, "rows": [(item, answers.get(item.pk)) for item in section.items.all()]}
        for section in visit.template.sections.all()
    ]
    findings = list(visit.findings.all())
    rktl = [
        (n, finding, item)
        for n, finding in enumerate(findings, 1)
        for item in finding.rktl_items.all()
    ]
    attachments = list(visit.attachments.all())
    photos = [
        {
            "caption": a.caption,
            "src": image_data_uri((a.web_image or a.file).name),
            "taken_at": a.taken_at,
            "flags": places.photo_flags(visit, a),
        }
        for a in attachments
        if a.kind == Attachment.Kind.PHOTO
    ]
    reviews = list(visit.reviews.all())
    for review in reviews:
        review.labelled_section_comments = selectors.labelled_section_comments(review)
    detail_url = settings.SITE_URL + reverse("monitoring:visit_detail", args=[visit.code])
    return {
        "visit": visit,
        "place": f"{visit.city}, {visit.city.province}",
        "is_draft": visit.status != Visit.Status.APPROVED,
        "checklist": checklist,
        "documents": visit.document_checks.all(),
        "personal_data": personal_data,
        "attendees": visit.attendees.all() if personal_data else None,
        "organisations": None if personal_data else attendance.organisations(visit.attendees.all()),
        "totals": attendance.totals_of(visit.attendees.all()),
        "findings": findings,
        "rktl": rktl,
        "photos": photos,
        "files": [a for a in attachments if a.kind != Attachment.Kind.PHOTO],
        "reviews": reviews,
        "signatures": signatories(visit, reviews),
        "team": visit.team.all(),
        "target_ksms": visit.target_ksms.all(),
        "target_outlets": visit.target_outlets.all(),
        "detail_url": detail_url,
        "qr_code": qr_png_data_uri(detail_url),
        "printed_on": today or timezone.localdate(),
    }


def signatories(visit: Visit, reviews: list[Review]) -> list[dict]:
    """Who signs the minutes (berita acara): the facilitator who made the report, the Korkot
    and KMW who approved it (blank until they have), and a representative of the Komite and
    of the Pengelola, who sign on paper."""
    approvals = {r.tier: r for r in reviews if r.decision == Review.Decision.APPROVE}

    def name(user) -> str:
        return (user.get_full_name() or user.get_username()) if user else ""

    korkot, kmw = approvals.get(Review.Tier.KORKOT), approvals.get(Review.Tier.KMW)
    return [
        {"role": _("Facilitator"), "name": name(visit.created_by), "date": visit.submitted_at},
        {
            "role": _("Korkot"),
            "name": name(korkot.reviewer if korkot else None),
            "date": korkot and korkot.created_at,
        },
        {
            "role": _("KMW"),
            "name": name(kmw.reviewer if kmw else None),
            "date": kmw and kmw.created_at,
        },
        {"role": _("Komite BDC representative"), "name": "", "date": None},
        {"role": _("Pengelola BDC representative"), "name": "", "date": None},
    ]


# Drawing a QR code takes some 8 ms of pure Python (eight masks scored); a report is
# printed again and again, and its address never changes.
@functools.lru_cache(maxsize=1024)
def qr_png_data_uri(url: str) -> str:
    """The QR code of `url` as a PNG of one pixel per module, to be scaled up unsmoothed
    (`image-rendering: pixelated` in the report's stylesheet): as sharp on paper as vectors,
    and some 100 bytes that the PDF takes in as they are. As an SVG path of a few hundred
    squares it cost WeasyPrint about a twentieth of the visit report's time to read and draw."""
    code = qrcode.QRCode(border=1, box_size=1)
    code.add_data(url)
    return png_data_uri(code.make_image().get_image())


# ---- RKTL report ----------------------------------------------------------------------------

# A report is read on paper: past this many actions it runs to some 40 pages and takes
# WeasyPrint about 5 s (some 12 ms an action on a 2-core server). Larger selections are
# prepared by a job and wait on "My downloads" (monitoring/jobs.py, kotaku/downloads.py).
REPORT_DIRECT_ITEMS = 400


def rktl_report_pdf(
    items: QuerySet[RktlItem],
    cities: QuerySet[City],
    *,
    place: str,
    filters: Sequence[tuple[str, str]] = (),
    language: str | None = None,
    today=None,
) -> bytes:
    """The RKTL of an area as PDF bytes: `items` already scoped to the user and the area,
    `cities` the area's cities (each gets a row in the completion table, even without items),
    `filters` the (label, value) of every other filter that narrowed `items`, for the header."""
    with translation.override(language or translation.get_language()):
        context = rktl_report_context(items, cities, place=place, filters=filters, today=today)
        return render_pdf("reports/rktl_report.html", context)


def rktl_report_context(
    items: QuerySet[RktlItem],
    cities: QuerySet[City],
    *,
    place: str,
    filters: Sequence[tuple[str, str]] = (),
    today=None,
) -> dict:
    today = today or timezone.localdate()
    latest = RktlUpdate.objects.filter(item=OuterRef("pk")).order_by("-created_at", "-id")
    rows = list(
        items.select_related("city__province", "finding__visit", "concern_ksm", "concern_outlet")
        .annotate(
            latest_note=Subquery(latest.values("note")[:1]),
            latest_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by("city__province__name", "city__name", "deadline", "id")
    )
    cities = list(cities.select_related("province").order_by("province__name", "name"))
    for item in rows:
        item.overdue = item.is_overdue(today)
    by_category = defaultdict(list)
    for item in rows:
        by_category[item.category].append(item)
    groups = [
        {"label": label, "items": by_category[value]}
        for value, label in RktlCategory.choices
        if by_category[value]
    ]
    completion = completion_by_city(rows, cities)
    if filters:
        # Filtered, a city without a selected action says nothing about the city: left out,
        # or a national report by status would list 270 rows of zeros.
        completion = [row for row in completion if row["total"]]
    return {
        "place": place,
        "filters": list(filters),
        "groups": groups,
        "total": len(rows),
        "overdue": sum(item.overdue for item in rows),
        "many_cities": len({item.city_id for item in rows}) > 1 or len(cities) > 1,
        "completion": completion,
        "sums": completion_sums(completion),
        "chart": completion_chart(completion) if rows else None,
        "chart_legend": chart_legend(),
        "statuses": RktlStatus,
        "printed_on": today,
    }


def completion_by_city(rows: list[RktlItem], cities: list[City]) -> list[dict]:
    """Per city: items by status, overdue items and the share verified, counted from `rows`."""
    counts = defaultdict(Counter)
    for item in rows:
        counts[item.city_id][item.status] += 1
        counts[item.city_id]["overdue"] += item.overdue
    present = {c.pk for c in cities}
    # Items of a city outside `cities` cannot happen through the view, but are not dropped.
    extra = {item.city_id: item.city for item in rows if item.city_id not in present}
    table = []
    for city in [*cities, *extra.values()]:
        c = counts[city.pk]
        total = sum(c[s] for s in RktlStatus.values)
        table.append(
            {
                "city": city,
                "total": total,
                "open": c[RktlStatus.OPEN],
                "in_progress": c[RktlStatus.IN_PROGRESS],
                "done": c[RktlStatus.DONE],
                "verified": c[RktlStatus.VERIFIED],
                "cannot": c[RktlStatus.CANNOT],
                "overdue": c["overdue"],
                "verified_share": c[RktlStatus.VERIFIED] / total if total else None,
            }
        )
    return table


def completion_sums(completion: list[dict]) -> dict:
    keys = ("total", "open", "in_progress", "done", "verified", "cannot", "overdue")
    sums = {key: sum(row[key] for row in completion) for key in keys}
    sums["verified_share"] = sums["verified"] / sums["total"] if sums["total"] else None
    return sums


# Completion chart series: (status, key in a completion row, colour), from done to not done.
CHART_SERIES = (
    (RktlStatus.VERIFIED, "verified", "#1a7f37"),
    (RktlStatus.DONE, "done", "#8fd19e"),
    (RktlStatus.IN_PROGRESS, "in_progress", "#f0ad4e"),
    (RktlStatus.OPEN, "open", "#d9534f"),
    (RktlStatus.CANNOT, "cannot", "#9aa0a6"),
)


def chart_legend() -> list[tuple[str, str]]:
    """(colour, label) of each series: drawn in HTML under the chart, where long labels wrap."""
    return [(colour, status.label) for status, _key, colour in CHART_SERIES]


def completion_chart(completion: list[dict]) -> str:
    """A horizontal stacked bar per city: the share of its items in each status, as an SVG
    data: URI."""
    shown = [row for row in completion if row["total"]]
    svg = render_chart(
        pygal.HorizontalStackedBar,
        [row["city"].full_name for row in shown],
        [
            (status.label, [round(100 * row[key] / row["total"], 1) for row in shown], colour)
            for status, key, colour in CHART_SERIES
        ],
        PRINT,
        range=(0, 100),
        show_y_guides=False,
        value_formatter=percent_label,
    )
    return svg_data_uri(svg)
