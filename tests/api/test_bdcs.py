"""The BDCs endpoint: one BDC per city, found by the city's code, with its people, outlets and
grant tranches; personal data by role, stable pages, exact incremental sync, constant queries."""

import datetime

import pytest
import time_machine

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet
from kotaku.lib.choices import Gender
from kotaku.models import City
from tests.world import MEDAN, METRO

LIST = "/api/v1/bdcs/"


def cities(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["city"] for row in response.json()["results"]]


def make_bdcs(n: int, *, exclude=(METRO, MEDAN)) -> list[Bdc]:
    """BDCs in `n` more cities, each with two people, two outlets and two tranches."""
    bdcs = []
    for city in City.objects.exclude(code__in=exclude).order_by("pk")[:n]:
        bdc = Bdc.objects.create(city=city, name=f"BDC {city.name}")
        for i, body in enumerate(BdcPerson.Body.values):
            BdcPerson.objects.create(
                bdc=bdc,
                body=body,
                name=f"Orang {i}",
                position="Ketua",
                unsur=BdcPerson.Unsur.BANK,
                gender=Gender.MALE,
                phone="+6281100000000",
            )
            Outlet.objects.create(bdc=bdc, kind=Outlet.Kind.ONLINE, name=f"Toko {i}")
            GrantTranche.objects.create(bdc=bdc, stage=i + 1, fiscal_year=2015, allocated=10)
        bdcs.append(bdc)
    return bdcs


def test_a_metro_token_sees_metro_s_bdc_and_no_medan_row(api_as, world):
    api = api_as("korkot")
    assert cities(api.get(LIST)) == [METRO]
    assert api.get(f"{LIST}{MEDAN}/").status_code == 404
    row = api.get(f"{LIST}{METRO}/").json()
    assert (row["city"], row["province"], row["name"]) == (METRO, "18", world.ours["bdc"].name)


def test_a_kmw_token_sees_the_bdcs_of_its_province_and_pusat_all(api_as, world):
    assert cities(api_as("kmw").get(LIST)) == [METRO]
    assert set(cities(api_as("pusat").get(LIST))) == {METRO, MEDAN}
    assert cities(api_as("unassigned").get(LIST)) == []
    assert api_as("kmw_other").get(f"{LIST}{METRO}/").status_code == 404


def test_the_detail_nests_people_outlets_and_tranches(api_as, world):
    BdcPerson.objects.filter(bdc=world.ours["bdc"]).update(phone="+6281234567890")
    row = api_as("fasilitator").get(f"{LIST}{METRO}/").json()
    assert row["personal_data"] is True
    (person,) = row["people"]
    assert person["name"] == "Ketua Komite Metro"
    assert person["phone"] == "+6281234567890"
    assert (person["body"], person["position"], person["unsur"]) == ("komite", "Ketua", "pemda")
    assert [o["name"] for o in row["outlets"]] == ["BDC Mart Metro"]
    (tranche,) = row["tranches"]
    assert (tranche["stage"], tranche["allocated"], tranche["spent"]) == (
        1,
        500_000_000,
        250_000_000,
    )


def test_a_pemda_token_gets_positions_but_no_names_or_phones(api_as, world):
    BdcPerson.objects.filter(bdc=world.ours["bdc"]).update(phone="+6281234567890")
    api = api_as("pemda")
    for response in (api.get(LIST), api.get(f"{LIST}{METRO}/")):
        text = response.content.decode()
        assert "Ketua Komite" not in text and "+62812" not in text
    row = api.get(f"{LIST}{METRO}/").json()
    assert row["personal_data"] is False
    (person,) = row["people"]
    assert set(person) == {"id", "body", "position", "unsur", "gender", "is_active"}
    assert row["outlets"] and row["tranches"]


def test_pages_stay_stable_while_rows_are_inserted(api_as, world):
    make_bdcs(4)
    api = api_as("pusat")
    before = set(Bdc.objects.values_list("city__code", flat=True))
    page = api.get(LIST, {"page_size": 2}).json()
    seen = [row["city"] for row in page["results"]]
    make_bdcs(3, exclude=[METRO, MEDAN, *before])
    while page["next"]:
        page = api.get(page["next"]).json()
        seen += [row["city"] for row in page["results"]]
    assert len(seen) == len(set(seen)), "a row came twice"
    assert before <= set(seen), "a row that existed was skipped"


def test_updated_since_returns_exactly_the_bdcs_whose_records_changed(api_as, world):
    with time_machine.travel(datetime.datetime(2027, 1, 1, 8, tzinfo=datetime.UTC), tick=False):
        a, b, c, d, e = make_bdcs(5)
    since = datetime.datetime(2027, 1, 2, 8, tzinfo=datetime.UTC)
    with time_machine.travel(since, tick=False):
        person = a.people.first()
        person.is_active = False
        person.save()
        Outlet.objects.create(bdc=b, kind=Outlet.Kind.MINIMARKET, name="Indomaret")
        c.tranches.filter(stage=2).delete()
        d.address = "Jl. Baru"
        d.save()
    api = api_as("pusat")
    changed = cities(api.get(LIST, {"updated_since": since.isoformat()}))
    assert set(changed) == {a.city.code, b.city.code, c.city.code, d.city.code}
    later = (since + datetime.timedelta(seconds=1)).isoformat()
    assert cities(api.get(LIST, {"updated_since": later})) == []
    assert e.city.code in cities(api.get(LIST))


@pytest.mark.parametrize("n", [3, 13])  # 13: a BDC in every other pilot city
def test_the_list_runs_the_same_queries_for_3_or_13_more_bdcs(
    api_as, world, django_assert_num_queries, n
):
    make_bdcs(n)
    api = api_as("pusat")
    api.get(LIST)  # the token's first use writes its "last used" once
    # The token, the user's language and scope, the page, its people, outlets and tranches.
    with django_assert_num_queries(7):
        response = api.get(LIST, {"page_size": 100})
    assert len(cities(response)) == n + 2
