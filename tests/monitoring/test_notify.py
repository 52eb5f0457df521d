"""Who is told of what: each event's recipients by role and area (monitoring/notify.py)."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from kotaku.models import Assignment, Role
from monitoring import rktl_services, services
from monitoring.models import Answer, ChecklistItem, Review, RktlStatus, Visit
from monitoring.notify import remind
from notifications.kinds import Kind
from notifications.models import Notification
from tests.world import make_user

FROZEN_AT = "2026-09-01 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def told(kind: str | None = None, **filters) -> set[str]:
    notices = Notification.objects.filter(**filters)
    if kind:
        notices = notices.filter(kind=kind)
    return set(notices.values_list("recipient__username", flat=True))


@pytest.fixture
def ready_visit(world):
    visit = world.ours["visit"]
    for item in ChecklistItem.objects.filter(section__template=visit.template):
        Answer.objects.update_or_create(visit=visit, item=item, defaults={"value": "ya"})
    return visit


@pytest.fixture
def korkot_approved(world, ready_visit):
    services.visit_submit(visit=ready_visit, user=world.users["fasilitator"])
    services.visit_review(
        visit=ready_visit, user=world.users["korkot"], decision=Review.Decision.APPROVE, comment=""
    )
    Notification.objects.all().delete()
    return ready_visit


def test_a_submitted_visit_tells_the_korkot_of_its_city_only(world, ready_visit):
    # A second Korkot of our city is told too; the Korkot of Medan and Metro's KMW are not.
    make_user("korkot_two", Role.KORKOT, "1872")
    services.visit_submit(visit=ready_visit, user=world.users["fasilitator"])
    assert told() == {"korkot", "korkot-two"}
    notice = Notification.objects.get(recipient=world.users["korkot"])
    assert (notice.kind, notice.event, notice.city) == (
        Kind.REVIEW_WAITING,
        "submitted",
        world.metro,
    )
    assert notice.url == f"/visits/{ready_visit.code}/"
    assert ready_visit.title in notice.message


def test_approval_by_the_korkot_tells_the_kmw_of_the_province(world, ready_visit):
    services.visit_submit(visit=ready_visit, user=world.users["fasilitator"])
    services.visit_review(
        visit=ready_visit, user=world.users["korkot"], decision=Review.Decision.APPROVE, comment=""
    )
    assert told(Kind.REVIEW_WAITING, event="korkot_approved") == {"kmw"}


def test_the_final_approval_tells_the_author_and_the_team_in_the_area(world, korkot_approved):
    visit = korkot_approved
    colleague = make_user("fasilitator_two", Role.FASILITATOR, "1872")
    # A team member from another city is not told of a record outside their area.
    visit.team.add(colleague, world.users["fasilitator_other"], world.users["kmw"])
    services.visit_review(
        visit=visit, user=world.users["kmw"], decision=Review.Decision.APPROVE, comment="Lengkap"
    )
    assert visit.status == Visit.Status.APPROVED
    # The KMW approved, so is not told of their own approval.
    assert told() == {"fasilitator", "fasilitator-two"}
    assert told(Kind.VISIT_APPROVED) == {"fasilitator", "fasilitator-two"}


def test_a_visit_sent_back_tells_the_author(world, ready_visit):
    services.visit_submit(visit=ready_visit, user=world.users["fasilitator"])
    Notification.objects.all().delete()
    services.visit_review(
        visit=ready_visit,
        user=world.users["korkot"],
        decision=Review.Decision.RETURN,
        comment="Lengkapi daftar hadir",
    )
    assert told(Kind.VISIT_RETURNED, event="returned") == {"fasilitator"}
    assert told() == {"fasilitator"}


def test_a_reopened_visit_tells_the_author_as_sent_back(world, korkot_approved):
    services.visit_review(
        visit=korkot_approved, user=world.users["kmw"], decision=Review.Decision.APPROVE, comment=""
    )
    Notification.objects.all().delete()
    services.visit_reopen(visit=korkot_approved, user=world.users["kmw"], reason="Salah tanggal")
    assert told(Kind.VISIT_RETURNED, event="reopened") == {"fasilitator"}


def test_an_item_done_tells_its_verifiers(world):
    item = world.ours["rktl"]
    rktl_services.rktl_report_progress(
        item=item, user=world.users["fasilitator"], status=RktlStatus.DONE, note="Selesai"
    )
    assert told(Kind.RKTL_DONE) == {"korkot", "kmw"}
    assert told() == {"korkot", "kmw"}


def test_progress_short_of_done_tells_nobody(world):
    rktl_services.rktl_report_progress(
        item=world.ours["rktl"],
        user=world.users["fasilitator"],
        status=RktlStatus.IN_PROGRESS,
        note="Masih berjalan",
    )
    assert told() == set()


@pytest.mark.parametrize(
    ("approve", "kind"), [(True, Kind.RKTL_VERIFIED), (False, Kind.RKTL_REJECTED)]
)
def test_verification_or_rejection_tells_the_facilitators_of_the_city(world, approve, kind):
    make_user("fasilitator_two", Role.FASILITATOR, "1872")
    rktl_services.rktl_verify(
        item=world.ours["rktl_done"], user=world.users["korkot"], approve=approve, note="Cek"
    )
    assert told(kind) == {"fasilitator", "fasilitator-two"}
    assert told() == {"fasilitator", "fasilitator-two"}


def test_a_deadline_request_tells_the_verifiers_and_the_decision_tells_the_asker(world):
    item = world.ours["rktl"]
    request = rktl_services.rktl_deadline_request(
        item=item,
        user=world.users["fasilitator"],
        deadline=datetime.date(2026, 12, 15),
        reason="Pelatih baru tersedia",
    )
    assert told(Kind.DEADLINE_ASKED) == {"korkot", "kmw"}
    assert "15 Desember 2026" in Notification.objects.filter(kind=Kind.DEADLINE_ASKED)[0].message
    Notification.objects.all().delete()
    rktl_services.rktl_deadline_decide(
        request=request, user=world.users["kmw"], approve=False, note="Tidak cukup alasan"
    )
    assert told(Kind.DEADLINE_DECIDED, event="deadline_refused") == {"fasilitator"}
    assert told() == {"fasilitator"}


def test_the_notices_are_written_in_the_transaction_of_the_change(world, ready_visit):
    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        services.visit_submit(visit=ready_visit, user=world.users["fasilitator"])
        assert told() == {"korkot"}
        raise Undone
    assert told() == set()
    assert Visit.objects.get(pk=ready_visit.pk).status == Visit.Status.DRAFT


def test_a_refused_change_tells_nobody(world):
    with pytest.raises(services.WorkflowError):
        services.visit_submit(visit=world.ours["visit"], user=world.users["fasilitator"])
    assert told() == set()


# ---- Reminders and escalation (the world's open items are due on 30 September 2026) ----------


def reminders(day: str) -> set[tuple[str, str, str]]:
    remind(datetime.date.fromisoformat(day))
    rows = Notification.objects.values_list("recipient__username", "event", "record")
    return set(rows)


def test_reminders_before_the_deadline_go_to_the_facilitators_of_each_city(world):
    ours, theirs = f"rktl:{world.ours['rktl'].code}", f"rktl:{world.theirs['rktl'].code}"
    assert reminders("2026-09-22") == set()
    assert reminders("2026-09-23") == {
        ("fasilitator", "due_soon", ours),
        ("fasilitator-other", "due_soon", theirs),
    }
    notice = Notification.objects.get(recipient=world.users["fasilitator"])
    assert (notice.kind, notice.params["days"]) == (Kind.RKTL_DUE, 7)
    assert "7 hari" in notice.message
    # Every later day before the last reminder adds nothing, and neither does a second run.
    assert remind(datetime.date(2026, 9, 23)) == 0
    assert remind(datetime.date(2026, 9, 27)) == 0
    remind(datetime.date(2026, 9, 29))
    assert told(event="due_last") == {"fasilitator", "fasilitator-other"}
    # The item done and awaiting verification is not reminded of.
    assert not Notification.objects.filter(record=f"rktl:{world.ours['rktl_done'].code}")


def test_overdue_items_are_escalated_to_the_korkot_and_then_the_kmw(world):
    remind(datetime.date(2026, 9, 30))
    assert told(event="overdue") == set()  # due today is not late
    remind(datetime.date(2026, 10, 1))
    assert told(event="overdue") == {"fasilitator", "fasilitator-other"}
    remind(datetime.date(2026, 10, 13))
    assert told(event="overdue_korkot") == set()
    remind(datetime.date(2026, 10, 14))
    assert told(event="overdue_korkot") == {"korkot", "korkot-other"}
    remind(datetime.date(2026, 10, 30))
    assert told(event="overdue_kmw") == {"kmw", "kmw-other"}
    ours = f"rktl:{world.ours['rktl'].code}"
    assert told(record=ours) == {"fasilitator", "korkot", "kmw"}
    assert Notification.objects.filter(record=ours).count() == 3
    assert remind(datetime.date(2026, 10, 31)) == 0


def test_a_missed_day_catches_up_once(world):
    remind(datetime.date(2026, 11, 15))
    ours = f"rktl:{world.ours['rktl'].code}"
    assert set(
        Notification.objects.filter(record=ours).values_list("recipient__username", "event")
    ) == {("fasilitator", "overdue"), ("korkot", "overdue_korkot"), ("kmw", "overdue_kmw")}
    assert remind(datetime.date(2026, 11, 16)) == 0


@override_settings(NOTIFY_OVERDUE_KORKOT_DAYS=3, NOTIFY_OVERDUE_KMW_DAYS=5)
def test_the_escalation_days_come_from_the_settings(world):
    remind(datetime.date(2026, 10, 3))
    assert told(event="overdue_korkot") == {"korkot", "korkot-other"}
    assert told(event="overdue_kmw") == set()
    remind(datetime.date(2026, 10, 5))
    assert told(event="overdue_kmw") == {"kmw", "kmw-other"}


def test_a_moved_deadline_is_reminded_of_again(world):
    item = world.ours["rktl"]
    remind(datetime.date(2026, 9, 23))
    item.deadline = datetime.date(2026, 10, 30)
    item.save()
    remind(datetime.date(2026, 10, 23))
    assert (
        Notification.objects.filter(
            recipient=world.users["fasilitator"], event="due_soon", record=f"rktl:{item.code}"
        ).count()
        == 2
    )


def test_a_removed_assignment_is_not_reminded(world):
    Assignment.objects.filter(user=world.users["fasilitator"]).delete()
    remind(datetime.date(2026, 9, 23))
    assert told() == {"fasilitator-other"}


def test_the_command_runs_reminders_mails_and_digests_once(world, time_machine, mailoutbox):
    User.objects.update(email="someone@example.org")
    time_machine.move_to("2026-10-01 09:00 +0700", tick=False)
    out = StringIO()
    call_command("send_notifications", stdout=out)
    # Overdue since yesterday: a notice to each city's facilitator, for tomorrow's digest.
    assert out.getvalue().strip() == "reminders: 2, mails: 0, digests: 0"
    time_machine.move_to("2026-10-02 07:00 +0700", tick=False)
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert out.getvalue().strip() == "reminders: 0, mails: 0, digests: 2"
    call_command("send_notifications", stdout=StringIO())
    assert sorted(m.body.count("terlambat sejak 30 September 2026") for m in mailoutbox) == [1, 1]
