"""Say what each existing RKTL item concerns, where its visit's targets make it unambiguous.

An item of a visit that targeted exactly one KSM and not the BDC concerns that KSM; every other
item keeps the default, "the BDC" (0006 added the column with it).
"""

from django.db import migrations
from django.db.models import Count, Min


def set_concern(apps, schema_editor):
    Visit = apps.get_model("monitoring", "Visit")
    RktlItem = apps.get_model("monitoring", "RktlItem")
    single_ksm = (
        Visit.objects.filter(target_bdc=False)
        .annotate(n=Count("target_ksms"), ksm=Min("target_ksms"))
        .filter(n=1)
        .values_list("pk", "ksm")
    )
    for visit_id, ksm_id in single_ksm.iterator():
        RktlItem.objects.filter(finding__visit_id=visit_id).update(
            concern="ksm", concern_ksm_id=ksm_id, concern_outlet=None
        )


def back_to_bdc(apps, schema_editor):
    RktlItem = apps.get_model("monitoring", "RktlItem")
    RktlItem.objects.update(concern="bdc", concern_ksm=None, concern_outlet=None)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0006_workflow_rules_and_deadline_requests"),
    ]

    operations = [migrations.RunPython(set_concern, back_to_bdc)]
