"""Adding and editing a BDC's outlets, with their position for the maps."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from bdc.models import Outlet


def outlet_data(**kw) -> dict:
    return {"kind": Outlet.Kind.CONSIGNMENT, "name": "Toko Titip Sejahtera", "address": "", **kw}


def test_a_facilitator_adds_an_outlet_with_its_position(client, world):
    client.force_login(world.users["fasilitator"])
    url = reverse("bdc:outlet_add", args=[world.metro.code])
    assert client.get(url).status_code == 200
    response = client.post(url, outlet_data(is_active="on", latitude="-5,1", longitude="105.3"))
    assert response.status_code == 302
    assert response["Location"] == reverse("bdc:bdc_detail", args=["1872"]) + "#outlets"
    outlet = Outlet.objects.get(name="Toko Titip Sejahtera")
    assert outlet.bdc == world.ours["bdc"] and outlet.is_active
    assert (outlet.latitude, outlet.longitude) == (Decimal("-5.1"), Decimal("105.3"))


def test_a_facilitator_edits_an_outlet(client, world):
    outlet = world.ours["outlet"]
    client.force_login(world.users["pusat"])
    url = reverse("bdc:outlet_edit", args=[world.metro.code, outlet.pk])
    assert client.get(url).context["form"].initial["name"] == outlet.name
    data = outlet_data(name=outlet.name, kind=outlet.kind, latitude="-5.11", longitude="105.31")
    assert client.post(url, data).status_code == 302
    outlet.refresh_from_db()
    assert outlet.latitude == Decimal("-5.11") and not outlet.is_active


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"latitude": "-5.1"}, "longitude"),
        ({"latitude": "95", "longitude": "105"}, "latitude"),
        ({"name": "bdc mart metro"}, "name"),  # the name of the BDC's other outlet
    ],
)
def test_a_wrong_outlet_is_a_field_error_and_the_input_is_kept(client, world, data, field):
    client.force_login(world.users["fasilitator"])
    url = reverse("bdc:outlet_add", args=[world.metro.code])
    with translation.override("en"):
        response = client.post(url, outlet_data(address="Jl. Merdeka 1", **data))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert 'value="Jl. Merdeka 1"' in response.content.decode()
    assert Outlet.objects.filter(bdc=world.ours["bdc"]).count() == 1


def test_the_bdc_page_links_its_outlets_forms_for_writers_only(client, world):
    page = reverse("bdc:bdc_detail", args=[world.metro.code])
    edit = reverse("bdc:outlet_edit", args=[world.metro.code, world.ours["outlet"].pk])
    client.force_login(world.users["fasilitator"])
    html = client.get(page).content.decode()
    assert edit in html and reverse("bdc:outlet_add", args=[world.metro.code]) in html
    client.force_login(world.users["korkot"])
    assert edit not in client.get(page).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("korkot", 403), ("pemda", 403), ("kmw_other", 404)]
)
def test_others_may_not_change_an_outlet(client, world, persona, status):
    outlet = world.ours["outlet"]
    client.force_login(world.users[persona])
    url = reverse("bdc:outlet_edit", args=[world.metro.code, outlet.pk])
    assert client.post(url, outlet_data(latitude="1", longitude="2")).status_code == status
    outlet.refresh_from_db()
    assert outlet.latitude is None


def test_an_outlet_of_another_bdc_is_not_found(client, world):
    client.force_login(world.users["pusat"])
    url = reverse("bdc:outlet_edit", args=[world.metro.code, world.theirs["outlet"].pk])
    assert client.get(url).status_code == 404
