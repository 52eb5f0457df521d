"""A verification may go without a note; a rejection must give its reason, in every layer; and
no other update is stored without a note, whichever path writes it (the admin included)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from monitoring.models import RktlStatus, RktlUpdate
from monitoring.rktl_services import RktlError, rktl_verify


def test_a_korkot_verifies_without_a_note_and_the_update_is_valid(client, world):
    item = world.ours["rktl_done"]
    client.force_login(world.users["korkot"])
    url = reverse("monitoring:rktl_verify", args=[item.code])
    assert client.post(url, {"decision": "verify", "note": "  "}).status_code == 302
    item.refresh_from_db()
    assert item.status == RktlStatus.VERIFIED
    update = item.updates.latest("id")
    assert (update.kind, update.note) == (RktlUpdate.Kind.VERIFY, "")
    update.full_clean()


def test_a_rejection_without_a_reason_is_refused_by_form_service_and_model(client, world):
    item, korkot = world.ours["rktl_done"], world.users["korkot"]
    client.force_login(korkot)
    url = reverse("monitoring:rktl_verify", args=[item.code])
    assert client.post(url, {"decision": "reject", "note": " "}).status_code == 422
    with pytest.raises(RktlError):
        rktl_verify(item=item, user=korkot, approve=False, note=" ")
    update = RktlUpdate(
        item=item,
        kind=RktlUpdate.Kind.REJECT,
        note="",
        status_before=RktlStatus.DONE,
        status_after=RktlStatus.IN_PROGRESS,
        author=korkot,
    )
    with pytest.raises(ValidationError):
        update.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()
    assert not item.updates.filter(kind=RktlUpdate.Kind.REJECT).exists()


@pytest.mark.parametrize(
    "kind", [RktlUpdate.Kind.PROGRESS, RktlUpdate.Kind.REJECT, RktlUpdate.Kind.DEADLINE]
)
def test_only_a_verification_is_stored_without_a_note(world, kind):
    item, author = world.ours["rktl"], world.users["fasilitator"]
    update = RktlUpdate(
        item=item,
        kind=kind,
        note="",
        status_before=RktlStatus.IN_PROGRESS,
        status_after=RktlStatus.IN_PROGRESS,
        author=author,
    )
    with translation.override("en"), pytest.raises(ValidationError, match="Only a verification"):
        update.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()
    update.note = "Dikerjakan sebagian"
    update.full_clean()
