"""Importing a BDC's Komite and Pengelola list."""

from django.urls import reverse

from bdc.models import BdcPerson
from tests.ksm.sheets import csv_file

HEADER = ["Badan (Komite atau Pengelola)", "Nama", "Jabatan", "Unsur", "Jenis kelamin"]


def url(world):
    return reverse("bdc:people_import", args=[world.metro.code])


def test_people_import_dry_run_confirm_and_reimport(client, world):
    client.force_login(world.users["fasilitator"])
    rows = [
        HEADER,
        ["Komite", "Drs. Hartono", "Anggota", "Akademisi", "L"],
        ["Pengelola", "Sri Wahyuni", "Manajer", "Profesional", "Perempuan"],
    ]
    before = BdcPerson.objects.count()
    response = client.post(url(world), {"file": csv_file(rows, name="komite.csv")})
    assert not response.context["report"].has_errors
    assert BdcPerson.objects.count() == before
    client.post(url(world), {"confirm": response.context["token"]})
    person = BdcPerson.objects.get(name="Sri Wahyuni")
    assert (person.body, person.unsur, person.gender) == ("pengelola", "profesional", "P")
    assert person.bdc == world.ours["bdc"]

    again = client.post(url(world), {"file": csv_file(rows, name="komite.csv")})
    assert again.context["report"].changes == 0


def test_bad_rows_are_reported_and_nothing_is_written(client, world):
    client.force_login(world.users["fasilitator"])
    rows = [
        HEADER,
        ["Komite", "Drs. Hartono", "Anggota", "Akademisi", "W"],
        ["Dewan", "Ani", "Anggota", "Pemda", "P"],
        ["Komite", "", "Anggota", "Pemda", "P"],
        ["Komite", "Budi", "Anggota", "Pemda", "L"],
        ["komite", "budi", "Bendahara", "Pemda", "L"],
    ]
    before = BdcPerson.objects.count()
    response = client.post(url(world), {"file": csv_file(rows, name="komite.csv")})
    errors = [row.errors for row in response.context["report"].sheets[0].rows]
    assert errors[0] == ["Nilai jenis kelamin salah: W. Tulis L (laki-laki) atau P (perempuan)."]
    assert errors[1] == ["Badan (Komite atau Pengelola): Nilai tidak dikenal: Dewan."]
    assert errors[2] == ["Nama belum diisi."]
    assert errors[3] == []
    assert errors[4] == ["Duplikat: baris 5 sudah memuat data ini."]
    assert "token" not in response.context
    assert BdcPerson.objects.count() == before


def test_a_list_without_the_active_column_leaves_people_as_they_are(client, world):
    client.force_login(world.users["fasilitator"])
    rows = [HEADER, ["Komite", "Drs. Hartono", "Anggota", "Akademisi", "L"]]
    response = client.post(url(world), {"file": csv_file(rows, name="komite.csv")})
    client.post(url(world), {"confirm": response.context["token"]})
    BdcPerson.objects.filter(name="Drs. Hartono").update(is_active=False)  # left the Komite
    again = client.post(url(world), {"file": csv_file(rows, name="komite.csv")})
    assert again.context["report"].changes == 0
