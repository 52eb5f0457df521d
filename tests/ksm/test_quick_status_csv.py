"""The Quick Status as CSV: the workbook's first sheet, one row per KSM, in the same scope."""

import datetime

import pytest
from django.urls import reverse

from kotaku.lib.choices import Gender
from ksm.models import Ksm, Member, Product
from tests.ksm.sheets import as_csv_text, cells, csv_cells, download

QS = reverse("ksm:quick_status")
YEAR = str(datetime.date.today().year)


def csv_export(client, **params) -> list[list[str]]:
    response = client.get(QS, {"year": YEAR, "format": "csv", **params})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="quick-status-ksm-{YEAR}-'
    )
    assert response["Content-Disposition"].endswith('.csv"')
    return csv_cells(download(response))


def first_sheet(client, **params) -> list[list[str]]:
    response = client.get(QS, {"year": YEAR, "format": "xlsx", **params})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return as_csv_text(cells(download(response))["Quick Status"])


@pytest.fixture
def records(world):
    ksm = world.ours["ksm"]
    Ksm.objects.filter(pk=ksm.pk).update(chair_name="Bu Sari, ketua", phone="+6281234567890")
    Member.objects.create(ksm=ksm, name="Budi", gender=Gender.MALE, has_disability=True)
    Member.objects.create(ksm=ksm, name="Ani", gender=Gender.FEMALE, is_active=False)
    Product.objects.create(
        ksm=ksm, name="Anyaman", category="kerajinan", is_flagship=True, unit="pcs", price=1
    )
    return world


@pytest.mark.parametrize(
    ("persona", "params"),
    [
        ("fasilitator", {}),
        ("pemda", {}),
        ("pusat", {}),
        ("pusat", {"province": "12"}),
        ("kmw", {"city": "1872"}),
    ],
)
def test_the_csv_is_the_workbooks_first_sheet(client, records, persona, params):
    client.force_login(records.users[persona])
    rows = csv_export(client, **params)
    assert len(rows) > 1
    assert rows == first_sheet(client, **params)


def test_a_metro_korkots_csv_holds_no_row_of_medan(client, records):
    client.force_login(records.users["korkot"])
    header, *rows = csv_export(client)
    assert [dict(zip(header, row, strict=True))["Kota/Kabupaten"] for row in rows] == ["Kota Metro"]
    assert records.theirs["ksm"].code not in str(rows)


def test_the_chair_and_phone_are_blank_for_a_role_without_personal_data(client, records):
    def chair_and_phone(persona) -> tuple[str, str]:
        client.force_login(records.users[persona])
        header, row = csv_export(client, city="1872")
        ksm = dict(zip(header, row, strict=True))
        return ksm["Ketua"], ksm["Telepon"]

    assert chair_and_phone("korkot") == ("Bu Sari, ketua", "+6281234567890")
    assert chair_and_phone("pemda") == ("", "")


def test_a_text_excel_would_run_as_a_formula_gets_an_apostrophe(client, records):
    Ksm.objects.filter(pk=records.ours["ksm"].pk).update(name="=SUM(A1)", chair_name="@cmd")
    client.force_login(records.users["fasilitator"])
    header, row = csv_export(client)
    ksm = dict(zip(header, row, strict=True))
    assert (ksm["Nama KSM"], ksm["Ketua"]) == ("'=SUM(A1)", "'@cmd")
    assert ksm["Telepon"] == "+6281234567890"  # a number runs nothing


def test_an_unknown_format_is_refused_like_any_other_bad_choice(client, records):
    client.force_login(records.users["fasilitator"])
    response = client.get(QS, {"year": YEAR, "format": "pdf"})
    assert response.status_code == 400
    assert "format" in response.context["form"].errors


def test_the_page_offers_the_csv_and_says_it_is_the_first_sheet_only(client, records):
    client.force_login(records.users["kmw"])
    page = client.get(QS).content.decode()
    assert 'name="format" value="xlsx"' in page
    assert 'name="format" value="csv"' in page
    assert "(.csv)" in page
