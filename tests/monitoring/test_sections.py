"""The registry of the fill-in page's sections drives the page, its URLs and the review form."""

import re

import pytest
from django.urls import reverse

from monitoring.models import ChecklistSection
from monitoring.review_forms import ReviewForm
from monitoring.sections import SECTION_LABELS, SECTIONS


def test_the_page_shows_the_sections_in_the_registry_s_order(client, world):
    visit = world.ours["visit"]
    client.force_login(world.users["fasilitator"])
    body = client.get(reverse("monitoring:visit_edit", args=[visit.code])).content.decode()
    shown = re.findall(r'<details id="section-([\w-]+)"', body)
    codes = ChecklistSection.objects.filter(template=visit.template).values_list("code", flat=True)
    expected = []
    for section in SECTIONS:
        if section.split:
            expected += [f"{section.key}-{code}" for code in codes]
        else:
            expected.append(section.key)
    assert shown == expected


def test_the_review_form_has_a_comment_field_per_section():
    form = ReviewForm()
    assert [name for name in form.fields if name.startswith("section_")] == [
        f"section_{section.key}" for section in SECTIONS
    ]
    assert form.fields["section_attendees"].label == SECTION_LABELS["attendees"]


@pytest.mark.parametrize("section", ["attachments", "findings", "checklist", "checklist-Z", "x"])
def test_a_section_that_does_not_save_there_is_not_found(client, world, section):
    visit = world.ours["visit"]
    client.force_login(world.users["fasilitator"])
    url = reverse("monitoring:visit_section", args=[visit.code, section])
    assert client.post(url, {"version": 0}).status_code == 404
