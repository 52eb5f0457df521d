import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotaku.lib.choices import Gender
from kotaku.models import Kecamatan, Kelurahan
from ksm.models import Assessment, Ksm, Member, Product

LIST = reverse("ksm:ksm_list")
TODAY = datetime.date(2026, 8, 1)


def _names(response) -> list[str]:
    return [k.name for k in response.context["page"].object_list]


@pytest.fixture
def more(world):
    """Two more KSMs of our city, in a second kelurahan, to filter among."""
    metro = world.ours["ksm"]
    kel = Kelurahan.objects.create(kecamatan=metro.kelurahan.kecamatan, name="Yosodadi")
    pangan = Ksm.objects.create(
        name="KSM Pangan Sejahtera",
        kelurahan=kel,
        type=Ksm.Type.EKONOMI,
        ppmk_stage=Ksm.PpmkStage.III,
        maturity=Ksm.Maturity.KEMBANG,
        is_bdc_partner=True,
        chair_name="Ibu Sumarni",
    )
    Product.objects.create(
        ksm=pangan, name="Keripik", category="makanan_ringan", unit="kg", price=40_000
    )
    Product.objects.create(
        ksm=pangan, name="Kerupuk", category="makanan_ringan", unit="kg", price=1
    )
    drainase = Ksm.objects.create(
        name="KSM Drainase", kelurahan=kel, type=Ksm.Type.LINGKUNGAN, chair_name="Pak Hadi"
    )
    return {"kel": kel, "pangan": pangan, "drainase": drainase}


# ---- The list ----------------------------------------------------------------------------


def test_the_list_shows_only_the_users_area(client, world):
    client.force_login(world.users["korkot"])
    response = client.get(LIST)
    assert _names(response) == ["KSM Tenun Metro"]
    assert "KSM Tenun Medan" not in response.text
    assert list(response.context["filters"].fields["city"].queryset) == [world.metro]


def test_the_list_offers_add_ksm_to_writers_only(client, world):
    for persona, shown in [("fasilitator", True), ("pusat", True), ("korkot", False)]:
        client.force_login(world.users[persona])
        response = client.get(LIST)
        assert response.context["can_add"] is shown
        assert (reverse("ksm:ksm_create") in response.text) is shown


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "pangan"}, ["KSM Pangan Sejahtera"]),
        ({"q": "hadi"}, ["KSM Drainase"]),  # the chair's name
        ({"type": "lingkungan"}, ["KSM Drainase"]),
        ({"ppmk_stage": "3"}, ["KSM Pangan Sejahtera"]),
        ({"maturity": "kembang"}, ["KSM Pangan Sejahtera"]),
        ({"bdc_partner": "yes"}, ["KSM Pangan Sejahtera"]),
        ({"bdc_partner": "no"}, ["KSM Drainase", "KSM Tenun Metro"]),
        # Two snack products, listed once.
        ({"category": "makanan_ringan"}, ["KSM Pangan Sejahtera"]),
        ({"category": "tenun"}, ["KSM Tenun Metro"]),
    ],
)
def test_the_list_filters_and_searches(client, world, more, query, expected):
    client.force_login(world.users["fasilitator"])
    assert _names(client.get(LIST, query)) == expected


def test_the_list_filters_by_kelurahan_and_city(client, world, more):
    client.force_login(world.users["pusat"])
    assert _names(client.get(LIST, {"kelurahan": more["kel"].pk})) == [
        "KSM Drainase",
        "KSM Pangan Sejahtera",
    ]
    assert _names(client.get(LIST, {"city": world.medan.pk})) == ["KSM Tenun Medan"]


def test_the_list_refuses_a_city_outside_the_users_area(client, world):
    client.force_login(world.users["korkot"])
    response = client.get(LIST, {"city": world.medan.pk})
    assert "city" in response.context["filters"].errors
    assert _names(response) == ["KSM Tenun Metro"]  # the invalid filter is left out


def test_the_list_shows_member_counts_and_flagship_products(client, world):
    client.force_login(world.users["kmw"])
    response = client.get(LIST)
    ksm = response.context["page"].object_list[0]
    assert ksm.member_count == 1
    assert [p.name for p in ksm.flagships] == ["Kain tenun Metro"]


