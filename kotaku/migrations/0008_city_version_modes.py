from django.db import migrations

from kotaku import versions


def install_bump(apps, schema_editor):
    versions.install_bump(schema_editor)


class Migration(migrations.Migration):
    """The bump function again, now reading the transaction's `kotaku.city_versions` mode: off
    (an import's dry run) or defer (an import, raised by `versions.raise_deferred`). Unset, it
    does what it did, so going back leaves it in place."""

    dependencies = [
        ("kotaku", "0007_city_version"),
    ]

    operations = [migrations.RunPython(install_bump, migrations.RunPython.noop)]
