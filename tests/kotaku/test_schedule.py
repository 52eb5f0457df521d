"""Scheduled work: one command runs every due job, once per period however often it runs."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from kotaku import downloads, schedule
from kotaku.models import ScheduleRun

NOW = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)
HOURLY = datetime.timedelta(hours=1)


@pytest.fixture
def jobs(monkeypatch):
    """An empty registry for the test, put back afterwards."""
    monkeypatch.setattr(schedule, "_jobs", {})
    return schedule._jobs


def run_schedule() -> str:
    out = StringIO()
    call_command("run_schedule", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_running_the_command_twice_in_a_period_runs_each_job_once(jobs):
    calls = []
    schedule.register("test.hourly", every=HOURLY, function=lambda: calls.append("hourly"))
    schedule.register(
        "test.daily", every=datetime.timedelta(days=1), function=lambda: calls.append("daily")
    )
    with time_machine.travel(NOW, tick=False):
        assert run_schedule() == "ran test.daily\nran test.hourly\n"
        assert run_schedule() == "nothing due\n"
    with time_machine.travel(NOW + datetime.timedelta(minutes=29), tick=False):
        assert run_schedule() == "nothing due\n"  # 09:59, still the same hour
    with time_machine.travel(NOW + datetime.timedelta(minutes=31), tick=False):
        assert run_schedule() == "ran test.hourly\n"  # 10:01, a new hour, the same day
        run_schedule()
    assert calls == ["daily", "hourly", "hourly"]
    assert set(ScheduleRun.objects.values_list("name", "period_start")) == {
        ("test.daily", datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC)),
        ("test.hourly", datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)),
        ("test.hourly", datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC)),
    }


@pytest.mark.django_db
def test_a_failed_job_is_tried_again_and_does_not_stop_the_others(jobs):
    calls = []

    def flaky():
        calls.append("flaky")
        ScheduleRun.objects.create(name="written by the job", period_start=NOW)
        if len(calls) == 1:
            raise RuntimeError("the mail server is down")

    schedule.register("test.flaky", every=HOURLY, function=flaky)
    schedule.register("test.other", every=HOURLY, function=lambda: calls.append("other"))
    with time_machine.travel(NOW, tick=False):
        assert run_schedule() == "ran test.other\n"
        # The failure rolled back its claim and what the job wrote: the next run tries again.
        assert not ScheduleRun.objects.filter(name__in=["test.flaky", "written by the job"])
        assert run_schedule() == "ran test.flaky\n"
        assert run_schedule() == "nothing due\n"
    assert calls == ["flaky", "other", "flaky"]


@pytest.mark.django_db
def test_a_period_already_claimed_elsewhere_is_not_run_again(jobs):
    calls = []
    schedule.register("test.hourly", every=HOURLY, function=lambda: calls.append(1))
    # Another server's run of the command claimed this hour first.
    ScheduleRun.objects.create(
        name="test.hourly", period_start=datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)
    )
    with time_machine.travel(NOW, tick=False):
        assert schedule.run_due() == []
    assert calls == []


def test_a_name_holds_one_job(jobs):
    def job():
        return None

    schedule.register("test.job", every=HOURLY, function=job)
    schedule.register("test.job", every=HOURLY, function=job)  # ready() running twice
    with pytest.raises(ValueError, match="already registered"):
        schedule.register("test.job", every=HOURLY, function=lambda: None)
    with pytest.raises(ValueError, match="every minute"):
        schedule.register("test.fast", every=datetime.timedelta(seconds=10), function=job)


def test_kotaku_schedules_the_expiry_of_old_downloads_and_the_pruning_of_runs():
    registered = {job.name: job for job in schedule.jobs()}
    assert registered["kotaku.expire_downloads"].function is downloads.expire_downloads
    assert registered["kotaku.expire_downloads"].every == HOURLY
    assert registered["kotaku.prune_schedule_runs"].function is schedule.prune_runs
    assert registered["kotaku.prune_schedule_runs"].every == datetime.timedelta(days=1)


@pytest.mark.django_db
def test_old_runs_are_pruned(jobs):
    schedule.register("test.hourly", every=HOURLY, function=lambda: None)
    schedule.register("test.yearly", every=datetime.timedelta(days=365), function=lambda: None)
    for name, age in [("test.hourly", 31), ("test.hourly", 29), ("test.yearly", 400)]:
        ScheduleRun.objects.create(name=name, period_start=NOW - datetime.timedelta(days=age))
    assert schedule.prune_runs(NOW) == 1
    # The month-old hourly run goes; a yearly job's run stays two years, so it never reruns.
    assert sorted(ScheduleRun.objects.values_list("name", flat=True)) == [
        "test.hourly",
        "test.yearly",
    ]
