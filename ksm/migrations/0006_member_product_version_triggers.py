from django.db import migrations

from kotaku import versions

KSM = versions.Via("ksm_ksm")


class Migration(migrations.Migration):
    """The BDC page, kept as HTML under its city's version (bdc.views), shows its partner KSMs'
    active members and flagship products: a member or product changed raises it too."""

    dependencies = [
        ("ksm", "0005_city_version_triggers"),
    ]

    operations = versions.triggers(
        ("ksm_member", "ksm_id", KSM),
        ("ksm_product", "ksm_id", KSM),
    )
