"""Guards found in review: stale writes, deleting followed-up actions, filters, formulas."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from monitoring import services
from monitoring.forms import VisitPlanForm
from monitoring.models import ChecklistSection, RktlItem, Visit
from monitoring.sections import save_plan


def test_saving_the_plan_does_not_write_back_a_stale_status(world):
    visit = world.ours["visit"]
    form = VisitPlanForm(
        {
            "kind": visit.kind,
            "title": "Judul baru",
            "starts_on": "2026-07-21",
            "ends_on": "2026-07-23",
            "methods": ["observasi"],
        },
        instance=visit,
        cities=[visit.city],
    )
    assert form.is_valid(), form.errors
    # Meanwhile the visit is submitted in another request.
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    save_plan(form)
    visit.refresh_from_db()
    assert visit.title == "Judul baru"
    assert visit.status == Visit.Status.SUBMITTED


def test_a_section_save_is_refused_when_the_visit_was_submitted_meanwhile(world):
    visit = world.ours["visit"]  # loaded as a draft
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
    called = []
    with pytest.raises(PermissionDenied):
        services.section_save(
            visit=visit,
            section="plan",
            expected_version=0,
            user=world.users["fasilitator"],
            save=lambda: called.append(1),
        )
    assert called == []


def test_an_action_with_progress_cannot_be_deleted_with_its_finding(client, world):
    visit, item = world.ours["visit"], world.ours["rktl"]  # the world's item has an update
    client.force_login(world.users["fasilitator"])
    response = client.post(reverse("monitoring:finding_delete", args=[visit.code, item.finding_id]))
    assert response.status_code == 409
    assert RktlItem.objects.filter(pk=item.pk).exists()
    response = client.post(reverse("monitoring:rktl_delete", args=[visit.code, item.pk]))
    assert response.status_code == 409
    assert item.updates.exists()


def test_an_empty_checklist_section_does_not_block_submission(world):
    visit = world.ours["visit"]
    ChecklistSection.objects.create(
        template=visit.template, code="H", order=99, title_id="Kosong", title_en="Empty"
    )
    total = sum(len(s.items.all()) for s in visit.template.sections.all())
    problem = services.submission_problems(visit)[0]
    assert f"1 dari {total} sudah dijawab" in problem


def test_a_mistyped_filter_leaves_the_others_in_force(client, world):
    client.force_login(world.users["pusat"])
    response = client.get(
        "/rktl/",
        {"city": world.metro.pk, "deadline_from": "2026-01-01", "deadline_to": "2025-01-01"},
    )
    assert response.context["filters"].errors["deadline_to"]
    assert {i.city for i in response.context["page"].object_list} == {world.metro}


def test_a_mistyped_filter_refuses_the_export_instead_of_widening_it(client, world):
    client.force_login(world.users["pusat"])
    response = client.get("/rktl/export.xlsx", {"city": world.metro.pk, "sort": "nope"})
    assert response.status_code == 302
    assert response["Location"].startswith("/rktl/?")


def test_text_that_looks_like_a_formula_is_exported_as_text(client, world):
    RktlItem.objects.filter(pk=world.ours["rktl"].pk).update(action='=HYPERLINK("http://x","y")')
    client.force_login(world.users["korkot"])
    response = client.get("/rktl/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [row[8] for row in sheet.iter_rows(min_row=2)]
    formula = next(c for c in cells if str(c.value).startswith("="))
    assert formula.data_type == "s"
