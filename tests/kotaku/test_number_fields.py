"""Numbers typed in forms, the admin and imports are read alike: "25.000" and "12,5"."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from bdc.models import GrantTranche, PlanActivity
from kotaku.lib.fields import AmountField, WholeNumberField
from kotaku.lib.widgets import NumberTextInput
from ksm.forms import ProductForm
from ksm.models import Product


def _product(**kw) -> dict:
    return {"name": "Selendang", "category": "tenun", "unit": "lembar", "price": "150000",
            "monthly_capacity": "20", **kw}  # fmt: skip


@pytest.fixture
def fasilitator(client, world):
    client.force_login(world.users["fasilitator"])
    return client


def test_a_price_typed_with_thousands_dots_is_twenty_five_thousand(fasilitator, world):
    ksm = world.ours["ksm"]
    url = reverse("ksm:product_add", args=[ksm.code])
    response = fasilitator.post(url, _product(price="Rp 25.000", monthly_capacity="1.200"))
    assert response.status_code == 302
    product = ksm.products.get(name="Selendang")
    assert (product.price, product.monthly_capacity) == (25_000, 1_200)


def test_a_price_with_decimals_is_refused_as_not_whole(fasilitator, world):
    url = reverse("ksm:product_add", args=[world.ours["ksm"].code])
    response = fasilitator.post(url, _product(price="12,5"))
    assert response.status_code == 422
    assert response.context["form"].errors["price"] == ["Harus bilangan bulat, bukan 12,5."]


def test_a_dot_that_groups_nothing_is_refused_not_misread(fasilitator, world):
    url = reverse("ksm:product_add", args=[world.ours["ksm"].code])
    response = fasilitator.post(url, _product(price="12.5"))
    assert response.status_code == 422
    assert response.context["form"].errors["price"][0].startswith("Bukan angka: 12.5.")


def test_a_price_too_large_says_it_is_too_large_in_indonesian(fasilitator, world):
    url = reverse("ksm:product_add", args=[world.ours["ksm"].code])
    response = fasilitator.post(url, _product(price="1.000.000.000.000"))
    assert response.status_code == 422
    assert response.context["form"].errors["price"] == [
        "1.000.000.000.000 terlalu besar: angka terbesar yang diterima di sini adalah "
        "999.999.999.999."
    ]


def test_a_price_too_large_says_it_in_english_for_english_users(fasilitator, world):
    fasilitator.post("/i18n/setlang/", {"language": "en", "next": "/"})
    url = reverse("ksm:product_add", args=[world.ours["ksm"].code])
    response = fasilitator.post(url, _product(price="9" * 400))
    assert response.status_code == 422
    [error] = response.context["form"].errors["price"]
    assert error.endswith("is too large: the largest number accepted here is 999.999.999.999.")
    assert len(error) < 200  # the typed text is not echoed in full


def test_a_capacity_past_the_column_is_too_large_not_a_database_error(fasilitator, world):
    url = reverse("ksm:product_add", args=[world.ours["ksm"].code])
    response = fasilitator.post(url, _product(monthly_capacity="9" * 25))
    assert response.status_code == 422
    assert "terlalu besar" in response.context["form"].errors["monthly_capacity"][0]


def test_the_form_shows_stored_numbers_grouped_in_a_text_box():
    form = ProductForm(instance=Product(price=Decimal(1_250_000), monthly_capacity=1500))
    html = str(form["price"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'value="1.250.000"' in html
    assert 'value="1.500"' in str(form["monthly_capacity"])


@pytest.mark.parametrize(
    ("model", "name", "field_class"),
    [
        (GrantTranche, "allocated", AmountField),
        (GrantTranche, "spent", AmountField),
        (PlanActivity, "progress_percent", WholeNumberField),
        (Product, "price", AmountField),
        (Product, "monthly_capacity", WholeNumberField),
    ],
)
def test_the_admin_reads_numbers_the_same_way(admin_user, model, name, field_class):
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = admin.site._registry[model].get_form(request)
    field = form_class.base_fields[name]
    assert isinstance(field, field_class)
    assert isinstance(field.widget, NumberTextInput)  # not the admin's <input type="number">
    assert field.clean("1.500") == 1_500


def test_the_admin_saves_a_tranche_typed_the_indonesian_way(admin_client, world):
    tranche = GrantTranche.objects.filter(bdc__city=world.metro).first()
    url = reverse("admin:bdc_granttranche_change", args=[tranche.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(allocated="Rp 350.000.000", disbursed="150.000.000", spent="0")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tranche.refresh_from_db()
    assert (tranche.allocated, tranche.disbursed) == (350_000_000, 150_000_000)


def test_an_import_reads_the_price_like_the_form(fasilitator, world):
    from tests.ksm.sheets import csv_file

    ksm = world.ours["ksm"]
    header = ["Kode KSM", "Nama produk", "Kategori", "Satuan", "Harga (Rp)"]
    rows = [header, [ksm.code, "Tikar", "Kerajinan", "lembar", "25.000"],
            [ksm.code, "Tas", "Kerajinan", "buah", "1.000.000.000.000"],
            [ksm.code, "Topi", "Kerajinan", "buah", "12,5"]]  # fmt: skip
    response = fasilitator.post(reverse("ksm:ksm_import"), {"file": csv_file(rows, "produk.csv")})
    sheet = response.context["report"].sheets[0]
    assert sheet.rows[0].errors == [] and sheet.rows[0].action == "create"
    assert sheet.rows[1].errors == [
        "Harga (Rp): 1.000.000.000.000 terlalu besar: angka terbesar yang diterima di sini "
        "adalah 999.999.999.999."
    ]
    assert sheet.rows[2].errors == ["Harga (Rp): Harus bilangan bulat, bukan 12,5."]


def test_a_value_set_in_code_is_read_back_unchanged():
    with translation.override("en"):
        assert AmountField(max_digits=12, decimal_places=2).clean(Decimal("12.5")) == Decimal(
            "12.5"
        )
        assert WholeNumberField().clean(25000) == 25000
        assert AmountField(max_digits=12, decimal_places=0).clean(Decimal("1E+3")) == 1000
