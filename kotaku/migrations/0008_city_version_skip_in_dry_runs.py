from django.db import migrations

from kotaku import versions


def install_bump(apps, schema_editor):
    versions.install_bump(schema_editor)


class Migration(migrations.Migration):
    """The bump function again, now passing over a transaction that sets
    `kotaku.city_versions` to off (an import's dry run). Without the setting it does what it
    did, so going back leaves it in place."""

    dependencies = [
        ("kotaku", "0007_city_version"),
    ]

    operations = [migrations.RunPython(install_bump, migrations.RunPython.noop)]
