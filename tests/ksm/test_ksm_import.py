"""Importing KSMs, members and products: the dry run, all-or-nothing, re-import, scope."""

import pytest
from django.urls import reverse

from kotaku.models import Kecamatan, Kelurahan
from ksm.models import Ksm, Member, Product
from tests.ksm.sheets import csv_file, download, xlsx

IMPORT = reverse("ksm:ksm_import")

KSM_HEADER = ["Kode KSM", "Kode kota", "Kecamatan", "Kelurahan", "Nama KSM", "Jenis", "Tahap PPMK",
              "Tingkat kematangan", "Tanggal dibentuk", "Mitra BDC", "Ketua"]  # fmt: skip
MEMBER_HEADER = ["Nama KSM", "Nama anggota", "Jenis kelamin", "Penyandang disabilitas"]
PRODUCT_HEADER = ["Nama KSM", "Nama produk", "Kategori", "Produk unggulan", "Satuan",
                  "Harga (Rp)"]  # fmt: skip


def good_sheets() -> dict[str, list[list]]:
    return {
        "KSM": [
            KSM_HEADER,
            ["", "1872", "Metro Pusat", "Hadimulyo", "KSM Batik Metro", "Ekonomi", "II",
             "Tumbuh", "03/02/2024", "Ya", "Ibu Rini"],
        ],
        "Anggota": [
            MEMBER_HEADER,
            ["KSM Batik Metro", "Rini Astuti", "P", "Tidak"],
            ["KSM Batik Metro", "Joko Susilo", "Laki-laki", "Ya"],
        ],
        "Produk": [
            PRODUCT_HEADER,
            ["KSM Batik Metro", "Batik tulis", "Kerajinan", "Ya", "lembar", "Rp 350.000"],
        ],
    }  # fmt: skip


def record_counts() -> tuple[int, int, int, int]:
    return (
        Ksm.objects.count(),
        Member.objects.count(),
        Product.objects.count(),
        Kelurahan.objects.count(),
    )


def dry_run(client, upload):
    response = client.post(IMPORT, {"file": upload})
    return response, response.context.get("report") if response.context else None


@pytest.fixture(autouse=True)
def hadimulyo(world):
    """The kelurahan the files name, as Pusat recorded it: imports never create places."""
    kecamatan = Kecamatan.objects.create(city=world.metro, name="Metro Pusat")
    return Kelurahan.objects.create(kecamatan=kecamatan, name="Hadimulyo")


@pytest.fixture
def fasilitator(client, world):
    client.force_login(world.users["fasilitator"])
    return client


def rows_by_number(sheet) -> dict[int, list[str]]:
    return {row.number: row.errors for row in sheet.rows}


