from django.db import migrations

from kotaku import versions

VISIT = versions.Via("monitoring_visit")


class Migration(migrations.Migration):
    """A visit's records are kept as HTML under its city's version (monitoring.views.visits):
    its answers, document checks and attachments raise that version too, and the checklists'
    wording, which every city's visits show, raises every city's."""

    dependencies = [
        ("kotaku", "0009_kelurahan_version_triggers"),
        ("monitoring", "0012_visit_target_version_triggers"),
    ]

    operations = versions.triggers(
        ("monitoring_answer", "visit_id", VISIT),
        ("monitoring_documentcheck", "visit_id", VISIT),
        ("monitoring_attachment", "visit_id", VISIT),
        ("monitoring_checklisttemplate", "id", versions.EVERY_CITY),
        ("monitoring_checklistsection", "id", versions.EVERY_CITY),
        ("monitoring_checklistitem", "id", versions.EVERY_CITY),
    )
