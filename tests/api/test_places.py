"""Provinces and cities: each user sees the places of their own area, Pusat all."""

from kotaku.models import City
from tests.world import MEDAN, METRO


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def test_a_metro_token_sees_its_city_and_province_and_nothing_of_medan(api_as):
    api = api_as("korkot")
    assert codes(api.get("/api/v1/cities/")) == {METRO}
    assert codes(api.get("/api/v1/provinces/")) == {"18"}
    assert api.get(f"/api/v1/cities/{MEDAN}/").status_code == 404
    assert api.get(f"/api/v1/cities/{METRO}/").json()["province"] == "18"


def test_a_kmw_token_sees_every_city_of_its_province(api_as):
    expected = set(City.objects.filter(province__code="18").values_list("code", flat=True))
    assert codes(api_as("kmw").get("/api/v1/cities/?page_size=1000")) == expected


def test_without_a_token_the_api_answers_401_not_a_login_page(client):
    response = client.get("/api/v1/cities/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_refused_in_indonesian_by_default(client, db):
    response = client.get("/api/v1/cities/", HTTP_AUTHORIZATION="Bearer kmv_nonsense")
    assert response.status_code == 401
    assert "tidak" in response.json()["detail"].lower()