def _make_ksms(world, n: int, start: int = 0) -> None:
    kel = world.ours["ksm"].kelurahan
    for i in range(start, start + n):
        ksm = Ksm.objects.create(name=f"KSM {i:03}", kelurahan=kel)
        Member.objects.create(ksm=ksm, name="A", gender=Gender.FEMALE)
        Member.objects.create(ksm=ksm, name="B", gender=Gender.MALE)
        Product.objects.create(
            ksm=ksm, name="P", category="tenun", is_flagship=True, unit="pcs", price=1
        )


def _list_queries(client) -> int:
    cache.clear()  # nothing kept from the request before: the most the page runs
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, {"category": "tenun"})
        assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_is_constant_in_queries(client, world):
    client.force_login(world.users["fasilitator"])
    _make_ksms(world, 3)
    small = _list_queries(client)
    _make_ksms(world, 57, start=3)
    assert _list_queries(client) == small


def test_the_list_is_paginated(client, world):
    _make_ksms(world, 30)
    client.force_login(world.users["fasilitator"])
    assert len(client.get(LIST).context["page"].object_list) == 25
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 6


def test_the_navigation_links_to_the_list_for_assigned_users(client, world):
    client.force_login(world.users["pemda"])
    assert LIST in client.get(LIST).text
    client.force_login(world.users["unassigned"])
    labels = [i["label"] for i in client.get(LIST).context["nav_items"]]
    assert "KSM" not in labels


# ---- Registering and editing a KSM -------------------------------------------------------


def _ksm_data(kelurahan, **kw) -> dict:
    return {
        "name": "KSM Batik Baru",
        "kelurahan": kelurahan.pk,
        "type": "ekonomi",
        "ppmk_stage": "1",
        "maturity": "tunas",
        "chair_name": "Ibu Ani",
        **kw,
    }


def test_a_facilitator_registers_a_ksm_in_their_city(client, world):
    client.force_login(world.users["fasilitator"])
    kel = world.ours["ksm"].kelurahan
    response = client.post(reverse("ksm:ksm_create"), _ksm_data(kel))
    ksm = Ksm.objects.get(name="KSM Batik Baru")
    assert response.status_code == 302
    assert response["Location"] == reverse("ksm:ksm_detail", args=[ksm.code])
    assert ksm.city == world.metro


def test_the_ksm_form_offers_only_kelurahan_of_the_users_cities(client, world):
    client.force_login(world.users["fasilitator"])
    form = client.get(reverse("ksm:ksm_create")).context["form"]
    cities = {k.kecamatan.city for k in form.fields["kelurahan"].queryset}
    assert cities == {world.metro}


def test_a_kelurahan_of_another_city_is_refused(client, world):
    client.force_login(world.users["fasilitator"])
    theirs = world.theirs["ksm"].kelurahan
    response = client.post(reverse("ksm:ksm_create"), _ksm_data(theirs))
    assert response.status_code == 422
    assert "kelurahan" in response.context["form"].errors
    assert not Ksm.objects.filter(name="KSM Batik Baru").exists()


