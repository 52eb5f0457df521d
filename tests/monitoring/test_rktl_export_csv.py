"""The RKTL list as CSV: the workbook's rows and columns, in the same scope and filters."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import RktlItem
from tests.ksm.sheets import as_csv_text, csv_cells, download
from tests.monitoring.test_rktl import add_items, as_

CSV = reverse("monitoring:rktl_export_csv")
XLSX = reverse("monitoring:rktl_export")
FROZEN_AT = "2026-11-22 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def csv_export(client, **params) -> list[list[str]]:
    response = client.get(CSV, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="rktl-')
    assert response["Content-Disposition"].endswith('.csv"')
    return csv_cells(download(response))


def xlsx_export(client, **params) -> list[list]:
    response = client.get(XLSX, params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(download(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("persona", "params"),
    [("kmw", {"status": "belum"}), ("korkot", {}), ("pusat", {"sort": "-deadline"})],
)
def test_the_csv_has_the_workbooks_header_and_rows(client, world, persona, params):
    add_items(world, 3, action='Aksi, dengan koma dan "kutip"\nbaris dua')
    add_items(world, 2, city="medan", action="Aksi Medan")
    client = as_(client, world, persona)
    rows = csv_export(client, **params)
    assert len(rows) > 1
    assert rows == as_csv_text(xlsx_export(client, **params))


def test_a_metro_korkots_csv_holds_no_row_of_medan(client, world):
    add_items(world, 2, city="medan", action="Aksi Medan")
    header, *rows = csv_export(as_(client, world, "korkot"))
    assert header[:3] == ["Kode", "Provinsi", "Kota/Kabupaten"]
    assert {row[2] for row in rows} == {"Kota Metro"}
    assert "Aksi Medan" not in {row[8] for row in rows}
    assert world.theirs["rktl"].code not in {row[0] for row in rows}


def test_a_text_excel_would_run_as_a_formula_gets_an_apostrophe(client, world):
    item = world.ours["rktl"]
    RktlItem.objects.filter(pk=item.pk).update(
        problem='=HYPERLINK("http://x")', pic_name="+62 812 3456"
    )
    client = as_(client, world, "korkot")
    [row] = [r for r in csv_export(client) if r[0] == item.code]
    assert row[7] == '\'=HYPERLINK("http://x")'
    assert row[9] == "'+62 812 3456"  # not a number: it could run
    # The workbook holds the same text as text.
    [cells] = [r for r in xlsx_export(client) if r[0] == item.code]
    assert cells[7] == '=HYPERLINK("http://x")'


def test_mistyped_filters_send_back_to_the_list_with_a_message(client, world):
    response = as_(client, world, "korkot").get(CSV, {"city": "99999999", "status": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("monitoring:rktl_list") + "?")
    response = client.get(response["Location"])
    assert "Perbaiki saringan sebelum mengunduh." in " ".join(
        str(m) for m in response.context["messages"]
    )


def test_the_list_links_to_the_csv_with_its_filters(client, world):
    response = as_(client, world, "korkot").get(
        reverse("monitoring:rktl_list"), {"status": "belum"}
    )
    assert f'href="{CSV}?status=belum"' in response.content.decode()
