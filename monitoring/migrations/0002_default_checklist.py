"""The default BDC visit checklist (DOMAIN.md, after seed 000), version 1."""

from django.db import migrations

CODE = "bdc-visit"
VERSION = 1

# (code, Indonesian title, English title, [(Indonesian text, English text), ...])
SECTIONS = [
    ("A", "Kesiapan KSM mitra", "Readiness of partner KSM", [
        ("KSM mitra telah diidentifikasi dan disepakati",
         "Partner KSM identified and agreed"),
        ("Produk unggulan siap dipasarkan",
         "Flagship product is market-ready"),
        ("Catatan produksi dan pembukuan KSM tersedia",
         "Production and bookkeeping records are kept"),
    ]),
    ("B", "Rencana usaha tahun pertama", "Year-one business plan", [
        ("Rencana usaha dan kegiatan tahun pertama tersedia",
         "A year-one business and activity plan exists"),
        ("Rencana disusun berdasarkan studi kelayakan",
         "The plan is based on the feasibility study"),
        ("Target terukur dan terjadwal",
         "Targets are measurable and scheduled"),
        ("Rencana sesuai potensi pasar dan kebutuhan KSM",
         "The plan fits market potential and KSM needs"),
    ]),
    ("C", "Kapasitas Komite dan Pengelola", "Capacity of Komite and Pengelola", [
        ("Komite ditetapkan dengan SK dan mewakili semua unsur pemangku kepentingan",
         "Komite appointed by decree with all stakeholder groups"),
        ("Pengelola memahami peran dan prosedur",
         "Pengelola understand their roles and procedures"),
        ("Komite melakukan pengawasan secara rutin",
         "Komite supervises regularly"),
    ]),
    ("D", "Pemanfaatan BLM", "Use of BLM grants", [
        ("Skenario pemanfaatan BLM BDC Tahap 1 (TA 2015) tersedia",
         "Use scenario for BLM BDC tranche 1 (TA 2015) exists"),
        ("Skenario pemanfaatan BLM BDC Tahap 2 (TA 2016) tersedia",
         "Use scenario for BLM BDC tranche 2 (TA 2016) exists"),
        ("Belanja tepat sasaran dan sesuai jadwal",
         "Spending is on target and on schedule"),
        ("Dana pendamping daerah tersedia",
         "Local co-funding is available"),
    ]),
    ("E", "Transparansi dan akuntabilitas", "Transparency and accountability", [
        ("Pembukuan dan laporan keuangan mutakhir",
         "Books and financial reports are up to date"),
        ("Keuangan diinformasikan kepada pemangku kepentingan",
         "Finances are disclosed to stakeholders"),
    ]),
    ("F", "Pengendalian berjenjang", "Tiered control", [
        ("Mekanisme pengendalian BDC - Korkot - KMW disepakati",
         "Control chain BDC - Korkot - KMW is agreed"),
        ("Pelaporan berjenjang dilakukan secara rutin",
         "Tiered reporting is done regularly"),
        ("RKTL sebelumnya telah ditindaklanjuti",
         "The previous RKTL has been followed up"),
    ]),
    ("G", "BDC Mart / outlet", "BDC Mart / outlets", [
        ("BDC Mart/outlet beroperasi dan menjual produk KSM",
         "BDC Mart/outlets operate and sell KSM products"),
    ]),
]


def create(apps, schema_editor):
    Template = apps.get_model("monitoring", "ChecklistTemplate")
    Section = apps.get_model("monitoring", "ChecklistSection")
    Item = apps.get_model("monitoring", "ChecklistItem")
    if Template.objects.filter(code=CODE, version=VERSION).exists():
        return
    Template.objects.filter(is_default=True).update(is_default=False)
    template = Template.objects.create(
        code=CODE,
        version=VERSION,
        title_id="Daftar periksa kunjungan lapangan BDC",
        title_en="BDC field visit checklist",
        is_default=True,
    )
    for order, (code, title_id, title_en, items) in enumerate(SECTIONS, start=1):
        section = Section.objects.create(
            template=template, code=code, order=order, title_id=title_id, title_en=title_en
        )
        Item.objects.bulk_create(
            Item(section=section, code=f"{code}{n}", order=n, text_id=text_id, text_en=text_en)
            for n, (text_id, text_en) in enumerate(items, start=1)
        )


def remove(apps, schema_editor):
    apps.get_model("monitoring", "ChecklistTemplate").objects.filter(
        code=CODE, version=VERSION
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
