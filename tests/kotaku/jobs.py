"""Tasks for the tests of the job queue: importable by name, as a worker finds them."""

import datetime
import time

from django_tasks import task

from kotaku.models import ScheduleRun

EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


@task(backend="queue")
def insert_row(key: int) -> int:
    """Insert the row of `key`. A second run for a key breaks the unique constraint, so the
    job fails: a job run twice shows as a failure, never as a silent extra row."""
    ScheduleRun.objects.create(
        name="worker-test", period_start=EPOCH + datetime.timedelta(seconds=key)
    )
    # Some work outside the claim's transaction, as a real job has: the other worker claims
    # the next job meanwhile.
    time.sleep(0.002)
    return key
