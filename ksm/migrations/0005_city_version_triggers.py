from django.db import migrations

from kotaku import versions


class Migration(migrations.Migration):
    dependencies = [
        ("kotaku", "0007_city_version"),
        ("ksm", "0004_ksm_updated_at_and_position"),
    ]

    operations = versions.triggers(("ksm_ksm", "city_id"))
