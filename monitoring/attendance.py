"""Attendance totals and the share of women: one definition for every page that shows them.

The fill-in page, the visit page, the visit report (PDF) and the dashboard count through this
module, on the counts of `kotaku.lib.people` (which genders and disability count), as do the
API's feeds (`with_attendance_totals`, for many visits in one query), and the
fill-in page's script counts the rows being typed with the same definitions, rendered into a
data attribute (`script_definition`).
"""

import json
from collections.abc import Iterable

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms.formsets import DELETION_FIELD_NAME

from kotaku.lib import people
from kotaku.lib.people import COUNTED, gender_totals
from monitoring.models import Attendee, Visit


def women_share(women: int, total: int) -> int | None:
    """Women as a whole percentage (0-100) of all attendees, or None when nobody attended.

    Rounded as Python's round() does (half to even: 12.5 -> 12); the page's script does the same.
    """
    return round(100 * women / total) if total else None


def with_share(totals: dict) -> dict:
    return {**totals, "women_share": women_share(totals["women"], totals["total"])}


def attendance_totals(visit: Visit) -> dict:
    """Total, men, women, people with disabilities and the share of women, in one query."""
    return with_share(gender_totals(Attendee.objects.filter(visit=visit)))


def totals_of(attendees: Iterable[Attendee]) -> dict:
    """Like attendance_totals, counted from attendees already loaded (no query)."""
    rows = list(attendees)
    totals = {"total": len(rows)} | {
        key: sum(getattr(row, field) == value for row in rows)
        for key, (field, value) in COUNTED.items()
    }
    return with_share(totals)


def organisations(attendees: Iterable[Attendee]) -> list[tuple[str, int]]:
    """The organisations present and how many people came from each, most first: what a
    reader who may not see names is shown (kotaku.access.can_see_personal_data)."""
    counts: dict[str, int] = {}
    for row in attendees:
        name = row.organisation.strip() or "—"
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].casefold()))


# What a row of the attendance formset needs to be saved, and so to be counted while typing.
REQUIRED = ("name", "gender")


def script_definition() -> str:
    """COUNTED and the share, as JSON for the fill-in page's script (`data-attendance`).

    A row of the attendance formset counts once its `required` fields are filled in (the row
    would be saved) and its `deleted` box is not ticked; the share is `part` of `whole`,
    scaled and rounded as above.
    """
    return json.dumps(
        {
            "present": "name",
            # The attendee form's required fields (a test keeps them in step).
            "required": list(REQUIRED),
            "deleted": DELETION_FIELD_NAME,
            "counts": {key: [field, value] for key, (field, value) in COUNTED.items()},
            "share": {"part": "women", "whole": "total", "scale": 100, "rounding": "half-even"},
        }
    )


def with_attendance_totals(visits: QuerySet) -> QuerySet:
    """`visits` annotated with their attendance totals: `attendance_total`, `attendance_men`,
    `attendance_women` and `attendance_disabled`, counted as `attendance_totals` counts them
    (`kotaku.lib.people.counts`), zero for a visit with nobody recorded.

    One correlated subquery per count, so that a list of visits, however long, is read as one
    streamed query; the share of women is `women_share(v.attendance_women, v.attendance_total)`.
    """
    attendees = Attendee.objects.filter(visit=OuterRef("pk")).order_by().values("visit")
    return visits.annotate(
        **{
            f"attendance_{name}": Coalesce(
                Subquery(attendees.annotate(n=count).values("n"), output_field=IntegerField()),
                0,
            )
            for name, count in people.counts().items()
        }
    )
