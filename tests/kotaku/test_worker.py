"""The job queue (django-tasks' database backend): workers share it, each job runs once."""

import threading

import pytest
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from kotaku.models import ScheduleRun
from tests.kotaku.jobs import insert_row

pytestmark = pytest.mark.django_db(transaction=True)

JOBS = 200


def run_worker(worker_id: str, errors: list) -> None:
    """One worker, in this thread with its own database connection, until the queue is empty."""
    try:
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="queue",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()
    except BaseException as error:  # reported by the test
        errors.append(error)
    finally:
        connections.close_all()


def run_workers(count: int) -> list:
    errors: list = []
    threads = [
        threading.Thread(target=run_worker, args=(f"worker-{n}", errors)) for n in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not any(thread.is_alive() for thread in threads), "a worker did not finish"
    assert errors == []
    return threads


def test_two_workers_run_each_of_200_jobs_exactly_once():
    # On PostgreSQL a worker claims a job under a row lock (SELECT ... FOR UPDATE SKIP
    # LOCKED); on SQLite in an exclusive transaction. Either way no job runs twice.
    workers = 2
    for key in range(JOBS):
        insert_row.enqueue(key)
    assert DBTaskResult.objects.ready().count() == JOBS

    run_workers(workers)

    assert ScheduleRun.objects.filter(name="worker-test").count() == JOBS
    results = DBTaskResult.objects.all()
    assert results.count() == JOBS
    assert results.filter(status="SUCCESSFUL").count() == JOBS
    # Each job was claimed by exactly one worker, and every worker took its share.
    assert all(len(result.worker_ids) == 1 for result in results)
    claimed_by = {result.worker_ids[0] for result in results}
    assert len(claimed_by) == workers
    assert sorted(r.return_value for r in results) == list(range(JOBS))
