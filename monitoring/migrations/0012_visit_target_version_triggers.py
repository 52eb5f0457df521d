from django.db import migrations

from kotaku import versions

VISIT = versions.Via("monitoring_visit")


class Migration(migrations.Migration):
    """A visit's targets (its KSMs and the BDC's outlets) are rows of their own link tables: a
    kept count that follows them (the BDC page's RKTL counts) must see them change too, even
    when nothing else on the visit does (`visit.target_outlets.add()` in a script)."""

    dependencies = [
        ("monitoring", "0011_rktl_city_deadline_index"),
    ]

    operations = versions.triggers(
        ("monitoring_visit_target_ksms", "visit_id", VISIT),
        ("monitoring_visit_target_outlets", "visit_id", VISIT),
    )
