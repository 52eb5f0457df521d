"""A KSM's members through the API: read by those who see personal data, added, changed and
removed by those who may change the KSM on its page, checked by the page's own forms."""

import datetime

import pytest
import time_machine
from django import forms
from django.test import Client
from django.utils import translation

from kotaku.language import remember
from kotaku.lib.choices import Gender
from ksm.forms import MemberForm
from ksm.models import Ksm, Member

JSON = "application/json"


def members_url(ksm: Ksm) -> str:
    return f"/api/v1/ksms/{ksm.code}/members/"


def member_url(member: Member) -> str:
    return f"/api/v1/ksms/{member.ksm.code}/members/{member.pk}/"


@pytest.fixture
def ksm(world) -> Ksm:
    return world.ours["ksm"]


@pytest.fixture
def siti(ksm) -> Member:
    return ksm.members.get()


# ---- Reading -------------------------------------------------------------------------------


def test_the_members_are_listed_for_those_who_see_personal_data(api_as, ksm):
    for persona in ("fasilitator", "korkot", "kmw", "pusat"):
        response = api_as(persona).get(members_url(ksm))
        assert response.status_code == 200, persona
        assert [m["name"] for m in response.json()["results"]] == ["Siti Metro"]


def test_a_pemda_token_is_refused_the_members_with_a_reason(api_as, ksm, siti):
    api = api_as("pemda")
    for url in (members_url(ksm), member_url(siti)):
        response = api.get(url)
        assert response.status_code == 403
        assert "Siti" not in response.content.decode()
        assert response.json()["detail"]


def test_outsiders_do_not_find_the_members(api_as, ksm, siti):
    for persona in ("fasilitator_other", "pemda_other", "unassigned"):
        api = api_as(persona)
        assert api.get(members_url(ksm)).status_code == 404
        assert api.get(member_url(siti)).status_code == 404


def test_a_member_is_read_by_its_id_within_its_ksm_only(api_as, world, siti):
    api = api_as("pusat")
    assert api.get(member_url(siti)).json()["name"] == "Siti Metro"
    theirs = world.theirs["ksm"].members.get()
    assert api.get(f"{members_url(siti.ksm)}{theirs.pk}/").status_code == 404
    assert api.get(f"{members_url(siti.ksm)}abc/").status_code == 404
    assert api.get(f"{members_url(siti.ksm)}{'9' * 30}/").status_code == 404


