"""What a facilitator's phone keeps for field work with no signal (see kotaku.offline).

Their visits that are drafts or sent back (the page to fill in, and the report), the visit
lists and the planning form (with their city's KSMs, outlets and team members in its choices),
and the RKTL items on which they may report progress. The posts of those pages go through the
device's outbox when they cannot be sent.
"""

from django.db.models import Q
from django.urls import reverse

from kotaku.access import scope_for
from monitoring.access import PROGRESS_TARGETS
from monitoring.models import RktlItem, Visit

# Bounds what one phone keeps: a facilitator's open items, nearest deadline first.
MAX_RKTL_ITEMS = 200
CODE = r"[0-9A-Za-z]+"


def field_pages(user) -> dict[str, list[str]]:
    """The pages to keep for `user` (a facilitator): two queries."""
    cities = scope_for(user).writable_cities
    visits = Visit.objects.filter(
        city__in=cities,
        created_by=user,
        status__in=[Visit.Status.DRAFT, Visit.Status.RETURNED],
    ).values_list("code", flat=True)
    items = (
        RktlItem.objects.filter(city__in=cities, status__in=list(PROGRESS_TARGETS))
        .filter(
            Q(created_by=user) | Q(finding__visit__created_by=user) | Q(finding__visit__team=user)
        )
        .order_by("deadline", "id")
        .values_list("code", flat=True)
        .distinct()[:MAX_RKTL_ITEMS]
    )
    lists = [
        reverse("home"),
        reverse("monitoring:visit_list"),
        reverse("monitoring:visit_create"),
        reverse("monitoring:rktl_list"),
    ]
    pages = []
    for code in visits:
        pages += [
            reverse("monitoring:visit_detail", args=[code]),
            reverse("monitoring:visit_edit", args=[code]),
        ]
    rktl = [reverse("monitoring:rktl_detail", args=[code]) for code in items]
    return {"lists": lists, "visits": pages, "rktl": rktl}


def kept_paths() -> dict[str, str]:
    """Field pages kept on the device once opened (a visit planned online is kept at once)."""
    return {
        "lists": r"^/(visits/|visits/new/|rktl/)?$",
        "visits": rf"^/visits/{CODE}/(edit/)?$",
        "rktl": rf"^/rktl/{CODE}/$",
    }


def queued_posts() -> dict[str, str]:
    """Changes the outbox takes: planning, every post of the fill-in page, RKTL progress."""
    visit_changes = (
        r"edit/[\w-]+|attachments|attachments/\d+/delete|findings|findings/\d+/delete"
        r"|findings/\d+/rktl|rktl/\d+/delete|submit"
    )
    return {
        "plan": r"^/visits/new/$",
        "visits": rf"^/visits/{CODE}/({visit_changes})/$",
        "rktl": rf"^/rktl/{CODE}/progress/$",
    }
