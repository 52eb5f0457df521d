"""The life of an RKTL item after it is agreed: progress, verification, deadline changes.

Status flow (labels after Indonesia's audit board): open -> in progress -> done, awaiting
verification -> verified; or "cannot be followed up" with a reason. Facilitators report
progress; Korkot (and KMW, and Pusat) verify, or reject back to in progress with a reason.
A deadline moves only when a facilitator's request is approved by the Korkot or KMW.
"Overdue" is derived from the deadline, never stored.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import notify
from monitoring.access import (
    PROGRESS_TARGETS,
    can_decide_deadline,
    can_report_progress,
    can_request_deadline,
    can_verify,
    deadline_may_move,
    pending_deadline_request,
)
from monitoring.models import DeadlineRequest, Evidence, RktlItem, RktlStatus, RktlUpdate

S = RktlStatus


class RktlError(Exception):
    """A change the item's status or the user's role does not allow; the message says why."""


def _log(item, user, kind, note, before, **extra) -> RktlUpdate:
    return RktlUpdate.objects.create(
        item=item,
        kind=kind,
        note=note,
        status_before=before,
        status_after=item.status,
        author=user,
        **extra,
    )


def _locked(item: RktlItem) -> RktlItem:
    return RktlItem.objects.select_for_update().get(pk=item.pk)


def _touch(item: RktlItem) -> None:
    """Move the item's `updated_at` for a change kept beside it (a deadline request), so that
    incremental sync (the API's `updated_since`) sees it. update(): only that column."""
    RktlItem.objects.filter(pk=item.pk).update(updated_at=timezone.now())


@transaction.atomic
def rktl_report_progress(
    *, item: RktlItem, user, status: str, note: str, files=(), reason: str = ""
) -> RktlUpdate:
    """`files`: [(upload, CheckedUpload), ...] as ProgressForm.clean_evidence returns them."""
    locked = _locked(item)
    if not can_report_progress(user, locked):
        raise RktlError(_("Progress cannot be reported on this item now."))
    if status not in PROGRESS_TARGETS[locked.status]:
        raise RktlError(_("That status cannot follow the current one."))
    if status == S.CANNOT and not reason.strip():
        raise RktlError(_("Say why the action cannot be followed up."))
    before = locked.status
    locked.status = status
    if status == S.CANNOT:
        locked.cannot_reason = reason.strip()
    locked._history_user = user
    locked.save()
    update = _log(locked, user, RktlUpdate.Kind.PROGRESS, note.strip(), before)
    for upload, checked in files:
        evidence = Evidence(update=update, original_name=upload.name[:200])
        if checked.photo:
            # Evidence photos are kept at web size (1600 px): enough to prove, small to store.
            evidence.file.save("evidence.jpg", checked.photo.web, save=False)
        else:
            upload.seek(0)
            evidence.file.save(f"evidence.{checked.extension}", upload, save=False)
        evidence.save()
    if status == S.DONE:
        notify.rktl_done(locked, user)
    item.refresh_from_db()
    return update


@transaction.atomic
def rktl_verify(*, item: RktlItem, user, approve: bool, note: str) -> RktlUpdate:
    locked = _locked(item)
    if not can_verify(user, locked):
        raise RktlError(_("This item is not waiting for your verification."))
    if not approve and not note.strip():
        raise RktlError(_("Say why the action is not accepted as done."))
    before = locked.status
    locked.status = S.VERIFIED if approve else S.IN_PROGRESS
    locked._history_user = user
    locked.save()
    kind = RktlUpdate.Kind.VERIFY if approve else RktlUpdate.Kind.REJECT
    update = _log(locked, user, kind, note.strip(), before)
    notify.rktl_verified(locked, user, approved=approve)
    item.refresh_from_db()
    return update


@transaction.atomic
def rktl_deadline_request(
    *, item: RktlItem, user, deadline: datetime.date, reason: str
) -> DeadlineRequest:
    """A facilitator asks for a new deadline. The item keeps its deadline, and stays overdue
    when it is, until the Korkot or KMW approves (rktl_deadline_decide)."""
    locked = _locked(item)
    if not can_request_deadline(user, locked, pending_deadline_request(locked)):
        raise RktlError(
            _("A new deadline cannot be asked for on this item now (one request at a time).")
        )
    if not reason.strip():
        raise RktlError(_("Say why the deadline should change."))
    if deadline < timezone.localdate():
        raise RktlError(_("The new deadline cannot be in the past."))
    if deadline == locked.deadline:
        raise RktlError(_("The proposed deadline is the current one."))
    request = DeadlineRequest(
        item=locked,
        requested_by=user,
        current_deadline=locked.deadline,
        proposed_deadline=deadline,
        reason=reason.strip(),
    )
    request._history_user = user
    request.save()
    _touch(locked)
    notify.deadline_asked(request, user)
    return request


@transaction.atomic
def rktl_deadline_decide(
    *, request: DeadlineRequest, user, approve: bool, note: str
) -> DeadlineRequest:
    """The Korkot or KMW (or Pusat) approves a pending request, which moves the deadline (the
    first agreed one stays as original_deadline), or refuses it with a note."""
    item = _locked(request.item)
    locked = DeadlineRequest.objects.select_for_update().get(pk=request.pk)
    locked.item = item
    if not can_decide_deadline(user, locked):
        raise RktlError(_("This request is not waiting for your decision."))
    if not approve and not note.strip():
        raise RktlError(_("Say why the new deadline is refused."))
    if approve and not deadline_may_move(item):
        raise RktlError(_("The deadline of this item cannot be changed any more."))
    locked.decision = (
        DeadlineRequest.Decision.APPROVED if approve else DeadlineRequest.Decision.REFUSED
    )
    locked.decided_by, locked.decided_at, locked.note = user, timezone.now(), note.strip()
    locked._history_user = user
    locked.save()
    _touch(item)
    if approve:
        old = item.deadline
        item.deadline = locked.proposed_deadline
        item._history_user = user
        item._change_reason = locked.reason[:100]
        item.save()
        who = locked.requested_by.get_full_name() or locked.requested_by.get_username()
        summary = _("Asked by %(who)s: %(reason)s") % {"who": who, "reason": locked.reason}
        _log(
            item,
            user,
            RktlUpdate.Kind.DEADLINE,
            f"{summary}\n{locked.note}".strip(),
            item.status,
            old_deadline=old,
            new_deadline=item.deadline,
        )
    notify.deadline_decided(locked, user)
    request.refresh_from_db()
    request.item.refresh_from_db()
    return locked
