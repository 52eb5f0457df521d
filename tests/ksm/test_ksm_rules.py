"""The rules a KSM's record obeys, the same in the form, the import and the admin: a phone
number in Indonesian form, stored as "+62...", and a formation date not in the future."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from ksm.models import Ksm
from tests.ksm.sheets import csv_file

TODAY = datetime.date(2026, 8, 1)
IMPORT = reverse("ksm:ksm_import")
HEADER = ["Kode kota", "Kecamatan", "Kelurahan", "Nama KSM", "Tanggal dibentuk", "Telepon"]


def _ksm_data(kelurahan, **kw) -> dict:
    return {"name": "KSM Batik Baru", "kelurahan": kelurahan.pk, "type": "ekonomi",
            "ppmk_stage": "1", "maturity": "tunas", **kw}  # fmt: skip


@pytest.fixture
def fasilitator(client, world):
    client.force_login(world.users["fasilitator"])
    return client


def _import_row(client, world, *, formed_on="", phone=""):
    kel = world.ours["ksm"].kelurahan
    row = [world.metro.code, kel.kecamatan.name, kel.name, "KSM Batik Baru", formed_on, phone]
    response = client.post(IMPORT, {"file": csv_file([HEADER, row], "ksm.csv")})
    return response.context["report"].sheets[0].rows[0]


# ---- The form ----------------------------------------------------------------------------


def test_the_form_stores_a_phone_number_in_one_form(fasilitator, world):
    data = _ksm_data(world.ours["ksm"].kelurahan, phone="0812 3456 7890")
    assert fasilitator.post(reverse("ksm:ksm_create"), data).status_code == 302
    assert Ksm.objects.get(name="KSM Batik Baru").phone == "+6281234567890"


def test_the_form_refuses_what_is_no_phone_number(fasilitator, world):
    data = _ksm_data(world.ours["ksm"].kelurahan, phone="abc-not-a-phone")
    response = fasilitator.post(reverse("ksm:ksm_create"), data)
    assert response.status_code == 422
    assert response.context["form"].errors["phone"] == [
        "abc-not-a-phone bukan nomor telepon Indonesia. Tulis seperti 0812-3456-7890 atau "
        "+62 812-3456-7890."
    ]
    assert 'value="abc-not-a-phone"' in response.text  # kept for correcting
    assert not Ksm.objects.filter(name="KSM Batik Baru").exists()


@time_machine.travel(TODAY, tick=False)
def test_the_form_refuses_a_formation_date_in_the_future(fasilitator, world):
    data = _ksm_data(world.ours["ksm"].kelurahan, formed_on="2026-08-02")
    response = fasilitator.post(reverse("ksm:ksm_create"), data)
    assert response.status_code == 422
    assert response.context["form"].errors["formed_on"] == [
        "Tanggal pembentukan tidak boleh di masa depan."
    ]
    assert 'max="2026-08-01"' in response.text


@time_machine.travel(TODAY, tick=False)
def test_the_form_accepts_a_ksm_formed_today(fasilitator, world):
    data = _ksm_data(world.ours["ksm"].kelurahan, formed_on="2026-08-01")
    assert fasilitator.post(reverse("ksm:ksm_create"), data).status_code == 302


def test_editing_keeps_the_rules(fasilitator, world):
    ksm = world.ours["ksm"]
    url = reverse("ksm:ksm_edit", args=[ksm.code])
    data = _ksm_data(ksm.kelurahan, name=ksm.name, phone="+1 202 555 0100")
    assert fasilitator.post(url, data).status_code == 422
    data["phone"] = "62-812-1111-2222"
    assert fasilitator.post(url, data).status_code == 302
    ksm.refresh_from_db()
    assert ksm.phone == "+6281211112222"


# ---- The import: the same rules ----------------------------------------------------------


def test_the_import_refuses_what_is_no_phone_number(fasilitator, world):
    row = _import_row(fasilitator, world, phone="abc-not-a-phone")
    assert row.errors == [
        "Telepon: abc-not-a-phone bukan nomor telepon Indonesia. Tulis seperti 0812-3456-7890 "
        "atau +62 812-3456-7890."
    ]


@time_machine.travel(TODAY, tick=False)
def test_the_import_refuses_a_formation_date_in_the_future(fasilitator, world):
    row = _import_row(fasilitator, world, formed_on="02/08/2026")
    assert row.errors == ["Tanggal dibentuk: Tanggal pembentukan tidak boleh di masa depan."]


@pytest.mark.parametrize("phone", ["0812-3456-7890", "81234567890"])  # typed; Excel's number
def test_the_import_stores_a_phone_number_in_the_same_form(fasilitator, world, phone):
    kel = world.ours["ksm"].kelurahan
    row = [world.metro.code, kel.kecamatan.name, kel.name, "KSM Batik Baru", "", phone]
    response = fasilitator.post(IMPORT, {"file": csv_file([HEADER, row], "ksm.csv")})
    assert response.context["report"].sheets[0].rows[0].errors == []
    fasilitator.post(IMPORT, {"confirm": response.context["token"]})
    assert Ksm.objects.get(name="KSM Batik Baru").phone == "+6281234567890"
