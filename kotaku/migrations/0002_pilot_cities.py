"""The 8 provinces and 15 pilot BDC cities, exactly as seed 000 lists them.

Every installation has them, not only the demo. Codes are the Kemendagri/BPS region codes.
"""

from django.db import migrations

PROVINCES = [
    ("12", "Sumatera Utara"),
    ("13", "Sumatera Barat"),
    ("15", "Jambi"),
    ("16", "Sumatera Selatan"),
    ("18", "Lampung"),
    ("32", "Jawa Barat"),
    ("36", "Banten"),
    ("61", "Kalimantan Barat"),
]

# (pilot number, code, kind, name, province code)
PILOT_CITIES = [
    (1, "1275", "kota", "Medan", "12"),
    (2, "1377", "kota", "Pariaman", "13"),
    (3, "1571", "kota", "Jambi", "15"),
    (4, "1671", "kota", "Palembang", "16"),
    (5, "1672", "kota", "Pagar Alam", "16"),
    (6, "1810", "kabupaten", "Pringsewu", "18"),
    (7, "1871", "kota", "Bandar Lampung", "18"),
    (8, "1872", "kota", "Metro", "18"),
    (9, "3603", "kabupaten", "Tangerang", "36"),
    (10, "3218", "kabupaten", "Pangandaran", "32"),
    (11, "3205", "kabupaten", "Garut", "32"),
    (12, "3201", "kabupaten", "Bogor", "32"),
    (13, "3278", "kota", "Tasikmalaya", "32"),
    (14, "3273", "kota", "Bandung", "32"),
    (15, "6171", "kota", "Pontianak", "61"),
]


def create(apps, schema_editor):
    Province = apps.get_model("kotaku", "Province")
    City = apps.get_model("kotaku", "City")
    provinces = {}
    for code, name in PROVINCES:
        provinces[code], _ = Province.objects.update_or_create(code=code, defaults={"name": name})
    for number, code, kind, name, province_code in PILOT_CITIES:
        City.objects.update_or_create(
            code=code,
            defaults={
                "province": provinces[province_code],
                "kind": kind,
                "name": name,
                "is_bdc_pilot": True,
                "pilot_number": number,
            },
        )


def remove(apps, schema_editor):
    City = apps.get_model("kotaku", "City")
    City.objects.filter(code__in=[c[1] for c in PILOT_CITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("kotaku", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
