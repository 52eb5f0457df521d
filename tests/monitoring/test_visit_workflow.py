"""An approved visit is read-only; a correction is a reopening with a reason; a draft is
cancelled by its author, kept and counted nowhere."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from monitoring import services
from monitoring.access import can_edit_visit
from monitoring.models import Answer, Attendee, Review, RktlItem, Visit

FROZEN_AT = "2026-11-22 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def as_(client, world, persona):
    client.force_login(world.users[persona])
    return client


def approve(visit: Visit) -> Visit:
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.APPROVED)
    visit.refresh_from_db()
    return visit


def reopen_url(visit) -> str:
    return reverse("monitoring:visit_reopen", args=[visit.code])


def cancel_url(visit) -> str:
    return reverse("monitoring:visit_cancel", args=[visit.code])


# ---- Approved is read-only, for everyone ----------------------------------------------------


def test_nobody_edits_an_approved_visit_not_even_pusat(client, world):
    visit = approve(world.ours["visit"])
    for persona in ("fasilitator", "pusat"):
        assert not can_edit_visit(world.users[persona], visit)
        edit = as_(client, world, persona).get(reverse("monitoring:visit_edit", args=[visit.code]))
        assert edit.status_code == 403
    section = reverse("monitoring:visit_section", args=[visit.code, "plan"])
    assert as_(client, world, "pusat").post(section, {}).status_code == 403


def test_the_admin_shows_an_approved_visit_and_its_records_read_only(admin_client, world):
    visit = approve(world.ours["visit"])
    answer = visit.answers.get()
    page = admin_client.get(reverse("admin:monitoring_visit_change", args=[visit.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    # Posting anyway changes nothing.
    response = admin_client.post(
        reverse("admin:monitoring_answer_change", args=[answer.pk]),
        {"visit": visit.pk, "item": answer.item_id, "value": Answer.Value.NO, "note": "diubah"},
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert (answer.value, answer.note) == (Answer.Value.PARTLY, "Sebagian")
    # A new record cannot be hung on the approved visit either.
    response = admin_client.post(
        reverse("admin:monitoring_attendee_add"),
        {"visit": visit.pk, "name": "Penyusup", "gender": "L", "organisation": ""},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Attendee.objects.filter(name="Penyusup").exists()
    delete = admin_client.post(
        reverse("admin:monitoring_answer_delete", args=[answer.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403


def test_the_admin_never_edits_a_visits_status_by_hand(admin_client, world):
    visit = world.ours["visit"]
    page = admin_client.get(reverse("admin:monitoring_visit_change", args=[visit.pk]))
    assert 'name="status"' not in page.content.decode()


def test_the_admin_keeps_a_visit_in_its_city_and_a_finding_on_its_visit(admin_client, world):
    """An RKTL item carries its visit's city (RktlItem.city): the admin may set a visit's city
    and a finding's visit when they are made, never change them after."""
    visit = world.ours["visit"]  # a draft, otherwise editable
    finding = visit.findings.first()
    assert finding is not None and finding.rktl_items.exists()
    page = admin_client.get(reverse("admin:monitoring_visit_change", args=[visit.pk]))
    assert 'name="title"' in page.content.decode()
    assert 'name="city"' not in page.content.decode()
    page = admin_client.get(reverse("admin:monitoring_finding_change", args=[finding.pk]))
    assert 'name="description"' in page.content.decode()
    assert 'name="visit"' not in page.content.decode()
    add = admin_client.get(reverse("admin:monitoring_visit_add"))
    assert 'name="city"' in add.content.decode()


def test_an_admin_action_reopens_through_the_service_with_a_reason(admin_client, world):
    visit = approve(world.ours["visit"])
    url = reverse("admin:monitoring_visit_changelist")
    chosen = {"action": "reopen", ACTION_CHECKBOX_NAME: [visit.pk]}
    asks = admin_client.post(url, chosen)
    assert asks.status_code == 200 and 'name="reason"' in asks.content.decode()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.APPROVED  # nothing happens without a reason
    done = admin_client.post(url, {**chosen, "apply": "1", "reason": "Daftar hadir keliru"})
    assert done.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.RETURNED
    review = visit.reviews.get(decision=Review.Decision.REOPEN)
    assert (review.tier, review.comment) == (Review.Tier.PUSAT, "Daftar hadir keliru")


def test_an_admin_action_approves_only_what_waits_for_review(admin_client, world):
    visit = world.ours["visit"]  # a draft: nothing to approve
    url = reverse("admin:monitoring_visit_changelist")
    response = admin_client.post(
        url, {"action": "approve_as_reviewer", ACTION_CHECKBOX_NAME: [visit.pk]}, follow=True
    )
    assert "tidak sedang menunggu reviu" in response.content.decode()  # not waiting for you
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DRAFT
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    admin_client.post(url, {"action": "approve_as_reviewer", ACTION_CHECKBOX_NAME: [visit.pk]})
    visit.refresh_from_db()
    assert visit.status == Visit.Status.KORKOT_APPROVED


# ---- Reopening --------------------------------------------------------------------------------


