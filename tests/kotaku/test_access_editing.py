"""The generic change check each app's `get_<thing>_for_editing` builds on."""

import pytest
from django.core.exceptions import PermissionDenied

from kotaku.access import can_change, for_editing


def test_the_facilitator_of_the_city_may_change_its_records(world, django_assert_num_queries):
    ksm = world.ours["ksm"]
    user = world.users["fasilitator"]
    assert for_editing(user, ksm) is ksm
    with django_assert_num_queries(1):  # the scope is cached on the user by now
        assert can_change(user, ksm)


@pytest.mark.parametrize("persona", ["korkot", "kmw", "fasilitator_other"])
def test_others_may_not_and_get_403(world, persona):
    with pytest.raises(PermissionDenied):
        for_editing(world.users[persona], world.ours["ksm"])


def test_the_app_decides_with_its_own_predicate(world):
    visit = world.ours["visit"]
    assert for_editing(world.users["korkot"], visit, lambda user, record: True) is visit
    with pytest.raises(PermissionDenied):
        for_editing(world.users["fasilitator"], visit, lambda user, record: False)