def test_dry_run_reports_each_bad_row_with_its_reason_and_writes_nothing(fasilitator, world):
    before = record_counts()
    sheets = {
        "KSM": [
            KSM_HEADER,
            ["", "1872", "Metro Pusat", "Hadimulyo", "KSM Batik Metro", "Ekonomi", "II",
             "Tumbuh", "", "Ya", ""],
            ["", "9999", "Entah", "Entah", "KSM Tak Dikenal", "", "", "", "", "", ""],
            ["", "1275", "Medan Kota", "Sei Rengas", "KSM Medan Baru", "", "", "", "", "", ""],
            ["", "1872", "Metro Pusat", "Hadimulyo", "", "", "", "", "", "", ""],
            ["", "1872", "Metro Pusat", "Hadimulyo", "KSM Batik Metro", "", "", "", "", "", ""],
            ["", "1872", "Metro Pusat", "Hadimulyo", "KSM Roti", "Pabrik", "IV", "", "31/02/2024",
             "mungkin", ""],
        ],
        "Anggota": [
            MEMBER_HEADER,
            ["KSM Batik Metro", "Rini Astuti", "P", "Tidak"],
            ["KSM Batik Metro", "Joko Susilo", "X", ""],
            ["KSM Batik Metro", "", "L", ""],
            ["KSM Entah", "Budi", "L", ""],
        ],
        "Produk": [
            PRODUCT_HEADER,
            ["KSM Batik Metro", "Batik tulis", "Kerajinan", "Ya", "lembar", "dua ratus ribu"],
            ["KSM Batik Metro", "Batik cap", "Kerajinan", "Tidak", "lembar", "12,5"],
            ["KSM Batik Metro", "Batik cetak", "Kerajinan", "Tidak", "lembar", "125.000"],
        ],
    }  # fmt: skip
    response, report = dry_run(fasilitator, xlsx(sheets))

    assert response.status_code == 200
    assert report.has_errors and not report.committed
    assert "token" not in response.context  # no confirm button
    ksm, members, products = report.sheets
    errors = rows_by_number(ksm)
    assert errors[2] == []
    assert errors[3] == ["Kota tidak dikenal: 9999."]
    assert errors[4] == ["Kota 1275 berada di luar wilayah Anda."]
    assert errors[5] == ["Nama KSM belum diisi."]
    assert errors[6] == ["Duplikat: baris 2 sudah memuat data ini."]
    assert any("Jenis: Nilai tidak dikenal: Pabrik." in e for e in errors[7])
    assert any("Tahap PPMK" in e and "IV" in e for e in errors[7])
    assert any("Tanggal dibentuk" in e and "31/02/2024" in e for e in errors[7])
    member_errors = rows_by_number(members)
    assert member_errors[2] == []
    assert member_errors[3] == [
        "Nilai jenis kelamin salah: X. Tulis L (laki-laki) atau P (perempuan)."
    ]
    assert member_errors[4] == ["Nama anggota belum diisi."]
    assert member_errors[5] == ["KSM tidak dikenal: KSM Entah."]
    product_errors = rows_by_number(products)
    assert any("Bukan angka: dua ratus ribu" in e for e in product_errors[2])
    assert product_errors[3] == ["Harga (Rp): Harus bilangan bulat, bukan 12,5."]
    assert product_errors[4] == []
    # The page shows each reason next to its row, in Indonesian.
    page = response.content.decode()
    assert "Kota tidak dikenal: 9999." in page
    assert "Tidak ada yang disimpan" in page
    assert record_counts() == before


def test_a_good_file_is_written_only_on_confirm_then_reimport_is_a_no_op(fasilitator, world):
    before = record_counts()
    response, report = dry_run(fasilitator, xlsx(good_sheets()))
    assert not report.has_errors
    assert [s.counts["create"] for s in report.sheets] == [1, 2, 1]
    assert record_counts() == before  # a dry run writes nothing

    response = fasilitator.post(IMPORT, {"confirm": response.context["token"]})
    assert response.status_code == 302
    ksm = Ksm.objects.get(name="KSM Batik Metro")
    assert (ksm.city, ksm.ppmk_stage, ksm.maturity, ksm.is_bdc_partner) == (
        world.metro, 2, "tumbuh", True,
    )  # fmt: skip
    assert str(ksm.formed_on) == "2024-02-03"
    assert {(m.name, m.gender, m.has_disability) for m in ksm.members.all()} == {
        ("Rini Astuti", "P", False),
        ("Joko Susilo", "L", True),
    }
    assert ksm.products.get().price == 350_000
    assert ksm.history.get().history_user == world.users["fasilitator"]
    after = record_counts()
    assert after == (before[0] + 1, before[1] + 2, before[2] + 1, before[3])  # no new place

    # The same file again: nothing to do, and nothing is offered to confirm.
    response, report = dry_run(fasilitator, xlsx(good_sheets()))
    assert not report.has_errors and report.changes == 0
    assert [s.counts["unchanged"] for s in report.sheets] == [1, 2, 1]
    assert "token" not in response.context
    assert record_counts() == after


