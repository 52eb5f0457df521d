"""A KSM's position on its form: optional, both or neither, in range, kept when refused."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from ksm.models import Ksm


def ksm_data(ksm: Ksm, **kw) -> dict:
    return {
        "name": ksm.name,
        "kelurahan": ksm.kelurahan_id,
        "type": ksm.type,
        "ppmk_stage": ksm.ppmk_stage,
        "maturity": ksm.maturity,
        **kw,
    }


def post(client, world, **kw):
    """The form posted by the facilitator, who reads the app in English."""
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(reverse("ksm:ksm_edit", args=[ksm.code]), ksm_data(ksm, **kw))


@pytest.mark.parametrize(
    ("lat", "lon", "stored"),
    [
        ("-5.1134", "105.3067", ("-5.113400", "105.306700")),
        # The Indonesian decimal comma, and a phone's 15 decimals rounded to the column's six.
        ("-5,1134", "105,3067", ("-5.113400", "105.306700")),
        (" -5.11340049999 ", "105.30670051", ("-5.113400", "105.306701")),
        ("90", "-180", ("90.000000", "-180.000000")),
    ],
)
def test_a_facilitator_sets_the_position(client, world, lat, lon, stored):
    response = post(client, world, latitude=lat, longitude=lon)
    assert response.status_code == 302
    ksm = Ksm.objects.get(pk=world.ours["ksm"].pk)
    assert (ksm.latitude, ksm.longitude) == tuple(Decimal(v) for v in stored)


def test_the_position_is_optional_and_can_be_cleared(client, world):
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(latitude=1, longitude=2)
    assert post(client, world, latitude="", longitude="").status_code == 302
    ksm = Ksm.objects.get(pk=world.ours["ksm"].pk)
    assert ksm.latitude is None and ksm.longitude is None


@pytest.mark.parametrize(
    ("lat", "lon", "field", "message"),
    [
        ("-5.1134", "", "longitude", "Give both latitude and longitude, or neither."),
        ("", "105.3", "latitude", "Give both latitude and longitude, or neither."),
        ("-91", "105.3", "latitude", "greater than or equal to -90"),
        ("5", "180.5", "longitude", "less than or equal to 180"),
        ("utara", "105.3", "latitude", "Enter a number."),
        ("1e400", "105.3", "latitude", "less than or equal to 90"),
        ("NaN", "105.3", "latitude", "Enter a number."),
    ],
)
def test_a_wrong_position_is_a_field_error_and_the_input_is_kept(
    client, world, lat, lon, field, message
):
    response = post(client, world, latitude=lat, longitude=lon, chair_name="Ibu Ani")
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    html = response.content.decode()
    assert 'value="Ibu Ani"' in html
    for typed in (lat, lon):
        if typed:
            assert f'value="{typed}"' in html
    ksm = Ksm.objects.get(pk=world.ours["ksm"].pk)
    assert ksm.latitude is None


def test_the_error_is_in_the_users_language(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    url = reverse("ksm:ksm_edit", args=[ksm.code])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = client.post(url, ksm_data(ksm, latitude="-91", longitude="105"))
    # Django's own message, in Indonesian (the default language).
    assert "Pastikan" in response.context["form"].errors["latitude"][0]


def test_the_form_offers_the_use_my_position_button(client, world):
    client.force_login(world.users["fasilitator"])
    html = client.get(reverse("ksm:ksm_edit", args=[world.ours["ksm"].code])).content.decode()
    assert 'data-testid="use-my-position"' in html
    assert "js/position_input" in html
    assert 'name="latitude"' in html and 'inputmode="decimal"' in html


def test_a_reader_cannot_set_a_position(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["korkot"])
    url = reverse("ksm:ksm_edit", args=[ksm.code])
    assert client.post(url, ksm_data(ksm, latitude="1", longitude="2")).status_code == 403
    client.force_login(world.users["fasilitator_other"])
    assert client.post(url, ksm_data(ksm, latitude="1", longitude="2")).status_code == 404
    assert Ksm.objects.get(pk=ksm.pk).latitude is None


def test_the_ksm_page_shows_the_position_with_a_link_to_the_city_map(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["pemda"])
    url = reverse("ksm:ksm_detail", args=[ksm.code])
    assert reverse("monitoring:city_map", args=["1872"]) not in client.get(url).content.decode()
    Ksm.objects.filter(pk=ksm.pk).update(latitude=Decimal("-5.1134"), longitude=Decimal("105.3"))
    html = client.get(url).content.decode()
    assert "-5.113400, 105.300000" in html
    assert reverse("monitoring:city_map", args=["1872"]) in html
