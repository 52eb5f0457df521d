"""The `world` fixture: built once per module, and yet each test meets it as it was built."""

import datetime

import pytest
from django.contrib.auth.models import User

from bdc.models import Outlet

# Run on one worker: on two, each would build its own world and the checks below would compare
# nothing (make test runs with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("shared_world")

# The world is built at the moment a module names, as it was when each test froze the clock
# before building its own.
FROZEN_AT = "2026-11-22 09:00 +0700"
BUILT_AT = []


@pytest.mark.parametrize("run", [1, 2])
def test_a_change_to_the_world_does_not_reach_the_next_test(world, run):
    korkot, outlet = world.users["korkot"], world.ours["outlet"]
    # Once per module: every test sees the same rows, created at the same moment.
    BUILT_AT.append(User.objects.get(pk=korkot.pk).date_joined)
    assert len(set(BUILT_AT)) == 1
    assert BUILT_AT[0] == datetime.datetime.fromisoformat("2026-11-22 09:00+07:00")
    # Whichever test runs first, the other meets neither its writes nor its in-memory changes.
    assert korkot.first_name == "Korkot"
    assert User.objects.get(pk=korkot.pk).first_name == "Korkot"
    assert Outlet.objects.filter(pk=outlet.pk).exists()
    assert "extra" not in world.ours

    korkot.first_name = f"Changed {run}"
    korkot.save()
    outlet.delete()
    world.ours["extra"] = run
    assert User.objects.get(pk=korkot.pk).first_name == f"Changed {run}"


def test_each_test_gets_instances_of_its_own_that_keep_their_relations(world):
    visit = world.ours["visit"]
    assert visit.created_by is world.users["fasilitator"]
    assert visit.city is world.metro


@pytest.mark.django_db
def test_a_test_that_does_not_ask_for_the_world_still_sees_its_rows():
    # Whether it runs before or after the tests that use it: the module has one world.
    assert User.objects.filter(username="korkot").exists()
