import datetime

import pytest
from django.urls import reverse

from monitoring.models import Visit

URL = "/visits/new/"


def _data(world, **overrides):
    data = {
        "city": world.metro.pk,
        "kind": Visit.Kind.FIELD_VISIT,
        "title": "Monev BDC Kota Metro Juli",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "location": "Sekretariat BDC",
        "methods": [Visit.Method.OBSERVATION, Visit.Method.FGD],
        "target_bdc": "on",
        "target_ksms": [world.ours["ksm"].pk],
        "target_outlets": [world.ours["outlet"].pk],
        "team": [world.users["korkot"].pk],
        "team_others": "Ketua Komite BDC",
    }
    data.update(overrides)
    return data


def test_a_facilitator_plans_a_visit_with_the_default_checklist(client, world):
    client.force_login(world.users["fasilitator"])
    response = client.post(URL, _data(world))
    visit = Visit.objects.get(title="Monev BDC Kota Metro Juli")
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:visit_edit", args=[visit.code])
    assert visit.city == world.metro
    assert visit.status == Visit.Status.DRAFT
    assert visit.created_by == world.users["fasilitator"]
    assert visit.template.is_default
    assert visit.methods == ["observasi", "fgd"]
    assert list(visit.target_ksms.all()) == [world.ours["ksm"]]


def test_the_plan_form_offers_only_the_users_city_records(client, world):
    client.force_login(world.users["fasilitator"])
    form = client.get(URL).context["form"]
    assert list(form.fields["city"].queryset) == [world.metro]
    assert list(form.fields["target_ksms"].queryset) == [world.ours["ksm"]]
    assert list(form.fields["target_outlets"].queryset) == [world.ours["outlet"]]
    assert world.users["korkot_other"] not in form.fields["team"].queryset


def test_a_target_of_another_city_is_refused_and_the_input_kept(client, world):
    client.force_login(world.users["fasilitator"])
    response = client.post(URL, _data(world, target_ksms=[world.theirs["ksm"].pk]))
    assert response.status_code == 422
    form = response.context["form"]
    assert "target_ksms" in form.errors
    assert form["title"].value() == "Monev BDC Kota Metro Juli"
    assert 'value="Monev BDC Kota Metro Juli"' in response.content.decode()
    assert not Visit.objects.filter(title="Monev BDC Kota Metro Juli").exists()


def test_a_city_outside_the_users_area_is_refused(client, world):
    client.force_login(world.users["fasilitator"])
    response = client.post(URL, _data(world, city=world.medan.pk))
    assert "city" in response.context["form"].errors


def test_an_end_date_before_the_start_date_is_marked_on_the_field(client, world):
    client.force_login(world.users["fasilitator"])
    response = client.post(URL, _data(world, ends_on="2026-11-30"))
    form = response.context["form"]
    assert form.errors == {"ends_on": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]}
    assert form["location"].value() == "Sekretariat BDC"


@pytest.mark.parametrize("field", ["title", "starts_on", "ends_on", "methods", "kind"])
def test_missing_required_fields_are_marked(client, world, field):
    client.force_login(world.users["fasilitator"])
    data = _data(world)
    data.pop(field)
    response = client.post(URL, data)
    assert field in response.context["form"].errors
    assert Visit.objects.count() == 2  # the world's two visits only


@pytest.mark.parametrize(
    ("persona", "status"),
    # Readers of an area are told they may not (403); a user with no area finds nothing.
    [("korkot", 403), ("kmw", 403), ("pemda", 403), ("unassigned", 404)],
)
def test_only_facilitators_plan_visits(client, world, persona, status):
    client.force_login(world.users[persona])
    assert client.get(URL).status_code == status
    assert client.post(URL, _data(world)).status_code == status
    assert not Visit.objects.filter(starts_on=datetime.date(2026, 12, 1)).exists()


@pytest.mark.parametrize("field", ["team", "target_ksms", "target_outlets"])
def test_an_id_too_large_for_any_column_is_an_invalid_choice_not_an_error(client, world, field):
    """Found by the fuzz tests: Django's pk__in check raised OverflowError on SQLite."""
    client.force_login(world.users["fasilitator"])
    response = client.post(URL, _data(world, **{field: ["9" * 40]}))
    assert response.status_code == 422  # the form again, as for any refused choice
    assert response.context["form"].errors[field]
    assert not Visit.objects.filter(title="Monev BDC Kota Metro Juli").exists()
