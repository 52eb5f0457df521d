"""Attendance totals and the share of women: one definition, for the pages, the PDF and the
fill-in page's script."""

import json

from django.urls import reverse

from kotaku.lib.choices import Gender
from monitoring.attendance import (
    attendance_totals,
    totals_of,
    with_attendance_totals,
    with_share,
    women_share,
)
from monitoring.models import Attendee, Visit


def test_the_share_of_women_is_a_whole_percentage_or_none():
    assert women_share(2, 3) == 67
    assert women_share(1, 2) == 50
    assert women_share(0, 0) is None
    # Halves round to even, as the pages have always shown them.
    assert women_share(1, 8) == 12
    assert women_share(3, 8) == 38


def test_counted_from_rows_or_in_the_database_the_totals_agree(world):
    visit = world.ours["visit"]  # has one man
    Attendee.objects.create(visit=visit, name="Ani", gender=Gender.FEMALE, has_disability=True)
    Attendee.objects.create(visit=visit, name="Rina", gender=Gender.FEMALE)
    expected = {"total": 3, "men": 1, "women": 2, "disabled": 1, "women_share": 67}
    assert attendance_totals(visit) == expected
    assert totals_of(visit.attendees.all()) == expected


def test_many_visits_annotated_in_one_query_have_the_same_totals(world, django_assert_num_queries):
    visit = world.ours["visit"]  # has one man
    Attendee.objects.create(visit=visit, name="Ani", gender=Gender.FEMALE, has_disability=True)
    Attendee.objects.filter(visit=world.theirs["visit"]).delete()
    with django_assert_num_queries(1):
        annotated = {v.pk: v for v in with_attendance_totals(Visit.objects.all())}
    for each in Visit.objects.all():
        row = annotated[each.pk]
        counted = {key: getattr(row, f"attendance_{key}") for key in ("total", "men", "women")}
        counted["disabled"] = row.attendance_disabled
        assert with_share(counted) == attendance_totals(each)
    assert annotated[world.theirs["visit"].pk].attendance_total == 0


def test_the_fill_in_page_gives_its_script_the_same_definition(client, world):
    visit = world.ours["visit"]
    client.force_login(world.users["fasilitator"])
    response = client.get(reverse("monitoring:visit_edit", args=[visit.code]))
    definition = json.loads(response.context["attendance_definition"])
    assert definition["counts"] == {
        "men": ["gender", Gender.MALE],
        "women": ["gender", Gender.FEMALE],
        "disabled": ["has_disability", True],
    }
    assert definition["share"] == {
        "part": "women",
        "whole": "total",
        "scale": 100,
        "rounding": "half-even",
    }
    assert "data-attendance=" in response.content.decode()


def test_the_live_total_counts_the_rows_the_attendee_form_would_save():
    import json

    from monitoring.attendance import script_definition
    from monitoring.forms import AttendeeForm

    required = [name for name, field in AttendeeForm.base_fields.items() if field.required]
    assert json.loads(script_definition())["required"] == required
