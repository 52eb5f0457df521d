"""A visit's page is kept as HTML under its city's version (monitoring.views.visits.
visit_parts: its header, timeline, records and change history): shown again without a query
while nothing in the city changes, and afresh the moment anything they show changes, however
it is changed. Its forms are made for each reader."""

import pytest
from django.contrib.auth.models import User
from django.db.models import F
from django.urls import reverse

from ksm.models import Ksm
from monitoring.models import (
    Answer,
    Attachment,
    Attendee,
    ChecklistItem,
    DocumentCheck,
    Finding,
    Review,
    RktlItem,
    Visit,
)
from tests.kept_html import (
    COMMITTED,
    Change,
    assert_kept_through,
    assert_shown_at_once,
    between,
    fetched,
    ours,
)

pytestmark = COMMITTED


def get(client, world, persona="korkot"):
    url = reverse("monitoring:visit_detail", args=[world.ours["visit"].code])
    return fetched(client, world.users[persona], url)


def kept(html: str) -> str:
    """Everything kept of the page but its forms: from the header to the change history."""
    return between(html, '<section class="card mb-3">', "</main>")


def records(html: str) -> str:
    """The kept part of the page: from the checklist to the photos, before the audit trail."""
    return between(html, 'aria-labelledby="checklist">', 'aria-labelledby="audit-trail"')


@pytest.fixture
def photo(world):
    return Attachment.objects.create(
        visit=world.ours["visit"],
        kind=Attachment.Kind.FILE,
        file="visits/notulen.pdf",
        original_name="notulen.pdf",
        caption="Notulen rapat",
        uploaded_by=world.users["fasilitator"],
    )


def test_the_records_are_kept_until_the_city_changes(client, world, photo):
    first, first_queries = get(client, world)
    again, again_queries = get(client, world)
    assert records(again) == records(first) and kept(again) == kept(first)
    # The visit, its targets, team, history, reviews, answers, checklist, checks, attendees,
    # findings, RKTL and attachments: not read again.
    assert again_queries <= first_queries - 15
    assert "Buku kas belum rutin" in again and "Notulen rapat" in again


def answered_item(world) -> dict:
    return {"pk": Answer.objects.filter(visit=world.ours["visit"]).first().item_id}


OF_VISIT = ours("visit", "visit")
CHANGES = {
    "an answer's note": Change(Answer, OF_VISIT, {"note": "Catatan baru"}, "Catatan baru"),
    "a document check's note": Change(DocumentCheck, OF_VISIT, {"note": "Belum sah"}, "Belum sah"),
    "an attendee renamed": Change(Attendee, OF_VISIT, {"name": "Wati Baru"}, "Wati Baru"),
    "a finding reworded": Change(Finding, OF_VISIT, {"description": "Temuan X"}, "Temuan X"),
    "an RKTL action reworded": Change(
        RktlItem, ours("rktl", "pk", "pk"), {"action": "Tindakan baru"}, "Tindakan baru"
    ),
    "an attachment's caption": Change(Attachment, OF_VISIT, {"caption": "Final"}, "Final"),
    # Corrected in the admin: every city's visits show the checklist's wording.
    "the checklist's wording": Change(
        ChecklistItem, answered_item, {"text_id": "Pertanyaan baru"}, "Pertanyaan baru"
    ),
    "the visit's location": Change(Visit, ours("visit", "pk", "pk"), {"location": "Aula"}, "Aula"),
    "a target KSM renamed": Change(Ksm, ours("ksm", "pk", "pk"), {"name": "KSM Baru"}, "KSM Baru"),
    "a review's comment": Change(Review, OF_VISIT, {"comment": "Komentar baru"}, "Komentar baru"),
    "the author renamed": Change(
        User, lambda w: {"pk": w.ours["visit"].created_by_id}, {"first_name": "Sentosa"}, "Sentosa"
    ),
}


@pytest.mark.parametrize("what", list(CHANGES))
def test_a_change_to_anything_shown_shows_at_once(client, world, photo, what):
    assert_shown_at_once(lambda: get(client, world)[0], world, CHANGES[what])


def test_a_change_in_another_city_keeps_the_records(client, world, photo):
    assert_kept_through(
        lambda: get(client, world),
        records,
        lambda: Answer.objects.filter(visit=world.theirs["visit"]).update(id=F("id")),
    )


def test_names_are_kept_apart_from_the_records_without_them(client, world, photo):
    # Korkot reads the attendees' names; Pemda, after Korkot kept the page, organisations only.
    assert "Budi Metro" in records(get(client, world, "korkot")[0])
    pemda = records(get(client, world, "pemda")[0])
    assert "Budi Metro" not in pemda and 'data-testid="attendance-organisations"' in pemda
    assert "Budi Metro" in records(get(client, world, "korkot")[0])


def test_each_language_is_kept_apart(client, world, photo):
    assert "Temuan dan RKTL" in records(get(client, world)[0])
    client.cookies["django_language"] = "en"
    assert "Findings and RKTL" in records(get(client, world)[0])
    client.cookies["django_language"] = "id"
    assert "Temuan dan RKTL" in records(get(client, world)[0])


def test_the_team_and_the_history_show_at_once(client, world, photo):
    visit = world.ours["visit"]
    colleague = world.users["korkot"]
    assert colleague.get_full_name() not in between(get(client, world)[0], "Tim", "</dl>")
    Visit.team.through.objects.create(visit_id=visit.pk, user_id=colleague.pk)
    assert colleague.get_full_name() in between(get(client, world)[0], "Tim", "</dl>")

    history = between(get(client, world)[0], 'aria-labelledby="audit-trail"', "</section>")
    # A history purged alone (a clean-up script), with no change to the visit itself.
    Visit.history.model.objects.filter(id=visit.pk).delete()
    assert between(get(client, world)[0], 'aria-labelledby="audit-trail"', "</section>") != history
