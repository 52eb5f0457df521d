"""Signed in as fasilitator-medan in the demo, nothing of Kota Metro can be reached."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ksm.models import Ksm
from monitoring.models import Attachment, Finding, RktlItem, Visit

METRO = "1872"


@pytest.fixture
def medan(client, db):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    client.force_login(User.objects.get(username="fasilitator-medan"))
    return client


def test_no_metro_record_answers_by_its_code(medan):
    urls = [reverse("bdc:bdc_detail", args=[METRO])]
    for visit in Visit.objects.filter(city__code=METRO):
        urls += [
            reverse("monitoring:visit_detail", args=[visit.code]),
            reverse("monitoring:visit_edit", args=[visit.code]),
        ]
    urls += [
        reverse("monitoring:rktl_detail", args=[i.code])
        for i in RktlItem.objects.filter(city__code=METRO)
    ]
    urls += [reverse("ksm:ksm_detail", args=[k.code]) for k in Ksm.objects.filter(city__code=METRO)]
    assert len(urls) > 50
    assert {url: medan.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_no_metro_record_can_be_changed_by_id(medan):
    visit = Visit.objects.filter(city__code=METRO, status=Visit.Status.DRAFT).first()
    finding = Finding.objects.filter(visit__city__code=METRO).first()
    attachment_pk = (
        Attachment.objects.filter(visit__city__code=METRO).values_list("pk", flat=True).first() or 1
    )
    posts = [
        reverse("monitoring:visit_section", args=[visit.code, "plan"]),
        reverse("monitoring:visit_submit", args=[visit.code]),
        reverse("monitoring:visit_review", args=[visit.code]),
        reverse("monitoring:visit_reopen", args=[visit.code]),
        reverse("monitoring:visit_cancel", args=[visit.code]),
        reverse("monitoring:finding_add", args=[visit.code]),
        reverse("monitoring:finding_delete", args=[finding.visit.code, finding.pk]),
        reverse("monitoring:attachment_delete", args=[visit.code, attachment_pk]),
    ]
    for item in RktlItem.objects.filter(city__code=METRO)[:5]:
        posts += [
            reverse("monitoring:rktl_progress", args=[item.code]),
            reverse("monitoring:rktl_verify", args=[item.code]),
            reverse("monitoring:rktl_deadline", args=[item.code]),
        ]
    assert {url: medan.post(url, {}).status_code for url in posts} == dict.fromkeys(posts, 404)


def test_lists_and_exports_hold_no_metro_rows(medan):
    visits = medan.get(reverse("monitoring:visit_list")).context["page"].object_list
    assert visits and {v.city.code for v in visits} == {"1275"}
    rktl = medan.get(reverse("monitoring:rktl_list")).context["page"].object_list
    assert rktl and {i.city.code for i in rktl} == {"1275"}
    # Asking for Metro explicitly is refused, not answered.
    metro_pk = Visit.objects.filter(city__code=METRO).values_list("city_id", flat=True).first()
    assert medan.get(reverse("monitoring:rktl_list"), {"city": metro_pk}).context["filters"].errors
    assert medan.get(reverse("monitoring:rktl_export"), {"city": metro_pk}).status_code == 302
    export = medan.get(reverse("monitoring:rktl_export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    cities = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cities == {"Kota Medan"}