def test_a_changed_cell_is_reported_as_a_change(fasilitator, world):
    sheets = good_sheets()
    fasilitator.post(IMPORT, {"confirm": dry_run(fasilitator, xlsx(sheets))[0].context["token"]})
    sheets["KSM"][1][6] = "III"
    _, report = dry_run(fasilitator, xlsx(sheets))
    row = report.sheets[0].rows[0]
    assert row.action == "update"
    assert row.changes == ["Tahap PPMK: 2 → 3"]


def test_confirm_writes_all_rows_or_none(fasilitator, world):
    """A row that was good at the dry run but fails at confirmation stops the whole import."""
    sheets = good_sheets()
    sheets["KSM"].append(["ABCDEFGH12", "1872", "Metro Pusat", "Hadimulyo", "KSM Kedua"] + [""] * 6)
    response, report = dry_run(fasilitator, xlsx(sheets))
    assert not report.has_errors
    # Meanwhile the code is taken by a KSM in another city.
    Ksm.objects.create(code="ABCDEFGH12", name="Lain", kelurahan=world.theirs["ksm"].kelurahan)
    before = record_counts()

    response = fasilitator.post(IMPORT, {"confirm": response.context["token"]})

    assert response.status_code == 409
    assert record_counts() == before
    assert not Ksm.objects.filter(name="KSM Batik Metro").exists()
    assert "Tidak ada yang disimpan" in response.content.decode()


def test_confirm_needs_the_token_of_this_users_dry_run(fasilitator, client, world):
    response = fasilitator.post(IMPORT, {"confirm": "not-a-token"}, follow=True)
    assert "Impor tersebut sudah kedaluwarsa" in response.content.decode()
    assert not Ksm.objects.filter(name="KSM Batik Metro").exists()


def test_csv_members_with_semicolons_join_an_existing_ksm(fasilitator, world):
    ksm = world.ours["ksm"]
    upload = csv_file([["Kode KSM", "Nama anggota", "Jenis kelamin", "Jenis usaha"],
                       [ksm.code, "Wati", "Perempuan", "Warung"]])  # fmt: skip
    response, report = dry_run(fasilitator, upload)
    assert [s.title for s in report.sheets] == ["Anggota"]
    fasilitator.post(IMPORT, {"confirm": response.context["token"]})
    assert ksm.members.get(name="Wati").business == "Warung"


