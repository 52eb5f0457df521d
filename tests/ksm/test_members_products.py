"""Editing and removing a KSM's members and products, on the KSM page, by those who may add
them; removals stay in the KSM's audit trail."""

import pytest
from django.urls import reverse

from kotaku.lib.choices import Gender
from ksm.models import Member, Product


@pytest.fixture
def member(world):
    return world.ours["ksm"].members.get()


@pytest.fixture
def product(world):
    return world.ours["ksm"].products.get()


def _url(name: str, record) -> str:
    return reverse(name, args=[record.ksm.code, record.pk])


def _member_data(**kw) -> dict:
    return {"name": "Siti Rahayu", "gender": Gender.FEMALE, "business": "Warung", "is_active": "on",
            **kw}  # fmt: skip


def _product_data(**kw) -> dict:
    return {"name": "Kain tenun ikat", "category": "tenun", "unit": "lembar", "price": "275.000",
            "monthly_capacity": "30", **kw}  # fmt: skip


# ---- Members -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["fasilitator", "pusat"])
def test_a_writer_edits_a_member(client, world, member, persona):
    client.force_login(world.users[persona])
    form = client.get(_url("ksm:member_edit", member)).context["form"]
    assert form.initial["name"] == member.name
    response = client.post(_url("ksm:member_edit", member), _member_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("ksm:ksm_detail", args=[member.ksm.code])
    member.refresh_from_db()
    assert (member.name, member.business, member.is_active) == ("Siti Rahayu", "Warung", True)


def test_a_member_who_left_is_kept_but_not_active(client, world, member):
    client.force_login(world.users["fasilitator"])
    data = _member_data(name=member.name)
    del data["is_active"]
    assert client.post(_url("ksm:member_edit", member), data).status_code == 302
    member.refresh_from_db()
    assert member.is_active is False


def test_a_member_edit_refuses_a_name_another_member_has(client, world, member):
    Member.objects.create(ksm=member.ksm, name="Joko", gender=Gender.MALE)
    client.force_login(world.users["fasilitator"])
    response = client.post(_url("ksm:member_edit", member), _member_data(name="joko"))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["name"]
    assert 'value="Warung"' in response.text  # the input is kept


def test_a_member_edit_without_gender_is_refused(client, world, member):
    client.force_login(world.users["fasilitator"])
    response = client.post(_url("ksm:member_edit", member), _member_data(gender=""))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["gender"]
    member.refresh_from_db()
    assert member.name != "Siti Rahayu"


def test_a_writer_removes_a_member_and_the_trail_keeps_it(client, world, member):
    client.force_login(world.users["fasilitator"])
    response = client.post(_url("ksm:member_delete", member))
    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    removal = Member.history.get(id=member.pk, history_type="-")
    assert removal.history_user == world.users["fasilitator"] and removal.name == member.name
    page = client.get(reverse("ksm:ksm_detail", args=[member.ksm.code]))
    [entry] = [e for e in page.context["history"] if e.action == "deleted"]
    assert entry.what == f"Anggota: {member.name}"
    assert entry.who == world.users["fasilitator"].get_full_name()


# ---- Products ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["fasilitator", "pusat"])
def test_a_writer_edits_a_product(client, world, product, persona):
    client.force_login(world.users[persona])
    assert 'value="250.000"' in client.get(_url("ksm:product_edit", product)).text
    response = client.post(_url("ksm:product_edit", product), _product_data())
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.price, product.monthly_capacity) == (
        "Kain tenun ikat",
        275_000,
        30,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [({"price": "-5"}, "price"), ({"price": "12,5"}, "price"), ({"unit": ""}, "unit"),
     ({"monthly_capacity": "banyak"}, "monthly_capacity")],
)  # fmt: skip
def test_a_product_edit_with_a_wrong_value_is_refused_and_changes_nothing(
    client, world, product, data, field
):
    client.force_login(world.users["fasilitator"])
    response = client.post(_url("ksm:product_edit", product), _product_data(**data))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    product.refresh_from_db()
    assert product.price == 250_000


def test_a_writer_removes_a_product_and_the_trail_keeps_it(client, world, product):
    client.force_login(world.users["pusat"])
    assert client.post(_url("ksm:product_delete", product)).status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
    removal = Product.history.get(id=product.pk, history_type="-")
    assert removal.history_user == world.users["pusat"]


# ---- Who may -------------------------------------------------------------------------------

VIEWS = ["ksm:member_edit", "ksm:member_delete", "ksm:product_edit", "ksm:product_delete"]


def _record(name: str, member, product):
    return member if name.startswith("ksm:member") else product


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("persona", ["korkot", "kmw", "pemda"])
def test_readers_of_the_city_get_403_and_nothing_changes(
    client, world, member, product, name, persona
):
    client.force_login(world.users[persona])
    record = _record(name, member, product)
    data = _member_data() if "member" in name else _product_data()
    assert client.post(_url(name, record), data).status_code == 403
    assert type(record).objects.get(pk=record.pk).name == record.name


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("persona", ["fasilitator_other", "korkot_other", "unassigned"])
def test_outsiders_get_404(client, world, member, product, name, persona):
    client.force_login(world.users[persona])
    record = _record(name, member, product)
    assert client.post(_url(name, record)).status_code == 404
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", VIEWS)
def test_a_record_of_another_ksm_is_not_found_through_this_one(client, world, name):
    """The pk of another city's member, under our KSM's code: 404, not a change there."""
    client.force_login(world.users["pusat"])
    theirs = world.theirs["ksm"]
    record = theirs.members.get() if "member" in name else theirs.products.get()
    url = reverse(name, args=[world.ours["ksm"].code, record.pk])
    assert client.post(url).status_code == 404
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", ["ksm:member_delete", "ksm:product_delete"])
def test_removing_takes_a_post_only(client, world, member, product, name):
    client.force_login(world.users["fasilitator"])
    record = _record(name, member, product)
    assert client.get(_url(name, record)).status_code == 405
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, member, product, name):
    response = client.post(_url(name, _record(name, member, product)))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_ksm_page_links_each_member_and_product_to_its_edit_page_for_writers(
    client, world, member, product
):
    page = reverse("ksm:ksm_detail", args=[member.ksm.code])
    client.force_login(world.users["fasilitator"])
    text = client.get(page).text
    assert _url("ksm:member_edit", member) in text and _url("ksm:product_edit", product) in text
    client.force_login(world.users["korkot"])
    text = client.get(page).text
    assert _url("ksm:member_edit", member) not in text
    assert _url("ksm:product_edit", product) not in text


def test_the_edit_page_offers_the_removal(client, world, member):
    client.force_login(world.users["fasilitator"])
    text = client.get(_url("ksm:member_edit", member)).text
    assert f'action="{_url("ksm:member_delete", member)}"' in text
