"""Imports never invent places: an unknown kelurahan is a refused row with the closest known
names of the row's city suggested. Only Pusat adds kelurahan, in the admin."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import RequestFactory
from django.urls import reverse

from kotaku.models import Assignment, Kecamatan, Kelurahan, Role
from ksm.models import Ksm
from tests.ksm.sheets import csv_file

IMPORT = reverse("ksm:ksm_import")
HEADER = ["Kode kota", "Kecamatan", "Kelurahan", "Nama KSM"]


@pytest.fixture
def places(world):
    """Kota Metro's places as Pusat recorded them; Kota Medan has a "Yosodadi" too."""
    timur = Kecamatan.objects.create(city=world.metro, name="Metro Timur")
    pusat = Kecamatan.objects.create(city=world.metro, name="Metro Pusat")
    for name in ("Yosodadi", "Yosorejo", "Tejosari"):
        Kelurahan.objects.create(kecamatan=timur, name=name)
    Kelurahan.objects.create(kecamatan=pusat, name="Hadimulyo Barat")
    medan = Kecamatan.objects.create(city=world.medan, name="Medan Kota")
    Kelurahan.objects.create(kecamatan=medan, name="Yosodadi Baru")
    return {"timur": timur, "pusat": pusat}


def _import(client, user, *rows):
    client.force_login(user)
    upload = csv_file([HEADER, *[list(r) for r in rows]], "ksm.csv")
    response = client.post(IMPORT, {"file": upload})
    return response, response.context["report"]


def _counts() -> tuple[int, int, int]:
    return Kecamatan.objects.count(), Kelurahan.objects.count(), Ksm.objects.count()


@pytest.mark.parametrize("persona", ["fasilitator", "pusat"])
def test_a_misspelt_kelurahan_is_refused_with_the_close_name(client, world, places, persona):
    before = _counts()
    _, report = _import(client, world.users[persona], ["1872", "Metro Timur", "Yosodadii", "KSM A"])
    [row] = report.sheets[0].rows
    assert row.errors == [
        'Kelurahan tidak dikenal: "Yosodadii", kecamatan Metro Timur, Kota Metro. Apakah '
        'maksud Anda "Yosodadi" (kecamatan Metro Timur)?'
    ]
    assert not report.committed and _counts() == before


def test_a_kelurahan_under_a_misspelt_kecamatan_is_found_in_its_own(client, world, places):
    _, report = _import(
        client, world.users["fasilitator"], ["1872", "Metro Timurr", "yosodadi", "KSM A"]
    )
    [row] = report.sheets[0].rows
    assert row.errors == [
        'Kelurahan tidak dikenal: "yosodadi", kecamatan Metro Timurr, Kota Metro. Apakah '
        'maksud Anda "Yosodadi" (kecamatan Metro Timur)?'
    ]
    assert not Kecamatan.objects.filter(name="Metro Timurr").exists()


def test_suggestions_come_from_the_rows_city_only(client, world, places):
    _, report = _import(
        client, world.users["pusat"], ["1872", "Metro Timur", "Yosodadi Baruu", "KSM A"]
    )
    [row] = report.sheets[0].rows
    assert "Medan" not in row.errors[0]
    assert '"Yosodadi" (kecamatan Metro Timur)' in row.errors[0]


def test_a_name_close_to_nothing_says_who_adds_kelurahan(client, world, places):
    _, report = _import(client, world.users["pusat"], ["1872", "Metro Timur", "Zzyzx", "KSM A"])
    [row] = report.sheets[0].rows
    assert row.errors == [
        'Kelurahan tidak dikenal: "Zzyzx", kecamatan Metro Timur, Kota Metro. Hanya Pusat yang '
        "menambahkan kelurahan: perbaiki namanya atau minta Pusat menambahkannya."
    ]


def test_a_known_kelurahan_in_any_case_is_used(client, world, places):
    response, report = _import(
        client, world.users["fasilitator"], ["1872", "metro timur", "YOSODADI", "KSM A"]
    )
    assert not report.has_errors
    before = _counts()
    client.post(IMPORT, {"confirm": response.context["token"]})
    ksm = Ksm.objects.get(name="KSM A")
    assert ksm.kelurahan.name == "Yosodadi" and ksm.city == world.metro
    assert _counts()[:2] == before[:2]  # no place was added


def test_a_good_row_is_not_written_when_another_names_an_unknown_kelurahan(client, world, places):
    response, report = _import(
        client,
        world.users["fasilitator"],
        ["1872", "Metro Timur", "Yosodadi", "KSM A"],
        ["1872", "Metro Timur", "Tejosarii", "KSM B"],
    )
    assert [r.errors == [] for r in report.sheets[0].rows] == [True, False]
    assert "token" not in response.context


# ---- The admin: only Pusat adds places --------------------------------------------------


@pytest.fixture
def staff_korkot(world):
    """A Korkot who was made staff and given every place permission: still not Pusat."""
    user = User.objects.create_user("korkot-staf", password="x-password-123", is_staff=True)
    Assignment.objects.create(user=user, role=Role.KORKOT, city=world.metro)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="kotaku", codename__contains="kel")
        | Permission.objects.filter(content_type__app_label="kotaku", codename__contains="kec")
    )
    return user


@pytest.mark.parametrize("model", [Kelurahan, Kecamatan])
def test_only_pusat_may_add_places_in_the_admin(world, staff_korkot, model):
    request = RequestFactory().get("/")
    model_admin = admin.site._registry[model]
    request.user = staff_korkot
    assert model_admin.has_add_permission(request) is False
    request.user = world.users["pusat"]
    assert model_admin.has_add_permission(request) is True


def test_the_kecamatan_page_offers_new_kelurahan_rows_to_pusat_only(world, staff_korkot, places):
    [inline] = admin.site._registry[Kecamatan].inlines
    request = RequestFactory().get("/")
    request.user = staff_korkot
    assert inline(Kecamatan, admin.site).has_add_permission(request, places["timur"]) is False
    request.user = world.users["pusat"]
    assert inline(Kecamatan, admin.site).has_add_permission(request, places["timur"]) is True


def test_a_non_pusat_staff_member_cannot_post_a_new_kelurahan(client, world, staff_korkot, places):
    client.force_login(staff_korkot)
    url = reverse("admin:kotaku_kelurahan_add")
    response = client.post(url, {"kecamatan": places["timur"].pk, "name": "Baru"})
    assert response.status_code == 403
    assert not Kelurahan.objects.filter(name="Baru").exists()


def test_a_file_full_of_unknown_names_is_answered_without_suggesting_for_each(
    client, world, places, monkeypatch
):
    monkeypatch.setattr("ksm.imports.MAX_SUGGESTED", 2)
    names = ["Yosodadii", "Yosorejoo", "Tejosarii", "Yosodadii"]
    rows = [["1872", "Metro Timur", name, f"KSM {n}"] for n, name in enumerate(names)]
    _, report = _import(client, world.users["pusat"], *rows)
    errors = [row.errors[0] for row in report.sheets[0].rows]
    assert "Apakah maksud Anda" in errors[0] and "Apakah maksud Anda" in errors[1]
    assert "Hanya Pusat yang menambahkan kelurahan" in errors[2]  # past the limit
    assert errors[3] == errors[0]  # the same name again: the same answer
