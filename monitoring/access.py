"""Who may read and change monitoring records: the predicates views, forms and services call.

Fetching is scoped in the query, so outsiders get 404. A user who may read a record but not
change it gets 403 from the `..._for_editing` helpers.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kotaku.access import for_editing, scope_for
from kotaku.models import Role
from monitoring.models import (
    Attachment,
    DeadlineRequest,
    Evidence,
    Review,
    RktlItem,
    RktlStatus,
    Visit,
)

S = RktlStatus
# Which status a visit must be in for each tier to review it, and where approval leads.
REVIEW_FLOW = {
    Review.Tier.KORKOT: (Visit.Status.SUBMITTED, Visit.Status.KORKOT_APPROVED),
    Review.Tier.KMW: (Visit.Status.KORKOT_APPROVED, Visit.Status.APPROVED),
}
REVIEWER_ROLE = {Review.Tier.KORKOT: Role.KORKOT, Review.Tier.KMW: Role.KMW}
# Where a progress report may take an RKTL item from each status.
PROGRESS_TARGETS = {
    S.OPEN: {S.IN_PROGRESS, S.DONE, S.CANNOT},
    S.IN_PROGRESS: {S.IN_PROGRESS, S.DONE, S.CANNOT},
}
# Who verifies RKTL items done (besides Pusat).
VERIFIER_ROLES = (Role.KORKOT, Role.KMW)


# ---- Visits ------------------------------------------------------------------------------------


def get_visit_for_user(user, code: str) -> Visit:
    visits = Visit.objects.visible_to(user).select_related(
        "city__province", "created_by", "template"
    )
    return get_object_or_404(visits, code=code)


def can_plan_visits(user) -> bool:
    """Whether the user plans visits somewhere (facilitators, and Pusat)."""
    return scope_for(user).may_record


def can_edit_visit(user, visit: Visit) -> bool:
    """Facilitators edit their own visits while drafts or sent back; Pusat may fix them until
    they are approved. An approved or cancelled visit is read-only for everyone: a correction
    after approval is a reopening (can_reopen_visit)."""
    scope = scope_for(user)
    if visit.is_frozen:
        return False
    if scope.national:
        return True
    return (
        visit.city_id in scope.writable_cities
        and visit.created_by_id == user.pk
        and visit.is_editable_by_author
    )


def can_cancel_visit(user, visit: Visit) -> bool:
    """A draft is cancelled by its author only (still a facilitator of its city)."""
    scope = scope_for(user)
    return (
        visit.status == Visit.Status.DRAFT
        and visit.created_by_id == user.pk
        and (scope.national or visit.city_id in scope.writable_cities)
    )


def can_reopen_visit(user, visit: Visit) -> bool:
    """An approved visit is reopened for a correction by the KMW of its province, or Pusat."""
    scope = scope_for(user)
    return visit.status == Visit.Status.APPROVED and (
        scope.national or visit.city_id in scope.cities(Role.KMW)
    )


def get_visit_for_editing(user, code: str) -> Visit:
    return for_editing(user, get_visit_for_user(user, code), can_edit_visit)


def review_tier_for(user, visit: Visit) -> str | None:
    """The tier in which `user` may review `visit` now, or None."""
    scope = scope_for(user)
    for tier, (waiting, _approved) in REVIEW_FLOW.items():
        role = REVIEWER_ROLE[tier]
        if visit.status == waiting and (scope.national or visit.city_id in scope.cities(role)):
            return tier
    return None


def can_review(user, visit: Visit) -> bool:
    return review_tier_for(user, visit) is not None


def visits_waiting_for(user) -> QuerySet:
    """Visits that need this user now: to review (Korkot, KMW) or to fix (sent back to them)."""
    scope = scope_for(user)
    if scope.national:
        return Visit.objects.filter(status__in=[waiting for waiting, _ in REVIEW_FLOW.values()])
    waiting = Q()
    for tier, (status, _approved) in REVIEW_FLOW.items():
        waiting |= Q(status=status, city__in=scope.cities(REVIEWER_ROLE[tier]))
    waiting |= Q(
        status=Visit.Status.RETURNED, created_by=user, city__in=scope.cities(Role.FASILITATOR)
    )
    return Visit.objects.filter(waiting)


def can_read_attachment_file(user, path: str) -> bool:
    """Whether `path` (under visits/) is a photo or document of a visit the user may read."""
    attachments = Attachment.objects.visible_to(user)
    return attachments.filter(Q(file=path) | Q(web_image=path)).exists()


# ---- RKTL --------------------------------------------------------------------------------------


def get_rktl_for_user(user, code: str) -> RktlItem:
    items = RktlItem.objects.visible_to(user).select_related(
        "city__province",
        "finding__visit",
        "finding__item",
        "created_by",
        "concern_ksm",
        "concern_outlet",
    )
    return get_object_or_404(items, code=code)


def can_report_progress(user, item: RktlItem) -> bool:
    scope = scope_for(user)
    return item.status in PROGRESS_TARGETS and (
        scope.national or item.city_id in scope.writable_cities
    )


def can_verify(user, item: RktlItem) -> bool:
    scope = scope_for(user)
    return item.status == S.DONE and (
        scope.national or item.city_id in scope.cities(*VERIFIER_ROLES)
    )


def rktl_to_verify(user) -> QuerySet | None:
    """The items waiting for this user's verification; None, without a query, when the user
    verifies nowhere."""
    scope = scope_for(user)
    items = RktlItem.objects.visible_to(user).filter(status=S.DONE)
    if scope.national:
        return items
    verifiers = scope.cities(*VERIFIER_ROLES)
    return items.filter(city__in=verifiers) if verifiers else None


def deadline_may_move(item: RktlItem) -> bool:
    """Whether the item's deadline may still change: not once it is verified or cannot be done."""
    return item.status not in (S.VERIFIED, S.CANNOT)


def can_request_deadline(user, item: RktlItem, pending: DeadlineRequest | None = None) -> bool:
    """Facilitators of the item's city (and Pusat) ask for a new deadline, one request at a
    time: `pending` is the item's request waiting for a decision, if any."""
    scope = scope_for(user)
    return (
        pending is None
        and deadline_may_move(item)
        and (scope.national or item.city_id in scope.writable_cities)
    )


def can_decide_deadline(user, request: DeadlineRequest) -> bool:
    """The Korkot or KMW of the item's city (or Pusat) approve or refuse a pending request;
    nobody decides on their own request."""
    scope = scope_for(user)
    return (
        request.is_pending
        and request.requested_by_id != user.pk
        and (scope.national or request.item.city_id in scope.cities(*VERIFIER_ROLES))
    )


def pending_deadline_request(item: RktlItem) -> DeadlineRequest | None:
    """The item's request waiting for a decision, or None (one query)."""
    return item.deadline_requests.filter(decision=DeadlineRequest.Decision.PENDING).first()


def can_read_evidence_file(user, path: str) -> bool:
    """Whether `path` (under rktl/) is evidence of an RKTL item the user may read."""
    items = RktlItem.objects.visible_to(user)
    return Evidence.objects.filter(update__item__in=items, file=path).exists()
