from django.db import migrations

from kotaku import versions


def install_bump(apps, schema_editor):
    versions.install_bump(schema_editor)


class Migration(migrations.Migration):
    """The bump function again, now also noting the cities of a transaction that defers its
    versions (an import) for `versions.raise_deferred`. With the setting unset it does what it
    did, so going back leaves it in place."""

    dependencies = [
        ("kotaku", "0008_city_version_skip_in_dry_runs"),
    ]

    operations = [migrations.RunPython(install_bump, migrations.RunPython.noop)]