# ---- Adding --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["fasilitator", "pusat"])
def test_a_writer_adds_a_member_and_the_history_names_them(api_as, world, ksm, persona):
    response = api_as(persona).post(
        members_url(ksm),
        {"name": "Dewi", "gender": "P", "has_disability": True, "business": "Warung"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    member = ksm.members.get(name="Dewi")
    assert response.json() == {
        "id": member.pk,
        "name": "Dewi",
        "gender": "P",
        "has_disability": True,
        "business": "Warung",
        "is_active": True,
    }
    assert member.history.get().history_user == world.users[persona]


def test_adding_a_member_moves_the_ksms_updated_at(api_as, ksm):
    moment = datetime.datetime(2027, 1, 5, 8, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        api_as("fasilitator").post(
            members_url(ksm), {"name": "Dewi", "gender": "P"}, content_type=JSON
        )
    ksm.refresh_from_db()
    assert ksm.updated_at == moment


def test_an_invalid_member_is_400_with_each_field_and_its_message(api_as, world, ksm):
    remember(world.users["fasilitator"], "en")
    response = api_as("fasilitator").post(
        members_url(ksm), {"name": "siti metro", "gender": "X"}, content_type=JSON
    )
    assert response.status_code == 400
    errors = response.json()
    with translation.override("en"):
        assert errors["name"] == [str(MemberForm.duplicate_message)]
        invalid = forms.ChoiceField.default_error_messages["invalid_choice"]
        assert errors["gender"] == [invalid % {"value": "X"}]
    assert ksm.members.count() == 1


def test_the_messages_are_in_bahasa_indonesia_by_default(api_as, ksm):
    response = api_as("fasilitator").post(members_url(ksm), {}, content_type=JSON)
    assert response.status_code == 400
    with translation.override("id"):
        required = str(forms.Field.default_error_messages["required"])
    assert response.json() == {"name": [required], "gender": [required]}


def test_a_body_that_is_not_an_object_is_400(api_as, ksm):
    response = api_as("fasilitator").post(members_url(ksm), ["Dewi"], content_type=JSON)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_form_post_works_too(api_as, ksm):
    response = api_as("fasilitator").post(members_url(ksm), {"name": "Dewi", "gender": "P"})
    assert response.status_code == 201
    assert response.json()["has_disability"] is False


@pytest.mark.parametrize("persona", ["korkot", "kmw", "pemda"])
def test_readers_of_the_city_are_refused_with_403(api_as, ksm, persona):
    response = api_as(persona).post(
        members_url(ksm), {"name": "Dewi", "gender": "P"}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    assert ksm.members.count() == 1


@pytest.mark.parametrize("persona", ["fasilitator_other", "korkot_other", "unassigned"])
def test_outsiders_get_404(api_as, ksm, persona):
    response = api_as(persona).post(
        members_url(ksm), {"name": "Dewi", "gender": "P"}, content_type=JSON
    )
    assert response.status_code == 404


def test_a_read_only_token_may_not_write(api_as, ksm, siti):
    api = api_as("fasilitator", read_only=True)
    assert api.get(members_url(ksm)).status_code == 200
    assert api.post(members_url(ksm), {"name": "Dewi", "gender": "P"}).status_code == 403
    assert api.patch(member_url(siti), {"is_active": False}, content_type=JSON).status_code == 403
    assert api.delete(member_url(siti)).status_code == 403
    assert ksm.members.get().is_active


def test_a_session_write_needs_the_csrf_token(world, ksm):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["fasilitator"])
    response = browser.post(members_url(ksm), {"name": "Dewi", "gender": "P"})
    assert response.status_code == 403
    assert ksm.members.count() == 1


# ---- Changing ------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_it_names(api_as, world, siti):
    siti.business = "Tenun"
    siti.save()
    response = api_as("fasilitator").patch(
        member_url(siti), {"is_active": False}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    siti.refresh_from_db()
    assert (siti.name, siti.business, siti.is_active) == ("Siti Metro", "Tenun", False)
    assert siti.history.first().history_user == world.users["fasilitator"]


def test_put_gives_the_whole_member_and_defaults_for_what_it_omits(api_as, siti):
    Member.objects.filter(pk=siti.pk).update(business="Tenun", has_disability=True)
    response = api_as("pusat").put(
        member_url(siti), {"name": "Siti Aminah", "gender": Gender.FEMALE}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    siti.refresh_from_db()
    assert (siti.name, siti.business, siti.has_disability, siti.is_active) == (
        "Siti Aminah",
        "",
        False,
        True,
    )


def test_put_without_the_required_fields_is_400(api_as, siti):
    response = api_as("fasilitator").put(member_url(siti), {"business": "x"}, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()) == {"name", "gender"}


def test_a_name_taken_by_another_member_is_refused(api_as, ksm, siti):
    Member.objects.create(ksm=ksm, name="Dewi", gender=Gender.FEMALE)
    response = api_as("fasilitator").patch(member_url(siti), {"name": "DEWI"}, content_type=JSON)
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("korkot", 403), ("pemda", 403), ("fasilitator_other", 404), ("unassigned", 404)],
)
def test_changing_is_refused_to_readers_and_outsiders(api_as, siti, persona, status):
    api = api_as(persona)
    assert api.patch(member_url(siti), {"name": "X"}, content_type=JSON).status_code == status
    assert api.delete(member_url(siti)).status_code == status
    siti.refresh_from_db()
    assert siti.name == "Siti Metro"


# ---- Removing ------------------------------------------------------------------------------


def test_a_writer_removes_a_member_and_the_history_keeps_who(api_as, world, ksm, siti):
    moment = datetime.datetime(2027, 1, 5, 8, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        response = api_as("fasilitator").delete(member_url(siti))
    assert response.status_code == 204
    assert not ksm.members.exists()
    removal = Member.history.filter(id=siti.pk).first()
    assert (removal.history_type, removal.history_user) == ("-", world.users["fasilitator"])
    ksm.refresh_from_db()
    assert ksm.updated_at == moment


def test_a_member_of_another_ksm_is_not_found_through_ours(api_as, world, ksm):
    theirs = world.theirs["ksm"].members.get()
    response = api_as("pusat").delete(f"{members_url(ksm)}{theirs.pk}/")
    assert response.status_code == 404
    assert Member.objects.filter(pk=theirs.pk).exists()


def test_the_members_pages_stay_stable_while_members_are_added(api_as, ksm):
    for name in ("Ani", "Budi", "Citra", "Dedi"):
        Member.objects.create(ksm=ksm, name=name, gender=Gender.FEMALE)
    before = set(ksm.members.values_list("pk", flat=True))
    api = api_as("korkot")
    page = api.get(members_url(ksm), {"page_size": 2}).json()
    seen = [m["id"] for m in page["results"]]
    Member.objects.create(ksm=ksm, name="Aaron", gender=Gender.MALE)  # first by name
    while page["next"]:
        page = api.get(page["next"]).json()
        seen += [m["id"] for m in page["results"]]
    assert len(seen) == len(set(seen)), "a member came twice"
    assert before <= set(seen), "a member that existed was skipped"