def test_the_kmw_reopens_an_approved_visit_with_a_reason_shown_in_timeline_and_trail(client, world):
    visit = approve(world.ours["visit"])
    kmw = as_(client, world, "kmw")
    page = kmw.get(reverse("monitoring:visit_detail", args=[visit.code]))
    assert page.context["reopen_form"] is not None

    response = kmw.post(reopen_url(visit), {"reason": "Jumlah peserta perempuan salah"})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.RETURNED
    review = visit.reviews.get(decision=Review.Decision.REOPEN)
    assert (review.tier, review.reviewer) == (Review.Tier.KMW, world.users["kmw"])
    page = kmw.get(reverse("monitoring:visit_detail", args=[visit.code])).content.decode()
    timeline = page.split('data-testid="visit-timeline"')[1].split("</ol>")[0]
    assert "Jumlah peserta perempuan salah" in timeline
    trail = page.split('data-testid="audit-trail"')[1]
    assert "Alasan: Jumlah peserta perempuan salah" in trail
    # Back with its facilitator, who corrects it and submits it for review again.
    assert can_edit_visit(world.users["fasilitator"], visit)


def test_pusat_reopens_too(client, world):
    visit = approve(world.ours["visit"])
    assert as_(client, world, "pusat").post(reopen_url(visit), {"reason": "x"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.RETURNED


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("fasilitator", 403),
        ("korkot", 403),
        ("pemda", 403),
        ("kmw_other", 404),
        ("korkot_other", 404),
        ("unassigned", 404),
    ],
)
def test_who_may_not_reopen(client, world, persona, status):
    visit = approve(world.ours["visit"])
    response = as_(client, world, persona).post(reopen_url(visit), {"reason": "x"})
    assert response.status_code == status
    visit.refresh_from_db()
    assert visit.status == Visit.Status.APPROVED


def test_reopening_needs_a_reason_and_an_approved_visit(client, world):
    visit = approve(world.ours["visit"])
    kmw = as_(client, world, "kmw")
    assert kmw.post(reopen_url(visit), {"reason": "  "}).status_code == 422
    assert kmw.get(reopen_url(visit)).status_code == 405
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.KORKOT_APPROVED)
    assert kmw.post(reopen_url(visit), {"reason": "x"}).status_code == 403
    with pytest.raises(services.WorkflowError):
        services.visit_reopen(visit=visit, user=world.users["kmw"], reason="x")


def test_an_anonymous_reopening_goes_to_sign_in(client, world):
    response = client.post(reopen_url(approve(world.ours["visit"])), {"reason": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_review_form_cannot_be_used_to_reopen(client, world):
    visit = world.ours["visit"]
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    response = as_(client, world, "korkot").post(
        reverse("monitoring:visit_review", args=[visit.code]),
        {"decision": Review.Decision.REOPEN, "comment": "x"},
    )
    assert response.status_code == 422


# ---- Cancelling a draft -------------------------------------------------------------------


def draft_without_actions(world) -> Visit:
    visit = world.ours["visit"]
    RktlItem.objects.filter(finding__visit=visit).delete()
    return visit


def test_the_author_cancels_a_draft_which_is_kept_and_counted_nowhere(client, world):
    visit = draft_without_actions(world)
    dashboard = reverse("monitoring:dashboard")
    before = as_(client, world, "korkot").get(dashboard).context["dash"]
    assert (before.visits.totals["total"].value, before.attendance.totals["total"].value) == (1, 1)
    fasilitator = as_(client, world, "fasilitator")
    response = fasilitator.post(cancel_url(visit), {"reason": "Jadwal batal"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CANCELLED  # kept

    visits = fasilitator.get(reverse("monitoring:visit_list")).context["page"].object_list
    assert visit not in visits
    asked = fasilitator.get(reverse("monitoring:visit_list"), {"status": "dibatalkan"})
    assert visit in asked.context["page"].object_list  # found again when asked for
    ksm_page = fasilitator.get(reverse("ksm:ksm_detail", args=[world.ours["ksm"].code]))
    assert visit not in ksm_page.context["visits"]
    city = fasilitator.get(reverse("monitoring:city_detail", args=[world.metro.code]))
    assert visit not in city.context["visits"]
    after = as_(client, world, "korkot").get(dashboard).context["dash"]
    assert (after.visits.totals["total"].value, after.attendance.totals["total"].value) == (0, 0)
    fasilitator = as_(client, world, "fasilitator")
    page = fasilitator.get(reverse("monitoring:visit_detail", args=[visit.code])).content.decode()
    assert 'data-testid="cancelled-notice"' in page and "Jadwal batal" in page
    assert not can_edit_visit(world.users["pusat"], visit)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("korkot", 403), ("kmw", 403), ("pemda", 403), ("pusat", 403), ("fasilitator_other", 404)],
)
def test_only_the_author_cancels(client, world, persona, status):
    visit = draft_without_actions(world)
    assert as_(client, world, persona).post(cancel_url(visit), {}).status_code == status
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DRAFT


def test_a_submitted_visit_is_not_cancelled(client, world):
    visit = draft_without_actions(world)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    assert as_(client, world, "fasilitator").post(cancel_url(visit), {}).status_code == 403
    assert as_(client, world, "fasilitator").get(cancel_url(visit)).status_code == 405


def test_a_draft_with_rktl_actions_is_not_cancelled(client, world):
    visit = world.ours["visit"]
    response = as_(client, world, "fasilitator").post(cancel_url(visit), {}, follow=True)
    assert "Hapus tindakan RKTL" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DRAFT
