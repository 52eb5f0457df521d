from django.db import migrations

from kotaku import versions


class Migration(migrations.Migration):
    """A kelurahan renamed (or moved) raises its city's version: the BDC page, kept as HTML
    under that version (bdc.views), names its partner KSMs' kelurahan."""

    dependencies = [
        ("kotaku", "0008_city_version_modes"),
    ]

    operations = versions.triggers(
        ("kotaku_kecamatan", "city_id"),
        (
            "kotaku_kelurahan",
            "kecamatan_id",
            versions.Via("kotaku_kecamatan"),
        ),
    )
