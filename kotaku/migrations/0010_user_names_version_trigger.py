from django.db import migrations

from kotaku import versions


class Migration(migrations.Migration):
    """A user's name changed raises every city's version: the visit list's rows, kept as HTML
    under their cities' versions (kotaku.kept.kept_rows), name each visit's author."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("kotaku", "0009_kelurahan_version_triggers"),
    ]

    operations = versions.name_triggers("auth_user")