def test_a_duplicate_name_in_the_kelurahan_is_a_field_error_and_the_input_is_kept(client, world):
    client.force_login(world.users["fasilitator"])
    ours = world.ours["ksm"]
    data = _ksm_data(ours.kelurahan, name=ours.name, chair_name="Pak Budi")
    response = client.post(reverse("ksm:ksm_create"), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == ["name"]
    assert 'value="Pak Budi"' in response.text


def test_the_same_name_is_allowed_in_another_kelurahan(client, world):
    client.force_login(world.users["fasilitator"])
    ours = world.ours["ksm"]
    other = Kelurahan.objects.create(
        kecamatan=Kecamatan.objects.create(city=world.metro, name="Metro Pusat"), name="Imopuro"
    )
    response = client.post(reverse("ksm:ksm_create"), _ksm_data(other, name=ours.name))
    assert response.status_code == 302


def test_a_facilitator_edits_a_ksm_of_their_city(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    url = reverse("ksm:ksm_edit", args=[ksm.code])
    assert client.get(url).context["form"].initial["name"] == ksm.name
    response = client.post(url, _ksm_data(ksm.kelurahan, name=ksm.name, is_bdc_partner="on"))
    assert response.status_code == 302
    ksm.refresh_from_db()
    assert ksm.is_bdc_partner and ksm.chair_name == "Ibu Ani"


def test_editing_refuses_a_name_taken_by_another_ksm_of_the_kelurahan(client, world, more):
    ksm = more["drainase"]
    client.force_login(world.users["pusat"])
    url = reverse("ksm:ksm_edit", args=[ksm.code])
    response = client.post(url, _ksm_data(more["kel"], name="ksm pangan sejahtera"))
    assert response.status_code == 422
    assert "name" in response.context["form"].errors


# ---- Members, products, assessments ------------------------------------------------------


def test_a_facilitator_adds_a_member(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    url = reverse("ksm:member_add", args=[ksm.code])
    response = client.post(url, {"name": "Wati", "gender": Gender.FEMALE, "business": "Warung"})
    assert response.status_code == 302
    assert ksm.members.filter(name="Wati", business="Warung").exists()


def test_a_member_without_gender_or_with_a_taken_name_is_refused(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    url = reverse("ksm:member_add", args=[ksm.code])
    response = client.post(url, {"name": "Wati", "business": "Warung"})
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["gender"]
    assert 'value="Warung"' in response.text
    response = client.post(url, {"name": f"Siti {world.metro.name}", "gender": Gender.FEMALE})
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["name"]


def _product(**kw) -> dict:
    return {
        "name": "Selendang",
        "category": "tenun",
        "unit": "lembar",
        "price": "150000",
        "monthly_capacity": "20",
        **kw,
    }


def test_a_facilitator_adds_a_product(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["pusat"])
    response = client.post(reverse("ksm:product_add", args=[ksm.code]), _product())
    assert response.status_code == 302
    assert ksm.products.get(name="Selendang").price == 150_000


def test_a_negative_price_is_a_field_error(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    response = client.post(reverse("ksm:product_add", args=[ksm.code]), _product(price="-5"))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["price"]
    assert 'value="Selendang"' in response.text
    assert not ksm.products.filter(name="Selendang").exists()


def test_a_duplicate_product_name_is_a_field_error(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    data = _product(name=f"Kain tenun {world.metro.name}")
    response = client.post(reverse("ksm:product_add", args=[ksm.code]), data)
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["name"]


@time_machine.travel(TODAY, tick=False)
def test_recording_an_assessment_scores_it_and_moves_the_ksm_to_its_stage(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    criteria = ["voluntary", "activity", "rules", "democratic", "meetings", "savings"]
    response = client.post(
        reverse("ksm:assessment_add", args=[ksm.code]),
        {"assessed_on": "2026-07-30", "criteria": criteria, "note": "Rapat rutin"},
        follow=True,
    )
    assessment = ksm.assessments.first()
    assert (assessment.score, assessment.maturity) == (6, Ksm.Maturity.TUMBUH)
    assert assessment.assessed_by == world.users["fasilitator"]
    ksm.refresh_from_db()
    assert ksm.maturity == Ksm.Maturity.TUMBUH
    (message,) = [str(m) for m in response.context["messages"]]
    assert "6" in message and str(Ksm.Maturity.TUMBUH.label) in message


@time_machine.travel(TODAY, tick=False)
def test_a_backdated_assessment_does_not_change_the_current_stage(client, world):
    ksm = world.ours["ksm"]  # assessed on 1 March 2026
    Ksm.objects.filter(pk=ksm.pk).update(maturity=Ksm.Maturity.TUMBUH)
    client.force_login(world.users["fasilitator"])
    response = client.post(
        reverse("ksm:assessment_add", args=[ksm.code]), {"assessed_on": "2026-01-10"}
    )
    assert response.status_code == 302
    assert ksm.assessments.count() == 2
    ksm.refresh_from_db()
    assert ksm.maturity == Ksm.Maturity.TUMBUH


@time_machine.travel(TODAY, tick=False)
def test_an_assessment_in_the_future_is_refused(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["fasilitator"])
    response = client.post(
        reverse("ksm:assessment_add", args=[ksm.code]),
        {"assessed_on": "2026-08-02", "criteria": ["voluntary"], "note": "Besok"},
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["assessed_on"]
    assert "Besok" in response.text
    assert Assessment.objects.filter(ksm=ksm).count() == 1


# ---- Who may change a KSM ----------------------------------------------------------------

FORMS = ["ksm:ksm_edit", "ksm:member_add", "ksm:product_add", "ksm:assessment_add"]


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("persona", ["korkot", "pemda", "kmw"])
def test_readers_of_the_city_get_403_on_post(client, world, name, persona):
    ksm = world.ours["ksm"]
    client.force_login(world.users[persona])
    response = client.post(reverse(name, args=[ksm.code]), {"name": "X", "gender": "L"})
    assert response.status_code == 403
    assert ksm.members.count() == 1


@pytest.mark.parametrize("name", FORMS)
def test_a_facilitator_of_another_city_gets_404(client, world, name):
    client.force_login(world.users["fasilitator_other"])
    url = reverse(name, args=[world.ours["ksm"].code])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("persona", ["korkot", "kmw", "pemda"])
def test_readers_cannot_register_a_ksm(client, world, persona):
    client.force_login(world.users[persona])
    data = _ksm_data(world.ours["ksm"].kelurahan)
    # They read the area, so they are told they may not (403), not that nothing is there.
    assert client.get(reverse("ksm:ksm_create")).status_code == 403
    assert client.post(reverse("ksm:ksm_create"), data).status_code == 403
    assert not Ksm.objects.filter(name=data["name"]).exists()


@pytest.mark.parametrize("name", FORMS)
def test_the_forms_refuse_other_methods(client, world, name):
    client.force_login(world.users["fasilitator"])
    assert client.put(reverse(name, args=[world.ours["ksm"].code])).status_code == 405


def test_the_forms_send_anonymous_visitors_to_sign_in(client, world):
    response = client.get(reverse("ksm:ksm_create"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_ksm_page_shows_the_edit_buttons_to_writers_only(client, world):
    ksm = world.ours["ksm"]
    url = reverse("ksm:ksm_detail", args=[ksm.code])
    edit = reverse("ksm:ksm_edit", args=[ksm.code])
    client.force_login(world.users["fasilitator"])
    assert edit in client.get(url).text
    client.force_login(world.users["korkot"])
    response = client.get(url)
    assert response.context["can_edit"] is False and edit not in response.text


@pytest.mark.parametrize("sort_up_to", [0, 10_000], ids=["walks-the-name-index", "sorts-matches"])
def test_a_search_lists_the_same_pages_in_the_same_order_either_way(
    client, world, monkeypatch, sort_up_to
):
    """ksm.views.registry_order picks how the order is reached by the number of matches; the
    pages, their order and the count must not depend on it."""
    kel = world.ours["ksm"].kelurahan
    for i in (7, 3, 30, 12, 1, 25, 19, 28, 4, 26, 11, 2, 9, 27, 15, 22, 5, 29, 18, 6, 24, 8,
              21, 10, 13, 20, 14, 23, 16, 17):  # fmt: skip
        Ksm.objects.create(name=f"Songket {i:02}", kelurahan=kel)
    Ksm.objects.create(name="Batik 01", kelurahan=kel)
    monkeypatch.setattr("ksm.views.SORT_MATCHES_UP_TO", sort_up_to)
    client.force_login(world.users["fasilitator"])
    first = client.get(LIST, {"q": "songket"})
    second = client.get(LIST, {"q": "songket", "page": 2})
    assert first.context["page"].paginator.count == 30
    assert _names(first) + _names(second) == [f"Songket {i:02}" for i in range(1, 31)]


def test_a_search_reads_its_matches_once(client, world):
    """The ids of a few matches, read once in order, give the count and the page: the page's
    rows are read by id, and no query counts them."""
    _make_ksms(world, 3)
    client.force_login(world.users["fasilitator"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, {"q": "KSM 00"})
    assert response.status_code == 200
    searching = [q["sql"] for q in ctx.captured_queries if "LIKE" in q["sql"]]
    assert len(searching) == 1 and 'FROM "ksm_ksm"' in searching[0]
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert not [sql for sql in counts if 'FROM "ksm_ksm"' in sql]
    assert response.context["page"].paginator.count == 3


def test_a_search_of_many_matches_is_counted_and_walks_the_name_index(client, world, monkeypatch):
    """Past SORT_MATCHES_UP_TO matches the ids are not kept: the matches are counted live
    (no time on the pager) and the page is read in name order."""
    _make_ksms(world, 3)
    monkeypatch.setattr("ksm.views.SORT_MATCHES_UP_TO", 2)
    client.force_login(world.users["fasilitator"])
    response = client.get(LIST, {"q": "KSM 00"})
    assert response.context["page"].paginator.count == 3
    assert response.context["pages_counted_at"] is None
    assert _names(response) == sorted(_names(response))
