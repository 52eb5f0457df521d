"""Reads that several monitoring pages share."""

from kotaku.kept import kept_count
from monitoring.access import rktl_to_verify, visits_waiting_for
from monitoring.models import Answer, ChecklistSection, Review, RktlItem, Visit
from monitoring.sections import SECTION_LABELS


def checklist_with_answers(visit: Visit) -> list[dict]:
    """The visit's checklist, section by section, each item with its answer (or None)."""
    sections = ChecklistSection.objects.filter(template_id=visit.template_id).prefetch_related(
        "items"
    )
    answers = {a.item_id: a for a in Answer.objects.filter(visit=visit)}
    return [
        {
            "section": section,
            "rows": [(item, answers.get(item.pk)) for item in section.items.all()],
        }
        for section in sections
    ]


def needs_attention(user) -> dict:
    """What the user should act on now, counted in one query per kind."""
    items = RktlItem.objects.visible_to(user)
    to_verify = rktl_to_verify(user)
    visits = Visit.objects.visible_to(user).counted()
    # The overdue count of a large area is kept a minute (kotaku.kept): a country's is a count
    # over hundreds of thousands of items. The others are the user's own work, always live.
    overdue, overdue_counted_at = kept_count(user, "rktl-overdue", items.overdue().count)
    return {
        "visits_to_review": visits_waiting_for(user).exclude(status=Visit.Status.RETURNED).count(),
        "visits_returned": visits.filter(status=Visit.Status.RETURNED, created_by=user).count(),
        "rktl_to_verify": to_verify.count() if to_verify is not None else 0,
        "rktl_overdue": overdue,
        "rktl_overdue_counted_at": overdue_counted_at,
    }


def visit_timeline(visit: Visit) -> list[dict]:
    """The visit's steps, oldest first: planned, each submission, each review and reopening,
    its cancellation (two queries)."""
    steps = [{"when": visit.created_at, "who": visit.created_by, "kind": "created"}]
    previous = None
    history = visit.history.order_by("history_date", "history_id").select_related("history_user")
    fields = ("status", "history_date", "history_user", "history_change_reason")
    for record in history.only(*fields):
        for kind in ("submitted", "cancelled"):
            status = Visit.Status.SUBMITTED if kind == "submitted" else Visit.Status.CANCELLED
            if record.status == status and previous != status:
                steps.append(
                    {
                        "when": record.history_date,
                        "who": record.history_user,
                        "kind": kind,
                        "reason": record.history_change_reason or "",
                    }
                )
        previous = record.status
    for review in visit.reviews.select_related("reviewer"):
        comments = labelled_section_comments(review)
        steps.append(
            {
                "when": review.created_at,
                "who": review.reviewer,
                "kind": "review",
                "review": review,
                "section_comments": comments,
            }
        )
    return sorted(steps, key=lambda step: step["when"])


def labelled_section_comments(review: Review) -> list[tuple[str, str]]:
    """(section name, comment) of each comment per section of a review, in the user's language,
    in the order of the visit page."""
    order = {key: n for n, key in enumerate(SECTION_LABELS)}
    comments = sorted(review.section_comments.items(), key=lambda kv: order.get(kv[0], len(order)))
    return [(str(SECTION_LABELS.get(key, key)), text) for key, text in comments]
