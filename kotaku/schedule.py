"""Scheduled work: jobs that run every so often, all started by one command, `run_schedule`.

An operator runs `manage.py run_schedule` every few minutes (cron or a systemd timer; README,
"Background jobs"). Each registered job runs at most once per period of its `every`: periods
are counted from the Unix epoch (every hour: on the hour; every day: from midnight UTC), and
the first run of the command in a period runs the job. Running the command again in the same
period, or twice at once on two servers, does nothing twice: a run is claimed by inserting
(job name, period start) under a unique constraint, in the transaction that runs the job. A
job that fails rolls its claim back, so the next run of the command tries it again.

Apps register their jobs in `AppConfig.ready()` (this module knows no feature app):

    from datetime import timedelta
    from kotaku import schedule

    schedule.register("monitoring.deadline_reminders", every=timedelta(days=1),
                      function=send_deadline_reminders)

`function` takes no argument and runs inside a transaction; a long job should enqueue a task
(django_tasks) and return, so that a worker does the work.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from kotaku.models import ScheduleRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: datetime.timedelta
    function: Callable[[], object]

    def period_start(self, now: datetime.datetime) -> datetime.datetime:
        """The start of the period `now` falls in."""
        seconds = int(self.every.total_seconds())
        start = int(now.timestamp()) // seconds * seconds
        return datetime.datetime.fromtimestamp(start, tz=datetime.UTC)


_jobs: dict[str, Job] = {}


def register(name: str, *, every: datetime.timedelta, function: Callable[[], object]) -> None:
    """Run `function` once every `every` (at least a minute). Registering the same job again
    (as `ready()` may run twice) changes nothing; another function under the name is an error."""
    if every < datetime.timedelta(minutes=1):
        raise ValueError(f"A scheduled job runs at most every minute: {name!r}")
    job = Job(name, every, function)
    if _jobs.get(name, job) != job:
        raise ValueError(f"A scheduled job named {name!r} is already registered.")
    _jobs[name] = job


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def run_due(now: datetime.datetime | None = None) -> list[str]:
    """Run every job not yet run in its current period; the names of those that ran."""
    now = now or timezone.now()
    ran = []
    for job in jobs():
        period = job.period_start(now)
        try:
            with transaction.atomic():
                try:
                    # Claims the period; a concurrent run of the same job waits here on the
                    # unique index until this transaction ends, and then finds it taken.
                    with transaction.atomic():
                        ScheduleRun.objects.create(name=job.name, period_start=period)
                except IntegrityError:
                    continue
                job.function()
        except Exception:
            logger.exception("Scheduled job %s failed; it runs again next time", job.name)
            continue
        ran.append(job.name)
    return ran


# A period's run is kept this long at least (and two periods of its job): long enough that the
# claim outlives any overlap of two runs of the command, short enough that the table stays small.
KEEP_RUNS = datetime.timedelta(days=30)


def prune_runs(now: datetime.datetime | None = None) -> int:
    """Remove the records of old runs; how many. Scheduled daily by kotaku itself."""
    now = now or timezone.now()
    removed = 0
    for job in jobs():
        keep = max(KEEP_RUNS, 2 * job.every)
        removed += ScheduleRun.objects.filter(name=job.name, period_start__lt=now - keep).delete()[
            0
        ]
    return removed
