"""A new RKTL deadline is asked for by a facilitator and approved or refused by the Korkot or
KMW; until approved the item keeps its deadline and stays overdue. The first agreed deadline
shows beside the current one on pages, lists, exports and PDFs."""

import datetime
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from monitoring import rktl_services
from monitoring.models import DeadlineRequest, RktlItem, RktlUpdate
from tests.monitoring.test_reports import pdf_text

# After the world's open item's deadline (30 September 2026): it is overdue.
FROZEN_AT = "2026-10-15 09:00 +0700"
NEW = datetime.date(2026, 12, 15)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def as_(client, world, persona):
    client.force_login(world.users[persona])
    return client


def ask(client, item, deadline="2026-12-15", reason="Pelatih baru tersedia Desember"):
    url = reverse("monitoring:rktl_deadline", args=[item.code])
    return client.post(url, {"deadline": deadline, "reason": reason})


def decide(client, request, decision="approve", note=""):
    url = reverse("monitoring:rktl_deadline_decide", args=[request.item.code, request.pk])
    return client.post(url, {"decision": decision, "note": note})


def overdue_count(client) -> int:
    return (
        client.get(reverse("monitoring:rktl_list"), {"overdue": "on"})
        .context["page"]
        .paginator.count
    )


def test_a_request_leaves_the_overdue_item_overdue_until_approved(client, world):
    item = world.ours["rktl"]
    fasilitator = as_(client, world, "fasilitator")
    assert overdue_count(fasilitator) == 1

    assert ask(fasilitator, item).status_code == 302

    item.refresh_from_db()
    assert item.deadline == datetime.date(2026, 9, 30) and item.is_overdue()
    assert overdue_count(fasilitator) == 1
    request = item.deadline_requests.get()
    assert (request.requested_by, request.proposed_deadline, request.current_deadline) == (
        world.users["fasilitator"],
        NEW,
        datetime.date(2026, 9, 30),
    )
    assert request.decision == DeadlineRequest.Decision.PENDING
    page = fasilitator.get(reverse("monitoring:rktl_detail", args=[item.code])).content.decode()
    assert 'data-testid="pending-deadline"' in page and 'data-testid="overdue"' in page
    # One request at a time.
    assert ask(fasilitator, item, deadline="2027-01-10").status_code == 403


