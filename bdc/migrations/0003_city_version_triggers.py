from django.db import migrations

from kotaku import versions

BDC = versions.Via("bdc_bdc")


class Migration(migrations.Migration):
    dependencies = [
        ("kotaku", "0007_city_version"),
        ("bdc", "0002_bdc_updated_at_outlet_position"),
    ]

    operations = versions.triggers(
        ("bdc_bdc", "city_id"),
        ("bdc_granttranche", "bdc_id", BDC),
        ("bdc_outlet", "bdc_id", BDC),
    )
