from django.db import migrations

from kotaku import versions

VISIT = versions.Via("monitoring_visit")


class Migration(migrations.Migration):
    dependencies = [
        ("kotaku", "0007_city_version"),
        ("monitoring", "0009_targets_and_first_deadline_index"),
    ]

    operations = versions.triggers(
        ("monitoring_visit", "city_id"),
        ("monitoring_attendee", "visit_id", VISIT),
        ("monitoring_finding", "visit_id", VISIT),
        ("monitoring_rktlitem", "city_id"),
        ("monitoring_rktlupdate", "item_id", versions.Via("monitoring_rktlitem")),
    )
