"""The KSMs endpoint: the user's area only, personal data by role, the registry's filters,
stable cursor pages, exact incremental sync, and a constant number of queries."""

import datetime

import pytest
import time_machine
from django import forms
from django.urls import reverse
from django.utils import translation

from kotaku.lib.choices import Gender
from kotaku.models import Kelurahan
from ksm.models import Assessment, Ksm, Member, Product
from tests.world import MEDAN, METRO

LIST = "/api/v1/ksms/"


def detail(ksm: Ksm) -> str:
    return f"/api/v1/ksms/{ksm.code}/"


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def codes(response) -> set[str]:
    return {row["code"] for row in rows(response)}


def make_ksms(world, n: int, *, prefix: str = "KSM Baru", city=None) -> list[Ksm]:
    """`n` KSMs in the city's kelurahan (ours by default), each with two members (a woman
    with a disability and a man), two products and an assessment."""
    kelurahan = (world.theirs if city == "theirs" else world.ours)["ksm"].kelurahan
    ksms = []
    for i in range(n):
        ksm = Ksm.objects.create(name=f"{prefix} {i:03}", kelurahan=kelurahan)
        Member.objects.create(ksm=ksm, name="Ani", gender=Gender.FEMALE, has_disability=True)
        Member.objects.create(ksm=ksm, name="Budi", gender=Gender.MALE)
        for name in ("Keripik", "Sambal"):
            Product.objects.create(
                ksm=ksm, name=name, category=Product.Category.MAKANAN_RINGAN, unit="kg", price=1
            )
        Assessment.objects.create(
            ksm=ksm, assessed_on=datetime.date(2026, 3, 1), score=0, maturity="tunas"
        )
        ksms.append(ksm)
    return ksms


# ---- Scope ---------------------------------------------------------------------------------


def test_a_metro_token_sees_metro_ksms_and_no_medan_row(api_as, world):
    api = api_as("korkot")
    ours, theirs = world.ours["ksm"], world.theirs["ksm"]
    assert codes(api.get(LIST)) == {ours.code}
    assert api.get(detail(theirs)).status_code == 404
    assert api.get(f"/api/v1/ksms/{theirs.code}/members/").status_code == 404
    row = api.get(detail(ours)).json()
    assert (row["city"], row["province"]) == (METRO, "18")
    assert row["kelurahan"]["name"] == ours.kelurahan.name


def test_pusat_sees_both_cities(api_as, world):
    assert codes(api_as("pusat").get(LIST)) == {world.ours["ksm"].code, world.theirs["ksm"].code}


def test_a_user_without_an_area_gets_an_empty_list_and_404s(api_as, world):
    api = api_as("unassigned")
    assert codes(api.get(LIST)) == set()
    assert api.get(detail(world.ours["ksm"])).status_code == 404


# ---- Personal data -------------------------------------------------------------------------


def test_the_detail_nests_members_products_and_assessments(api_as, world):
    ksm = world.ours["ksm"]
    Ksm.objects.filter(pk=ksm.pk).update(chair_name="Ibu Siti", phone="+6281234567890")
    row = api_as("korkot").get(detail(ksm)).json()
    assert row["personal_data"] is True
    assert (row["chair_name"], row["phone"]) == ("Ibu Siti", "+6281234567890")
    assert [m["name"] for m in row["members"]] == ["Siti Metro"]
    assert row["member_counts"] == {"total": 1, "men": 0, "women": 1, "disabled": 0}
    assert [p["name"] for p in row["products"]] == ["Kain tenun Metro"]
    assert row["products"][0]["price"] == 250_000
    assert row["assessments"][0]["score"] == 3
    assert "note" in row["assessments"][0]


def test_a_pemda_token_gets_counts_but_no_personal_fields(api_as, world):
    ksm = world.ours["ksm"]
    Ksm.objects.filter(pk=ksm.pk).update(chair_name="Ibu Siti", phone="+6281234567890")
    api = api_as("pemda")
    for response in (api.get(detail(ksm)), api.get(LIST)):
        text = response.content.decode()
        assert "Siti" not in text and "+62812" not in text
    row = api.get(detail(ksm)).json()
    assert row["personal_data"] is False
    assert not {"chair_name", "phone", "members"} & set(row)
    assert "note" not in row["assessments"][0]
    assert row["member_counts"]["total"] == 1
    assert row["products"][0]["name"] == "Kain tenun Metro"


def test_member_counts_count_active_members_by_gender_and_disability(api_as, world):
    (ksm,) = make_ksms(world, 1)
    Member.objects.create(ksm=ksm, name="Citra", gender=Gender.FEMALE, is_active=False)
    row = api_as("pemda").get(detail(ksm)).json()
    assert row["member_counts"] == {"total": 2, "men": 1, "women": 1, "disabled": 1}


# ---- Filters: the registry page's --------------------------------------------------------------


@pytest.fixture
def varied(world):
    """KSMs of our city that differ in every filtered field."""
    base = world.ours["ksm"]
    kel = Kelurahan.objects.create(kecamatan=base.kelurahan.kecamatan, name="Yosodadi")
    pangan = Ksm.objects.create(
        name="KSM Pangan Sejahtera",
        kelurahan=kel,
        ppmk_stage=Ksm.PpmkStage.III,
        maturity=Ksm.Maturity.KEMBANG,
        is_bdc_partner=True,
        chair_name="Ibu Sumarni",
    )
    Product.objects.create(
        ksm=pangan, name="Keripik", category=Product.Category.MAKANAN_RINGAN, unit="kg", price=1
    )
    Ksm.objects.create(
        name="KSM Drainase", kelurahan=kel, type=Ksm.Type.LINGKUNGAN, chair_name="Pak Hadi"
    )
    return kel


