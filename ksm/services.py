"""Writes that span KSM models."""

import datetime

from django.db import transaction

from ksm.models import Assessment, Ksm


def assessment_record(
    *, ksm: Ksm, assessed_on: datetime.date, criteria, note: str, user
) -> Assessment:
    """Record a maturity assessment and move the KSM to the stage it implies.

    A backdated assessment older than the latest one is kept for the record but does not
    change the KSM's current stage.
    """
    assessment = Assessment(ksm=ksm, assessed_on=assessed_on, note=note, assessed_by=user)
    assessment.set_criteria(criteria)
    with transaction.atomic():
        assessment.save()
        newer = ksm.assessments.filter(assessed_on__gt=assessed_on).exists()
        if not newer and ksm.maturity != assessment.maturity:
            ksm.maturity = assessment.maturity
            ksm.save()
    return assessment
