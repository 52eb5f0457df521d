from django.db import migrations

from kotaku import versions

BDC = versions.Via("bdc_bdc")


class Migration(migrations.Migration):
    """The BDC page is kept as HTML under its city's version (bdc.views): its Komite and
    Pengelola and its year-one plan must raise that version too."""

    dependencies = [
        ("bdc", "0003_city_version_triggers"),
    ]

    operations = versions.triggers(
        ("bdc_bdcperson", "bdc_id", BDC),
        ("bdc_planactivity", "bdc_id", BDC),
    )
