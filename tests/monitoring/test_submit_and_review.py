import pytest
from django.urls import reverse

from kotaku.lib.choices import Gender
from monitoring.models import Answer, ChecklistItem, Review, Visit


@pytest.fixture
def ready_visit(world):
    """Our draft visit with every checklist item answered and a target chosen."""
    visit = world.ours["visit"]
    for item in ChecklistItem.objects.filter(section__template=visit.template):
        Answer.objects.update_or_create(visit=visit, item=item, defaults={"value": "ya"})
    return visit


def submit(client, visit):
    return client.post(reverse("monitoring:visit_submit", args=[visit.code]))


def review(client, visit, decision, comment="", **sections):
    data = {"decision": decision, "comment": comment}
    data.update({f"section_{k}": v for k, v in sections.items()})
    return client.post(reverse("monitoring:visit_review", args=[visit.code]), data)


def as_(client, world, persona):
    client.force_login(world.users[persona])
    return client


def test_an_incomplete_visit_cannot_be_submitted_and_says_what_is_missing(client, world):
    visit = world.ours["visit"]  # one answer of twenty
    response = as_(client, world, "fasilitator").post(
        reverse("monitoring:visit_submit", args=[visit.code]), follow=True
    )
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DRAFT
    (message,) = response.context["messages"]
    assert str(message) == "Jawab semua butir daftar periksa (1 dari 20 sudah dijawab)."


def test_the_whole_review_chain(client, world, ready_visit):
    visit = ready_visit
    assert submit(as_(client, world, "fasilitator"), visit).status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SUBMITTED and visit.submitted_at

    # KMW cannot review before Korkot.
    assert review(as_(client, world, "kmw"), visit, "setuju").status_code == 403

    # Korkot sends it back with a reason, per section too.
    response = review(
        as_(client, world, "korkot"),
        visit,
        "kembalikan",
        "Daftar hadir kurang",
        attendees="Tambahkan peserta dari Bappeda",
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.RETURNED

    # The facilitator sees the reasons at the top, fixes and resubmits.
    page = as_(client, world, "fasilitator").get(
        reverse("monitoring:visit_edit", args=[visit.code])
    )
    assert "Daftar hadir kurang" in page.content.decode()
    assert "Tambahkan peserta dari Bappeda" in page.content.decode()
    visit.attendees.create(name="Wakil Bappeda", gender=Gender.FEMALE, organisation="Bappeda")
    assert submit(client, visit).status_code == 302

    assert review(as_(client, world, "korkot"), visit, "setuju").status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.KORKOT_APPROVED
    assert review(as_(client, world, "kmw"), visit, "setuju", "Lengkap").status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.APPROVED

    trail = list(visit.reviews.values_list("tier", "decision", "reviewer__username"))
    assert trail[-3:] == [
        ("korkot", "kembalikan", "korkot"),
        ("korkot", "setuju", "korkot"),
        ("kmw", "setuju", "kmw"),
    ]
    page = as_(client, world, "pemda").get(reverse("monitoring:visit_detail", args=[visit.code]))
    steps = [
        (s["kind"], s.get("review") and s["review"].decision) for s in page.context["timeline"]
    ]
    assert steps[0] == ("created", None)
    assert steps[-5:] == [
        ("submitted", None),
        ("review", "kembalikan"),
        ("submitted", None),
        ("review", "setuju"),
        ("review", "setuju"),
    ]
    # Final and locked: nobody edits or reviews an approved visit.
    edit = reverse("monitoring:visit_edit", args=[visit.code])
    assert as_(client, world, "fasilitator").get(edit).status_code == 403
    assert as_(client, world, "pusat").get(edit).status_code == 403
    assert review(as_(client, world, "kmw"), visit, "setuju").status_code == 403


def test_sending_back_without_a_reason_is_refused_and_the_choice_kept(client, world, ready_visit):
    submit(as_(client, world, "fasilitator"), ready_visit)
    response = review(
        as_(client, world, "korkot"),
        ready_visit,
        "kembalikan",
        "  ",
        findings="Temuan kurang rinci",
    )
    assert response.status_code == 422
    form = response.context["review_form"]
    assert form.errors["comment"]
    assert form["section_findings"].value() == "Temuan kurang rinci"
    ready_visit.refresh_from_db()
    assert ready_visit.status == Visit.Status.SUBMITTED
    assert not Review.objects.filter(visit=ready_visit, decision="kembalikan", comment="").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("pemda", 403),
        ("fasilitator", 403),
        ("korkot_other", 404),
        ("kmw_other", 404),
    ],
)
def test_only_the_citys_reviewers_review(client, world, ready_visit, persona, status):
    submit(as_(client, world, "fasilitator"), ready_visit)
    assert review(as_(client, world, persona), ready_visit, "setuju").status_code == status
    ready_visit.refresh_from_db()
    assert ready_visit.status == Visit.Status.SUBMITTED


def test_the_list_counts_what_waits_for_each_reviewer(client, world, ready_visit):
    submit(as_(client, world, "fasilitator"), ready_visit)
    korkot = as_(client, world, "korkot").get(reverse("monitoring:visit_list"))
    assert korkot.context["waiting_count"] == 1
    kmw = as_(client, world, "kmw").get(reverse("monitoring:visit_list"))
    assert kmw.context["waiting_count"] == 0
    other = as_(client, world, "korkot_other").get(reverse("monitoring:visit_list"))
    assert other.context["waiting_count"] == 0
    # Listing what waits, the count is the list's own (counted once).
    waiting = as_(client, world, "korkot").get(reverse("monitoring:visit_list"), {"waiting": "1"})
    assert waiting.context["waiting_count"] == 1 == len(waiting.context["page"].object_list)
    kmw_waiting = as_(client, world, "kmw").get(reverse("monitoring:visit_list"), {"waiting": "1"})
    assert kmw_waiting.context["waiting_count"] == 0


def test_the_list_filters_by_status_and_dates(client, world, ready_visit):
    client.force_login(world.users["pusat"])
    url = reverse("monitoring:visit_list")
    drafts = client.get(url, {"status": "draft"}).context["page"].object_list
    assert {v.code for v in drafts} == {world.ours["visit"].code, world.theirs["visit"].code}
    assert not client.get(url, {"date_from": "2026-08-01"}).context["page"].object_list
    assert (
        client.get(url, {"city": world.medan.pk}).context["page"].object_list[0]
        == (world.theirs["visit"])
    )
    bad = client.get(url, {"date_from": "2026-08-01", "date_to": "2026-07-01"})
    assert bad.context["filters"].errors["date_to"]


def test_the_review_form_names_the_tier_by_its_label_not_its_code(client, world, ready_visit):
    submit(as_(client, world, "fasilitator"), ready_visit)
    url = reverse("monitoring:visit_detail", args=[ready_visit.code])
    page = as_(client, world, "korkot").get(url).content.decode()
    assert "Reviu Anda (Korkot)" in page
    assert "KORKOT" not in page


def test_comments_per_section_are_shown_under_the_sections_names(client, world, ready_visit):
    submit(as_(client, world, "fasilitator"), ready_visit)
    review(
        as_(client, world, "korkot"),
        ready_visit,
        "kembalikan",
        "Daftar hadir kurang",
        attendees="Tambahkan peserta dari Bappeda",
    )
    page = as_(client, world, "kmw").get(
        reverse("monitoring:visit_detail", args=[ready_visit.code])
    )
    timeline = page.content.decode().split('data-testid="visit-timeline"')[1].split("</ol>")[0]
    assert "Daftar hadir: Tambahkan peserta dari Bappeda" in timeline
    assert "attendees" not in timeline
