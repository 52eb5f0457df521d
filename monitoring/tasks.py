"""Monitoring's work for the worker (django-tasks)."""

from django_tasks import task

from monitoring import notify


@task()
def rktl_reminders() -> int:
    """Deadline reminders and overdue escalations for today (idempotent: `notify.remind`)."""
    return notify.remind()


def enqueue_rktl_reminders() -> None:
    rktl_reminders.enqueue()
