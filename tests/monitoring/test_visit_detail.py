import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kotaku.lib.choices import Gender
from monitoring.models import (
    Answer,
    Attendee,
    ChecklistItem,
    Finding,
    RktlCategory,
    RktlItem,
    Tier,
    Visit,
)


def _url(visit):
    return reverse("monitoring:visit_detail", args=[visit.code])


def _grow(visit, author, n):
    """Add n attendees, n findings with an RKTL item each, and answer every checklist item."""
    Attendee.objects.bulk_create(
        Attendee(
            visit=visit,
            name=f"Peserta {i}",
            gender=Gender.FEMALE if i % 2 else Gender.MALE,
            has_disability=i % 7 == 0,
        )
        for i in range(n)
    )
    for item in ChecklistItem.objects.filter(section__template=visit.template):
        Answer.objects.update_or_create(visit=visit, item=item, defaults={"value": "ya"})
    for i in range(n):
        finding = Finding.objects.create(visit=visit, description=f"Temuan {i}")
        RktlItem.objects.create(
            finding=finding,
            city=visit.city,
            category=RktlCategory.CAPACITY,
            problem="p",
            action=f"Aksi {i}",
            pic_name="Pengelola",
            pic_tier=Tier.PENGELOLA,
            deadline="2026-12-31",
            original_deadline="2026-12-31",
            created_by=author,
        )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_visit_page_runs_the_same_number_of_queries_for_3_and_40_rows(client, world):
    visit, author = world.ours["visit"], world.users["fasilitator"]
    client.force_login(world.users["korkot"])
    _grow(visit, author, 3)
    small = _count_queries(client, _url(visit))
    _grow(visit, author, 37)
    assert _count_queries(client, _url(visit)) == small


def test_the_visit_page_shows_attendance_totals_and_the_share_of_women(client, world):
    visit = world.ours["visit"]  # has one man already
    Attendee.objects.create(visit=visit, name="Ani", gender=Gender.FEMALE, has_disability=True)
    Attendee.objects.create(visit=visit, name="Rina", gender=Gender.FEMALE)
    client.force_login(world.users["pemda"])
    response = client.get(_url(visit))
    assert response.context["totals"] == {
        "total": 3,
        "women": 2,
        "men": 1,
        "disabled": 1,
        "women_share": 67,
    }


def test_the_visit_page_shows_who_changed_what(client, world):
    visit = world.ours["visit"]
    attendee = visit.attendees.get()
    attendee._history_user = world.users["fasilitator"]
    attendee.organisation = "Bappeda Kota Metro"
    attendee.save()
    client.force_login(world.users["kmw"])
    response = client.get(_url(visit))
    entry = next(e for e in response.context["history"] if e.action == "changed")
    assert entry.who == world.users["fasilitator"].get_full_name()
    assert [(c.old, c.new) for c in entry.changes] == [("—", "Bappeda Kota Metro")]
    assert "Bappeda Kota Metro" in response.content.decode()


@pytest.mark.parametrize("persona", ["fasilitator_other", "korkot_other", "kmw_other"])
def test_another_citys_visit_is_not_found_by_its_code(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(_url(world.ours["visit"])).status_code == 404


def test_the_visit_list_shows_only_visits_of_the_users_area(client, world):
    client.force_login(world.users["fasilitator_other"])
    response = client.get(reverse("monitoring:visit_list"))
    assert [v.code for v in response.context["page"].object_list] == [world.theirs["visit"].code]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "11 Des 2026 08.00"), ("en", "11 Dec 2026 08:00")],
)
def test_the_timeline_and_the_audit_trail_give_times_in_wib_in_one_format(
    client, world, time_machine, language, expected
):
    # 01:00 UTC is 08:00 in Jakarta (TIME_ZONE), where the program works.
    time_machine.move_to("2026-12-11 01:00 +0000", tick=False)
    visit = world.ours["visit"]
    visit.status = Visit.Status.SUBMITTED
    visit.submitted_at = timezone.now()
    visit._history_user = world.users["fasilitator"]
    visit.save()
    client.force_login(world.users["korkot"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(_url(visit)).content.decode()

    timeline = page.split('data-testid="visit-timeline"')[1].split("</ol>")[0]
    trail = page.split('data-testid="audit-trail"')[1].split("</ol>")[0]
    assert expected in timeline
    # When it was changed, and the new value of "submitted at", both in WIB.
    entries = trail.split('<li class="mb-2">')
    submitted = next(e for e in entries if "submitted at" in e or "diajukan pada" in e)
    assert submitted.count(expected) == 2, submitted
    assert "01:00" not in page and "01.00" not in page
