"""The worker's part of notifications (django-tasks; README, "Background jobs").

A change that writes a mail to send at once enqueues `send_waiting_mail` when its transaction
commits (`services.on_mail_waiting`); `run_schedule` enqueues it every few minutes too, so a
mail whose task was lost (a worker stopped half-way) still goes, and once (`delivery`).
"""

from django_tasks import task

from notifications import delivery, digest


@task()
def send_waiting_mail() -> int:
    return delivery.send_due()


@task()
def send_digest_mail() -> int:
    return digest.send_digests()


# For `run_schedule` and `services.on_mail_waiting`: functions, not lambdas, so that
# registering them again (a second `ready()`) is registering the same thing.
def enqueue_waiting_mail() -> None:
    send_waiting_mail.enqueue()


def enqueue_digests() -> None:
    send_digest_mail.enqueue()
