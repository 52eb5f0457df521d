"""The `world` fixture: built once per module, and yet each test meets it as it was built."""

import pytest
from django.contrib.auth.models import User

from bdc.models import Outlet

BUILT_AT = []


@pytest.mark.parametrize("run", [1, 2])
def test_a_change_to_the_world_does_not_reach_the_next_test(world, run):
    korkot, outlet = world.users["korkot"], world.ours["outlet"]
    # Once per module: every test sees the same rows, created at the same moment.
    BUILT_AT.append(User.objects.get(pk=korkot.pk).date_joined)
    assert len(set(BUILT_AT)) == 1
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
