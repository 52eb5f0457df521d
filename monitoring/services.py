"""Writes to visits that span several records or follow the review workflow."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotaku.access import scope_for
from kotaku.models import Role
from monitoring import notify
from monitoring.access import (
    REVIEW_FLOW,
    can_cancel_visit,
    can_edit_visit,
    can_reopen_visit,
    review_tier_for,
)
from monitoring.models import ChecklistItem, Review, RktlItem, Visit


class SectionConflict(Exception):
    """Someone else saved the same section since the user loaded it."""

    def __init__(self, saved_by: str, saved_at: str):
        self.saved_by = saved_by
        self.saved_at = saved_at
        super().__init__(f"section saved meanwhile by {saved_by} at {saved_at}")


class WorkflowError(Exception):
    """A state change that the visit's current status does not allow."""


def section_version(visit: Visit, section: str) -> int:
    return visit.section_meta.get(section, {}).get("version", 0)


@contextmanager
def visit_editing(visit: Visit, user) -> Iterator[Visit]:
    """Lock the visit's row and check again, under the lock, that the user may still edit it.

    Views check before they parse the form; this second check closes the gap in which the
    visit was submitted or reviewed by someone else meanwhile.

    Whatever is written under the lock (answers, attendees, documents, photos, findings, RKTL
    actions) is part of the visit: on leaving, the visit's `updated_at` moves in the same
    transaction, so that incremental sync (the API's `updated_since`) sees the change.
    """
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if not can_edit_visit(user, locked):
            raise PermissionDenied
        yield locked
        # update(): auto_now runs only on save(), which would write every column of the row.
        Visit.objects.filter(pk=locked.pk).update(updated_at=timezone.now())


def section_save(
    *, visit: Visit, section: str, expected_version: int, user, save: Callable[[], None]
) -> int:
    """Run `save` for one section of the visit, unless someone else saved it meanwhile.

    The visit row is locked, its version of `section` compared with the one the user's form
    was loaded with, and bumped. Returns the new version.
    """
    with visit_editing(visit, user) as locked:
        meta = locked.section_meta.get(section, {})
        if meta.get("version", 0) != expected_version:
            raise SectionConflict(meta.get("by_name", "?"), meta.get("at", ""))
        save()
        new_version = meta.get("version", 0) + 1
        locked.section_meta[section] = {
            "version": new_version,
            "by": user.pk,
            "by_name": user.get_full_name() or user.username,
            "at": timezone.now().isoformat(),
        }
        # update(): the version bump must not write the columns the section save changed
        # (visit_editing moves updated_at on the way out).
        Visit.objects.filter(pk=visit.pk).update(section_meta=locked.section_meta)
    visit.section_meta = locked.section_meta
    return new_version


def submission_problems(visit: Visit) -> list[str]:
    """What must be filled in before the visit can be submitted for review."""
    problems = []
    total_items = ChecklistItem.objects.filter(section__template_id=visit.template_id).count()
    answered = visit.answers.count()
    if answered < total_items:
        problems.append(
            _("Answer every checklist item (%(answered)s of %(total)s answered).")
            % {"answered": answered, "total": total_items}
        )
    if not visit.attendees.exists():
        problems.append(_("Record at least one attendee."))
    if not (visit.target_bdc or visit.target_ksms.exists() or visit.target_outlets.exists()):
        problems.append(_("Choose at least one target: the BDC, a KSM or an outlet."))
    return problems


@transaction.atomic
def visit_submit(*, visit: Visit, user) -> None:
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if not locked.is_editable_by_author:
        raise WorkflowError(_("This visit has already been submitted."))
    problems = submission_problems(locked)
    if problems:
        raise WorkflowError(" ".join(problems))
    locked.status = Visit.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked._history_user = user
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    notify.visit_submitted(locked, user)
    visit.status, visit.submitted_at = locked.status, locked.submitted_at


@dataclass
class ReviewOutcome:
    review: Review
    status: str


@transaction.atomic
def visit_review(
    *, visit: Visit, user, decision: str, comment: str, section_comments: dict | None = None
) -> ReviewOutcome:
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    tier = review_tier_for(user, locked)
    if tier is None:
        raise WorkflowError(_("This visit is not waiting for your review."))
    if decision not in (Review.Decision.APPROVE, Review.Decision.RETURN):
        raise WorkflowError(_("A review approves the visit or sends it back."))
    if decision == Review.Decision.RETURN and not (comment or "").strip():
        raise WorkflowError(_("Say why the visit is sent back."))
    review = Review.objects.create(
        visit=locked,
        tier=tier,
        decision=decision,
        comment=comment.strip(),
        section_comments={k: v for k, v in (section_comments or {}).items() if v.strip()},
        reviewer=user,
    )
    approved_status = REVIEW_FLOW[tier][1]
    locked.status = (
        approved_status if decision == Review.Decision.APPROVE else Visit.Status.RETURNED
    )
    locked._history_user = user
    locked.save(update_fields=["status", "updated_at"])
    notify.visit_reviewed(locked, user)
    visit.status = locked.status
    return ReviewOutcome(review, locked.status)


@transaction.atomic
def visit_reopen(*, visit: Visit, user, reason: str) -> Review:
    """Reopen an approved visit for a correction: a reviewed event, not a silent edit.

    The KMW of the province (or Pusat) says why; the visit goes back to its facilitator, the
    reason shows in its timeline (a review "reopened") and in the audit trail, and the
    corrected visit goes through Korkot and KMW review again.
    """
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if not can_reopen_visit(user, locked):
        raise WorkflowError(_("Only an approved visit can be reopened, by its KMW or Pusat."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Say why the approved visit is reopened."))
    in_kmw_area = locked.city_id in scope_for(user).cities(Role.KMW)
    review = Review.objects.create(
        visit=locked,
        tier=Review.Tier.KMW if in_kmw_area else Review.Tier.PUSAT,
        decision=Review.Decision.REOPEN,
        comment=reason,
        reviewer=user,
    )
    locked.status = Visit.Status.RETURNED
    locked._history_user = user
    locked._change_reason = reason[:100]
    locked.save(update_fields=["status", "updated_at"])
    notify.visit_reopened(locked, user)
    visit.status = locked.status
    return review


@transaction.atomic
def visit_cancel(*, visit: Visit, user, reason: str = "") -> None:
    """Cancel a draft: its author keeps it, marked cancelled, out of every list and count.

    A draft with RKTL actions is not cancelled: its actions would stay in the RKTL lists and
    counts. The author removes them first (those with progress reported are records and stay,
    and so does their visit).
    """
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if not can_cancel_visit(user, locked):
        raise WorkflowError(_("Only a draft can be cancelled, by the person who planned it."))
    if RktlItem.objects.filter(finding__visit=locked).exists():
        raise WorkflowError(_("Remove this visit's RKTL actions before cancelling it."))
    locked.status = Visit.Status.CANCELLED
    locked._history_user = user
    locked._change_reason = (reason or "").strip()[:100] or None
    locked.save(update_fields=["status", "updated_at"])
    visit.status = locked.status
