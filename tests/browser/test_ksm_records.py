"""A facilitator keeps a KSM's record up to date in the browser, on a phone."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ksm.models import Ksm
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_visit_journey import sign_in_as

CRITERIA = [
    "Pertemuan rutin",
    "Tabungan kelompok",
    "Pembukuan yang benar",
    "Kegiatan yang jelas dan berkelanjutan",
    "Aturan kelompok tertulis yang berfungsi efektif",
]


@pytest.fixture
def demo(time_machine):
    time_machine.move_to("2026-11-22 09:00 +0700")
    call_command("seed_demo", force=True, stdout=io.StringIO())


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_facilitator_finds_a_ksm_adds_a_member_and_a_product_and_assesses_it(
    live_server, demo, page, shoot, viewport
):
    page.set_viewport_size(viewport)
    base = live_server.url
    ksm = Ksm.objects.filter(city__code="1872").order_by("name").last()
    members_before = ksm.members.count()
    sign_in_as(page, base, "fasilitator-metro")

    page.goto(f"{base}/ksm/")
    page.get_by_label("Cari nama atau ketua").fill(ksm.name.split()[-1])
    page.get_by_role("button", name="Terapkan").click()
    shoot("ksm-01-search")
    page.get_by_role("link", name=ksm.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ksm.name)

    page.get_by_role("link", name="Tambah anggota").click()
    page.get_by_label("Nama").fill("Sri Lestari")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Usaha").fill("Keripik pisang")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Anggota ditambahkan.")).to_be_visible()
    expect(page.locator("li", has_text="Sri Lestari · Perempuan")).to_be_visible()

    # A product with a negative price is refused next to the field, and the input is kept.
    page.get_by_role("link", name="Tambah produk").click()
    page.get_by_label("Nama").fill("Keripik pisang balado")
    page.get_by_label("Kategori").select_option("makanan_ringan")
    page.get_by_label("Satuan").fill("bungkus")
    page.get_by_label("Harga (Rp)").fill("-5")
    page.get_by_label("Produk unggulan").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#id_price.is-invalid")).to_be_visible()
    expect(page.get_by_label("Nama")).to_have_value("Keripik pisang balado")
    shoot("ksm-02-product-error")
    page.get_by_label("Harga (Rp)").fill("15000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Produk ditambahkan.")).to_be_visible()

    page.get_by_role("link", name="Catat penilaian kematangan").click()
    page.get_by_label("Tanggal penilaian").fill("2026-11-20")
    for criterion in CRITERIA:
        page.get_by_label(criterion).check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("5 dari 11 kriteria")).to_be_visible()
    shoot("ksm-03-detail")

    ksm.refresh_from_db()
    assert ksm.members.count() == members_before + 1
    product = ksm.products.get(name="Keripik pisang balado")
    assert (product.price, product.is_flagship) == (15000, True)
    assert ksm.maturity == Ksm.Maturity.TUMBUH
    assert ksm.assessments.first().score == 5
