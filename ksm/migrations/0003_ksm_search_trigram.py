"""Trigram indexes for the registry's search (name or chair contains the words), PostgreSQL only.

The search is `UPPER(name) LIKE UPPER('%words%')` (Django's icontains); without these indexes
it reads all 100,000 KSMs of a national data set. Other databases skip this migration: the
indexes are not declared on the model, so the autodetector does not see them.
"""

from django.db import migrations

INDEXES = {
    "ksm_name_trgm_idx": "name",
    "ksm_chair_trgm_idx": "chair_name",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON ksm_ksm "
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ksm", "0002_ksm_name_index")]
    operations = [migrations.RunPython(create, remove)]