def test_another_citys_ksm_cannot_be_reached_by_code(fasilitator, world):
    theirs = world.theirs["ksm"]
    upload = csv_file([["Kode KSM", "Nama anggota", "Jenis kelamin"], [theirs.code, "Ani", "P"]])
    _, report = dry_run(fasilitator, upload)
    assert report.sheets[0].rows[0].errors == [f"Kode KSM tidak dikenal: {theirs.code}."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ksm.pdf", b"%PDF-1.4", "Unggah buku kerja Excel (.xlsx) atau berkas CSV (.csv)."),
        ("ksm.xlsx", b"not a zip", "Berkas ini bukan buku kerja Excel yang dapat dibaca."),
        ("ksm.csv", b";;\n\n", "Berkas ini tidak memiliki baris."),
    ],
)
def test_unreadable_files_are_refused_with_a_message(fasilitator, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = fasilitator.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [message]


def test_a_sheet_without_a_required_column_is_rejected(fasilitator):
    _, report = dry_run(fasilitator, xlsx({"KSM": [["Nama KSM"], ["KSM X"]]}))
    assert report.sheets[0].errors == ["Kolom yang hilang: Kecamatan, Kelurahan."]


@pytest.mark.parametrize(
    ("persona", "status"),
    # Readers of an area are told they may not (403); a user with no area finds nothing.
    [("korkot", 403), ("kmw", 403), ("pemda", 403), ("unassigned", 404)],
)
def test_only_those_who_record_may_import(client, world, persona, status):
    client.force_login(world.users[persona])
    assert client.get(IMPORT).status_code == status
    assert client.post(IMPORT, {"file": xlsx(good_sheets())}).status_code == status
    assert client.get(reverse("ksm:ksm_import_template")).status_code == status


def test_the_template_has_the_columns_the_import_reads(fasilitator):
    from tests.ksm.sheets import cells

    workbook = cells(download(fasilitator.get(reverse("ksm:ksm_import_template"))))
    assert list(workbook) == ["KSM", "Anggota", "Produk", "Petunjuk"]
    assert workbook["KSM"][0][:3] == ["Kode KSM", "Provinsi", "Kode kota"]
    assert "Jenis kelamin" in workbook["Anggota"][0]
    # The template itself imports cleanly: it has headers and no rows.
    _, report = dry_run(fasilitator, xlsx(workbook))
    assert not report.has_errors


# Odd files and cells, as they come from the field -------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"Nama KSM;Nama anggota;Jenis kelamin\nX;Y\x81;L\n",  # a byte no Windows encoding has
        b"Nama KSM;Nama anggota;Jenis kelamin\rX;Y;L\r",  # old Mac line endings
        b"Nama KSM;Nama anggota;Jenis kelamin\nX;" + b"y" * 200_000 + b";L\n",  # a huge field
        b'Nama KSM;Nama anggota;Jenis kelamin\nX;"unterminated\n',
    ],
)
def test_odd_csv_files_get_an_answer_not_an_error(fasilitator, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = fasilitator.post(IMPORT, {"file": SimpleUploadedFile("a.csv", content)})
    assert response.status_code in (200, 422)


def test_a_damaged_workbook_is_refused_with_a_message(fasilitator):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    good = xlsx(good_sheets()).read()
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row><c t='n'><v>abc</v></c></row>")
            target.writestr(item, data)
    upload = SimpleUploadedFile("rusak.xlsx", damaged.getvalue())
    response = fasilitator.post(IMPORT, {"file": upload})
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Berkas ini bukan buku kerja Excel yang dapat dibaca."
    ]


def test_a_value_far_to_the_right_does_not_widen_every_row(fasilitator):
    from openpyxl.utils import get_column_letter

    sheets = good_sheets()
    sheets["KSM"][1] = sheets["KSM"][1] + [None] * 16000 + ["x"]
    assert get_column_letter(len(sheets["KSM"][1])) > "WA"
    _, report = dry_run(fasilitator, xlsx(sheets))
    assert not report.has_errors


def test_names_are_matched_as_typed_so_a_reimport_changes_nothing(fasilitator, world):
    ksm = world.ours["ksm"]
    upload = [["Kode KSM", "Nama anggota", "Jenis kelamin"], [ksm.code, "Siti  Aminah\x02", "P"]]
    response, _ = dry_run(fasilitator, csv_file(upload))
    fasilitator.post(IMPORT, {"confirm": response.context["token"]})
    assert ksm.members.filter(name="Siti  Aminah").exists()  # control character dropped
    _, report = dry_run(fasilitator, csv_file(upload))
    assert report.changes == 0


def test_a_kecamatan_recorded_twice_in_different_case_does_not_break_the_import(fasilitator, world):
    Kecamatan.objects.create(city=world.metro, name="METRO PUSAT")
    _, report = dry_run(fasilitator, xlsx(good_sheets()))
    assert not report.has_errors


def test_excel_day_numbers_and_numeric_yes_no_are_read(fasilitator, world):
    sheets = good_sheets()
    sheets["KSM"][1][8] = 45000  # a date cell that lost its format
    sheets["KSM"][1][9] = 1.0
    response, report = dry_run(fasilitator, xlsx(sheets))
    assert not report.has_errors
    fasilitator.post(IMPORT, {"confirm": response.context["token"]})
    ksm = Ksm.objects.get(name="KSM Batik Metro")
    assert (str(ksm.formed_on), ksm.is_bdc_partner) == ("2023-03-15", True)


