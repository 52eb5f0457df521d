"""The Quick Status export: scope, contents, constant memory, and the round trip."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotaku.lib.choices import Gender
from ksm import quick_status
from ksm.models import Ksm, Member, Product
from monitoring.models import RktlConcern, RktlItem, Visit
from tests.ksm.sheets import cells, download

QS = reverse("ksm:quick_status")
IMPORT = reverse("ksm:ksm_import")
YEAR = str(datetime.date.today().year)


def export(client, **params) -> dict[str, list[list]]:
    response = client.get(QS, {"year": YEAR, **params})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return cells(download(response))


def rows(workbook) -> list[dict]:
    header, *body = workbook["Quick Status"]
    return [dict(zip(header, row, strict=True)) for row in body]


def test_facilitator_gets_one_row_per_ksm_of_their_city_with_its_status(client, world):
    ksm = world.ours["ksm"]
    Member.objects.create(ksm=ksm, name="Budi", gender=Gender.MALE, has_disability=True)
    Member.objects.create(ksm=ksm, name="Ani", gender=Gender.FEMALE, is_active=False)
    Product.objects.create(
        ksm=ksm, name="Anyaman", category="kerajinan", is_flagship=True, unit="pcs", price=1
    )
    world.ours["visit"].status = Visit.Status.SUBMITTED
    world.ours["visit"].save()
    client.force_login(world.users["fasilitator"])

    workbook = export(client)

    assert list(workbook) == ["Quick Status", "Anggota", "Produk", "Info"]
    [row] = rows(workbook)
    assert row["Kode KSM"] == ksm.code
    assert row["Kota/Kabupaten"] == "Kota Metro"
    assert row["Provinsi"] == "Lampung"
    assert (row["Anggota (laki-laki)"], row["Anggota (perempuan)"]) == (1, 1)
    assert (row["Anggota (jumlah)"], row["Anggota penyandang disabilitas"]) == (2, 1)
    assert row["Produk unggulan"] == "Anyaman; Kain tenun Metro"
    assert row["Kunjungan terakhir"] == datetime.datetime(2026, 7, 21)
    assert row["RKTL terbuka"] == 1  # one open item; the finished one is not counted
    assert row["Mitra BDC"] == "Tidak"
    assert {r[2] for r in workbook["Anggota"][1:]} == {"Siti Metro", "Budi", "Ani"}
    assert "Medan" not in str(workbook)


def test_a_draft_visit_is_not_a_last_visit(client, world):
    client.force_login(world.users["fasilitator"])
    [row] = rows(export(client))  # the world's visit is a draft
    assert row["Kunjungan terakhir"] is None
    assert row["RKTL terbuka"] == 1


def test_national_export_has_every_city_and_province_export_narrows(client, world):
    client.force_login(world.users["pusat"])
    assert {r["Kode kota"] for r in rows(export(client))} == {"1872", "1275"}
    assert {r["Kode kota"] for r in rows(export(client, province="12"))} == {"1275"}
    assert {r["Kode kota"] for r in rows(export(client, city="1872"))} == {"1872"}


def test_a_year_before_a_ksm_was_formed_leaves_it_out(client, world):
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(formed_on=datetime.date(2024, 5, 1))
    client.force_login(world.users["fasilitator"])
    assert client.get(QS, {"year": "2023"}).status_code == 200
    assert rows(cells(download(client.get(QS, {"year": "2023"})))) == []
    assert len(rows(cells(download(client.get(QS, {"year": "2024"}))))) == 1


@pytest.mark.parametrize(
    ("persona", "params"),
    [
        ("fasilitator", {"city": "1275"}),  # another city
        ("kmw", {"province": "12"}),  # another province
        ("fasilitator", {"year": "1999"}),
        ("pusat", {"province": "18", "city": "1275"}),  # a city outside the province
    ],
)
def test_an_area_or_year_outside_the_choices_is_refused(client, world, persona, params):
    client.force_login(world.users[persona])
    response = client.get(QS, {"year": YEAR, **params})
    assert response.status_code == 400
    assert response.context["form"].errors


def test_without_a_year_the_page_offers_the_choice(client, world):
    client.force_login(world.users["kmw"])
    response = client.get(QS)
    assert response.status_code == 200
    assert b"Quick Status KSM" in response.content


def test_the_export_reads_as_many_queries_for_any_number_of_ksms_in_a_chunk(client, world):
    """One query per sheet, plus three per chunk of KSMs on the first (its counts)."""
    client.force_login(world.users["pusat"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            export(client)
        return len(ctx)

    small = queries()
    kel = world.ours["ksm"].kelurahan
    for n in range(30):
        ksm = Ksm.objects.create(name=f"KSM {n}", kelurahan=kel)
        Member.objects.create(ksm=ksm, name="A", gender=Gender.FEMALE)
        Product.objects.create(ksm=ksm, name="B", category="lainnya", unit="kg", price=1)
    assert queries() == small


def test_ksms_read_in_several_chunks_each_get_their_own_counts(client, world, monkeypatch):
    monkeypatch.setattr(quick_status, "CHUNK", 2)
    kel = world.ours["ksm"].kelurahan
    for n in range(5):
        ksm = Ksm.objects.create(name=f"KSM {n}", kelurahan=kel)
        for i in range(n):
            Member.objects.create(ksm=ksm, name=f"A{i}", gender=Gender.FEMALE)
        if n % 2:
            Product.objects.create(
                ksm=ksm, name=f"P{n}", category="lainnya", unit="kg", price=1, is_flagship=True
            )
    client.force_login(world.users["fasilitator"])

    by_name = {row["Nama KSM"]: row for row in rows(export(client))}

    for n in range(5):
        row = by_name[f"KSM {n}"]
        assert (row["Anggota (perempuan)"], row["Anggota (jumlah)"]) == (n, n)
        assert row["Produk unggulan"] == (f"P{n}" if n % 2 else None)
        assert row["RKTL terbuka"] == 0


@pytest.mark.parametrize("year", ["2026", "2025"])
def test_export_import_into_an_empty_database_export_again_gives_the_same_cells(
    client, world, time_machine, year
):
    """The records a Quick Status file holds survive the trip out and back in.

    Last visit and open RKTL items report visits, which a KSM import does not carry, so the
    visits' targets (and what the RKTL items concern) are cleared first: those columns are then
    empty on both sides.
    """
    time_machine.move_to("2026-11-22 09:00 +0700", tick=False)
    for visit in Visit.objects.all():
        visit.target_ksms.clear()
    RktlItem.objects.update(concern=RktlConcern.BDC, concern_ksm=None)
    metro = world.ours["ksm"]
    Ksm.objects.filter(pk=metro.pk).update(
        formed_on=datetime.date(2019, 4, 2),
        chair_name="=SUM(A1)",
        phone="+6281234567890",
        ppmk_stage=3,
    )
    Member.objects.create(ksm=metro, name="Joko", gender=Gender.MALE, business="Bengkel")
    Product.objects.create(ksm=metro, name="Kain ikat", category="tenun", unit="m", price=90_500)
    client.force_login(world.users["pusat"])
    # In 2025 only the KSM formed in 2019 is listed; in 2026 also those registered in 2026.
    original = download(client.get(QS, {"year": year}))
    first = cells(original)

    # An empty registry: no KSM, member or product; the places are Pusat's master data,
    # which an import never creates.
    Ksm.objects.all().delete()
    upload = SimpleUploadedFile("quick-status.xlsx", original)  # the file as downloaded
    response = client.post(IMPORT, {"file": upload})
    report = response.context["report"]
    assert not report.has_errors, [(r.number, r.errors) for s in report.sheets for r in s.rows]
    client.post(IMPORT, {"confirm": response.context["token"]})

    assert cells(download(client.get(QS, {"year": year}))) == first
    assert len(first["Quick Status"]) == (2 if year == "2025" else 3)
    assert Ksm.objects.get(code=metro.code).chair_name == "=SUM(A1)"  # kept as text


def test_the_files_numbers_per_chunk_equal_the_feeds_per_ksm(world):
    """Two readings of one set of numbers: `with_status` (the API's KSM feed, per KSM) and
    `_status_of` (the file, per chunk). They must agree, KSM by KSM."""
    ksm = world.ours["ksm"]
    Member.objects.create(ksm=ksm, name="Wati", gender=Gender.FEMALE, has_disability=True)
    Member.objects.create(ksm=ksm, name="Budi", gender=Gender.MALE, is_active=False)
    Product.objects.create(
        ksm=ksm, name="Abon", category="pangan", is_flagship=True, unit="kg", price=1
    )
    Product.objects.create(
        ksm=ksm, name="Zaitun", category="pangan", is_flagship=True, unit="kg", price=1
    )
    year = 2026
    feed = {k.pk: k for k in quick_status.with_status(Ksm.objects.all(), year=year)}
    counts, flagships, visits = quick_status._status_of(list(feed), datetime.date(year, 12, 31))
    assert feed, "the world has KSMs"
    for pk, k in feed.items():
        mine = counts.get(pk, {})
        assert (k.men, k.women, k.members_total, k.with_disability) == (
            mine.get("men", 0),
            mine.get("women", 0),
            mine.get("total", 0),
            mine.get("disabled", 0),
        ), k.name
        assert (k.flagships or "") == flagships.get(pk, ""), k.name
        assert (k.last_visit, k.open_rktl) == visits[pk], k.name
    assert counts[ksm.pk]["disabled"] >= 1 and "Abon" in flagships[ksm.pk]