FILTERS = [
    {},
    {"q": "sumarni"},
    {"q": "tenun"},
    {"type": "lingkungan"},
    {"ppmk_stage": "3"},
    {"maturity": "kembang"},
    {"bdc_partner": "yes"},
    {"bdc_partner": "no"},
    {"category": "makanan_ringan"},
    {"type": "ekonomi", "bdc_partner": "no"},
    {"kelurahan": "<kel>"},
    {"city": "<city>"},
]


@pytest.mark.parametrize("query", FILTERS, ids=lambda q: "&".join(q) or "none")
def test_the_filters_select_what_the_registry_page_lists(api_as, client, world, varied, query):
    def fill(params: dict, city) -> dict:
        return {k: {"<kel>": str(varied.pk), "<city>": city}.get(v, v) for k, v in params.items()}

    client.force_login(world.users["pusat"])
    page = client.get(reverse("ksm:ksm_list"), fill(query, str(world.metro.pk)))
    on_page = {k.code for k in page.context["page"].object_list}
    assert on_page  # every filter here selects something
    got = codes(api_as("pusat").get(LIST, fill(query, METRO)))
    assert got == on_page


def test_a_city_is_given_by_its_code_and_one_outside_the_area_is_refused(api_as, world):
    api = api_as("korkot")
    assert codes(api.get(LIST, {"city": METRO})) == {world.ours["ksm"].code}
    response = api.get(LIST, {"city": MEDAN})
    assert response.status_code == 400
    assert list(response.json()) == ["city"]


def test_invalid_filters_are_400_with_each_field_and_its_message_in_the_users_language(
    api_as, world
):
    response = api_as("korkot").get(LIST, {"ppmk_stage": "9", "maturity": "ripe"})
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"ppmk_stage", "maturity"}
    # The form's own message, in Bahasa Indonesia (the default language).
    with translation.override("id"):
        invalid = forms.ChoiceField.default_error_messages["invalid_choice"]
        assert errors["maturity"] == [invalid % {"value": "ripe"}]
    assert response["Content-Language"] == "id"


def test_a_bad_updated_since_is_400(api_as, world):
    response = api_as("korkot").get(LIST, {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert list(response.json()) == ["updated_since"]


# ---- Cursor pages and incremental sync -------------------------------------------------------


def test_pages_stay_stable_while_rows_are_inserted(api_as, world):
    before = {k.code for k in make_ksms(world, 5)} | {world.ours["ksm"].code}
    api = api_as("korkot")
    page = api.get(LIST, {"page_size": 2}).json()
    seen = [row["code"] for row in page["results"]]
    make_ksms(world, 3, prefix="KSM Sisipan")
    while page["next"]:
        page = api.get(page["next"]).json()
        seen += [row["code"] for row in page["results"]]
    assert len(seen) == len(set(seen)), "a row came twice"
    assert before <= set(seen), "a row that existed was skipped"


def test_updated_since_returns_exactly_the_ksms_whose_records_changed(api_as, world):
    with time_machine.travel(datetime.datetime(2027, 1, 1, 8, tzinfo=datetime.UTC), tick=False):
        a, b, c, d, e, f = make_ksms(world, 6)
    since = datetime.datetime(2027, 1, 2, 8, tzinfo=datetime.UTC)
    with time_machine.travel(since, tick=False):
        Member.objects.create(ksm=a, name="Dewi", gender=Gender.FEMALE)
        product = b.products.first()
        product.price = 2
        product.save()
        c.assessments.first().delete()
        d.name = "KSM Berganti Nama"
        d.save()
        e.members.filter(name="Budi").delete()
    api = api_as("korkot")
    changed = codes(api.get(LIST, {"updated_since": since.isoformat(), "page_size": 100}))
    assert changed == {a.code, b.code, c.code, d.code, e.code}
    later = (since + datetime.timedelta(seconds=1)).isoformat()
    assert codes(api.get(LIST, {"updated_since": later})) == set()
    assert f.code in codes(api.get(LIST, {"page_size": 100}))


# ---- Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["korkot", "pemda", "pusat"])
@pytest.mark.parametrize("n", [3, 30])
def test_the_list_runs_the_same_queries_for_3_or_30_ksms(
    api_as, world, django_assert_num_queries, n, persona
):
    make_ksms(world, n)
    make_ksms(world, n, city="theirs")
    api = api_as(persona)
    api.get(LIST)  # the token's first use writes its "last used" once
    # The token, the user's language, the user's scope (one query, Pusat's too), the page,
    # and its members, products and assessments.
    with django_assert_num_queries(7):
        response = api.get(LIST, {"page_size": 100})
    assert len(rows(response)) == (2 * n + 2 if persona == "pusat" else n + 1)


def test_a_filtered_list_adds_only_the_filters_own_queries(
    api_as, world, django_assert_num_queries
):
    make_ksms(world, 30)
    api = api_as("korkot")
    api.get(LIST)
    # And the city's and the kelurahan's checks.
    with django_assert_num_queries(9):
        response = api.get(
            LIST, {"city": METRO, "kelurahan": world.ours["ksm"].kelurahan_id, "q": "baru"}
        )
    assert len(rows(response)) == 30


def test_the_api_speaks_english_to_a_user_who_chose_it(api_as, world):
    from kotaku.language import remember

    remember(world.users["korkot"], "en")
    response = api_as("korkot").get(LIST, {"maturity": "ripe"})
    with translation.override("en"):
        assert response.json()["maturity"][0].startswith("Select a valid choice")