def test_the_korkot_approves_and_both_deadlines_show_everywhere(client, world):
    item = world.ours["rktl"]
    ask(as_(client, world, "fasilitator"), item)
    request = item.deadline_requests.get()
    korkot = as_(client, world, "korkot")
    assert decide(korkot, request).status_code == 302

    item.refresh_from_db()
    assert (item.deadline, item.original_deadline) == (NEW, datetime.date(2026, 9, 30))
    assert not item.is_overdue() and item.is_overdue_original()
    request.refresh_from_db()
    assert (request.decision, request.decided_by) == ("disetujui", world.users["korkot"])
    log = item.updates.get(kind=RktlUpdate.Kind.DEADLINE)
    assert (log.old_deadline, log.new_deadline, log.author) == (
        datetime.date(2026, 9, 30),
        NEW,
        world.users["korkot"],
    )
    assert "Pelatih baru tersedia Desember" in log.note

    detail = korkot.get(reverse("monitoring:rktl_detail", args=[item.code])).content.decode()
    assert "15 Desember 2026" in detail and "pertama disepakati 30 September 2026" in detail
    listing = korkot.get(reverse("monitoring:rktl_list")).content.decode()
    assert "15 Des 2026" in listing and "pertama disepakati 30 Sep 2026" in listing
    export = korkot.get(reverse("monitoring:rktl_export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    row = dict(zip(header, next(r for r in rows if r[0] == item.code), strict=True))
    assert row["Tenggat"].date() == NEW
    assert row["Tenggat awal"].date() == datetime.date(2026, 9, 30)
    pdf = korkot.get(reverse("monitoring:rktl_report_pdf"), {"city": world.metro.pk})
    text = pdf_text(pdf.content)
    assert "15 Des 2026 (pertama disepakati 30 Sep 2026)" in text


def test_the_dashboard_counts_overdue_against_the_first_agreed_deadline(client, world):
    item = world.ours["rktl"]
    korkot = as_(client, world, "korkot")
    dashboard = reverse("monitoring:dashboard")
    before = korkot.get(dashboard).context["dash"]
    assert (before.overdue.totals["total"].value, before.overdue_original) == (1, 1)
    ask(as_(client, world, "fasilitator"), item)
    decide(as_(client, world, "korkot"), item.deadline_requests.get())
    after = korkot.get(dashboard).context["dash"]
    assert (after.overdue.totals["total"].value, after.overdue_original) == (0, 1)
    assert RktlItem.objects.overdue_original().filter(pk=item.pk).exists()


def test_a_refusal_needs_a_note_and_keeps_the_deadline(client, world):
    item = world.ours["rktl"]
    ask(as_(client, world, "fasilitator"), item)
    request = item.deadline_requests.get()
    kmw = as_(client, world, "kmw")
    assert decide(kmw, request, "refuse").status_code == 422
    assert decide(kmw, request, "refuse", "Tenggat sudah longgar").status_code == 302
    request.refresh_from_db()
    item.refresh_from_db()
    assert (request.decision, request.note) == ("ditolak", "Tenggat sudah longgar")
    assert item.deadline == datetime.date(2026, 9, 30) and item.is_overdue()
    assert not item.updates.filter(kind=RktlUpdate.Kind.DEADLINE).exists()
    # Decided: another request may follow.
    assert ask(as_(client, world, "fasilitator"), item).status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"),
    [("korkot", 403), ("kmw", 403), ("pemda", 403), ("fasilitator_other", 404)],
)
def test_who_may_not_ask(client, world, persona, status):
    assert ask(as_(client, world, persona), world.ours["rktl"]).status_code == status
    assert not DeadlineRequest.objects.filter(item=world.ours["rktl"]).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("fasilitator", 403), ("pemda", 403), ("korkot_other", 404), ("kmw_other", 404)],
)
def test_who_may_not_decide(client, world, persona, status):
    item = world.ours["rktl"]
    ask(as_(client, world, "fasilitator"), item)
    request = item.deadline_requests.get()
    assert decide(as_(client, world, persona), request).status_code == status
    request.refresh_from_db()
    assert request.is_pending


def test_nobody_decides_on_their_own_request(client, world):
    item = world.ours["rktl"]
    pusat = as_(client, world, "pusat")
    assert ask(pusat, item).status_code == 302
    assert decide(pusat, item.deadline_requests.get()).status_code == 403


def test_a_verified_item_takes_no_request(client, world):
    item = world.ours["rktl"]
    RktlItem.objects.filter(pk=item.pk).update(status="terverifikasi")
    assert ask(as_(client, world, "fasilitator"), item).status_code == 403


def test_the_database_holds_one_pending_request_per_item(world):
    item = world.ours["rktl"]
    rktl_services.rktl_deadline_request(
        item=item, user=world.users["fasilitator"], deadline=NEW, reason="a"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineRequest.objects.create(
            item=item,
            requested_by=world.users["fasilitator"],
            current_deadline=item.deadline,
            proposed_deadline=NEW,
            reason="b",
        )


def test_the_request_endpoints_refuse_get(client, world):
    item = world.ours["rktl"]
    fasilitator = as_(client, world, "fasilitator")
    assert fasilitator.get(reverse("monitoring:rktl_deadline", args=[item.code])).status_code == 405


def test_the_item_page_reads_its_requests_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    item = world.ours["rktl"]
    korkot = as_(client, world, "korkot")
    url = reverse("monitoring:rktl_detail", args=[item.code])

    def decided_request(n: int) -> None:
        DeadlineRequest.objects.create(
            item=item,
            requested_by=world.users["fasilitator"],
            current_deadline=item.deadline,
            proposed_deadline=NEW + datetime.timedelta(days=n),
            reason=f"alasan {n}",
            decision=DeadlineRequest.Decision.REFUSED,
            decided_by=world.users["korkot"],
            decided_at=datetime.datetime(2026, 10, n + 1, tzinfo=datetime.UTC),
            note="tidak",
        )

    decided_request(1)
    with CaptureQueriesContext(connection) as one:
        korkot.get(url)
    for n in range(2, 7):
        decided_request(n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = korkot.get(url)
    assert page.content.decode().count("alasan ") == 6