def test_files_of_dry_runs_nobody_confirmed_are_deleted_later(fasilitator, world, time_machine):
    from django.core.files.storage import default_storage

    def pending() -> set[str]:
        try:
            return set(default_storage.listdir("imports")[1])
        except FileNotFoundError:
            return set()

    time_machine.move_to("2026-11-01 09:00 +0700")
    before = pending()
    dry_run(fasilitator, xlsx(good_sheets()))  # never confirmed
    [abandoned] = pending() - before
    time_machine.move_to("2026-11-03 09:00 +0700")
    fasilitator.force_login(world.users["fasilitator"])  # a new session, days later
    dry_run(fasilitator, csv_file([["Nama KSM", "Nama anggota", "Jenis kelamin"]]))
    assert abandoned not in pending()


# Files built to exhaust the server ---------------------------------------------------------


def test_unknown_headers_are_echoed_short_and_few_on_the_dry_run_page(fasilitator):
    sheets = good_sheets()
    sheets["KSM"][0] = KSM_HEADER + [f"kolom {n} " + "x" * 4000 for n in range(50)]
    response, report = dry_run(fasilitator, xlsx(sheets))
    assert not report.has_errors
    shown = report.sheets[0].ignored_columns
    assert len(shown) == 11 and shown[-1] == "dan 40 kolom lainnya"
    page = response.content.decode()
    assert "dan 40 kolom lainnya" in page
    assert "x" * 100 not in page
    assert len(page) < 100_000


def test_a_decompression_bomb_is_refused_on_the_page_with_a_clear_message(fasilitator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.ksm.sheets import SHEET_HEAD, SHEET_TAIL, workbook_with_sheet

    bomb = workbook_with_sheet((SHEET_HEAD, b"<row/>" * 1_000_000, SHEET_TAIL), chunks=43)
    response = fasilitator.post(IMPORT, {"file": SimpleUploadedFile("bom.xlsx", bomb)})
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Buku kerja ini mengembang menjadi lebih dari 64 MB saat dibuka. Pecah menjadi beberapa "
        "berkas yang lebih kecil atau hapus baris kosong."
    ]


# Positions (optional columns, for the maps) --------------------------------------------------


def with_position(lat, lon) -> dict[str, list[list]]:
    sheets = good_sheets()
    sheets["KSM"][0] = [*KSM_HEADER, "Latitude", "Longitude"]
    sheets["KSM"][1] = [*sheets["KSM"][1], lat, lon]
    return sheets


def test_a_position_is_imported_and_a_file_without_one_leaves_it(fasilitator, world):
    from decimal import Decimal

    response, report = dry_run(fasilitator, xlsx(with_position(-5.11340049, "105,3067")))
    assert not report.has_errors
    fasilitator.post(IMPORT, {"confirm": response.context["token"]})
    ksm = Ksm.objects.get(name="KSM Batik Metro")
    assert (ksm.latitude, ksm.longitude) == (Decimal("-5.113400"), Decimal("105.306700"))
    # A file without the columns (a Quick Status file) changes nothing of it.
    _, report = dry_run(fasilitator, xlsx(good_sheets()))
    assert report.changes == 0


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (-5.1, "", "Give both latitude and longitude, or neither."),
        ("", 105.3, "Give both latitude and longitude, or neither."),
        (-95, 105.3, "Latitude: "),
        ("utara", 105.3, "Latitude: "),
        (-5.1, 181, "Longitude: "),
    ],
)
def test_a_wrong_position_refuses_the_row(fasilitator, world, lat, lon, message):
    fasilitator.cookies["django_language"] = "en"
    _, report = dry_run(fasilitator, xlsx(with_position(lat, lon)))
    errors = report.sheets[0].rows[0].errors
    assert len(errors) == 1 and errors[0].startswith(message), errors
