from django.db import migrations

from kotaku import versions

VISIT = versions.Via("monitoring_visit")


class Migration(migrations.Migration):
    """A visit's header (its team), timeline (its reviews and its history) and change history
    are kept as HTML under its city's version (monitoring.views.visits.visit_parts): its
    team, its reviews and the history rows of the visit and of the records whose changes it
    lists raise that version too. A history row is written with the change it records, which
    raises the city already; its own trigger also sees a history row edited or purged alone."""

    dependencies = [
        ("kotaku", "0010_user_names_version_trigger"),
        ("monitoring", "0013_visit_records_version_triggers"),
    ]

    operations = versions.triggers(
        ("monitoring_visit_team", "visit_id", VISIT),
        ("monitoring_review", "visit_id", VISIT),
        ("monitoring_historicalvisit", "city_id"),
        ("monitoring_historicalanswer", "visit_id", VISIT),
        ("monitoring_historicaldocumentcheck", "visit_id", VISIT),
        ("monitoring_historicalattendee", "visit_id", VISIT),
        ("monitoring_historicalfinding", "visit_id", VISIT),
    )
