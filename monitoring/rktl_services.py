"""The life of an RKTL item after it is agreed: progress, verification, deadline changes.

Status flow (labels after Indonesia's audit board): open -> in progress -> done, awaiting
verification -> verified; or "cannot be followed up" with a reason. Facilitators report
progress; Korkot (and KMW, and Pusat) verify, or reject back to in progress with a reason.
"Overdue" is derived from the deadline, never stored.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.access import PROGRESS_TARGETS, can_change_deadline, can_report_progress, can_verify
from monitoring.models import Evidence, RktlItem, RktlStatus, RktlUpdate

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
    item.refresh_from_db()
    return update


@transaction.atomic
def rktl_change_deadline(
    *, item: RktlItem, user, deadline: datetime.date, reason: str
) -> RktlUpdate:
    """Move the deadline; the first agreed deadline stays on the item as original_deadline."""
    locked = _locked(item)
    if not can_change_deadline(user, locked):
        raise RktlError(_("The deadline of this item cannot be changed."))
    if not reason.strip():
        raise RktlError(_("Say why the deadline changes."))
    if deadline < timezone.localdate():
        raise RktlError(_("The new deadline cannot be in the past."))
    old = locked.deadline
    locked.deadline = deadline
    locked._history_user = user
    locked.save()
    update = _log(
        locked,
        user,
        RktlUpdate.Kind.DEADLINE,
        reason.strip(),
        locked.status,
        old_deadline=old,
        new_deadline=deadline,
    )
    item.refresh_from_db()
    return update
