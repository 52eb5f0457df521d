"""The scope rules of kotaku/access.py, checked against every persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from bdc.models import Bdc
from kotaku.access import scope_for
from ksm.models import Ksm, Member
from monitoring.models import Answer, RktlItem, RktlUpdate, Visit
from tests.world import INSIDE, OUTSIDE

SCOPED = [Visit, Answer, RktlItem, RktlUpdate, Ksm, Member, Bdc]


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
@pytest.mark.parametrize("persona", INSIDE)
def test_personas_of_our_area_see_our_records_and_no_others(world, persona, model):
    visible = model.objects.visible_to(world.users[persona])
    cities = set(visible.values_list(f"{model.objects.none().city_field}__code", flat=True))
    assert world.metro.code in cities
    if persona == "pusat":
        assert world.medan.code in cities
    else:
        assert cities == {world.metro.code}


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
@pytest.mark.parametrize("persona", OUTSIDE)
def test_personas_of_another_area_see_none_of_ours(world, persona, model):
    field = model.objects.none().city_field
    visible = model.objects.visible_to(world.users[persona])
    assert not visible.filter(**{field: world.metro}).exists()


def test_only_facilitators_and_pusat_may_change_field_records(world):
    visits = {p: set(Visit.objects.changeable_by(u)) for p, u in world.users.items()}
    assert visits["fasilitator"] == {world.ours["visit"]}
    assert visits["pusat"] == {world.ours["visit"], world.theirs["visit"]}
    for persona in ("korkot", "kmw", "pemda", "fasilitator_other", "unassigned"):
        assert world.ours["visit"] not in visits[persona]


def test_a_kmw_covers_every_city_of_the_province(world):
    scope = scope_for(world.users["kmw"])
    lampung = set(world.metro.province.cities.values_list("id", flat=True))
    assert scope.readable_cities == lampung
    assert len(lampung) == 3  # Pringsewu, Bandar Lampung, Metro


def test_anonymous_and_inactive_users_have_no_scope(world):
    assert not scope_for(AnonymousUser()).has_assignment
    user = world.users["korkot"]
    user.is_active = False
    assert not scope_for(user).has_assignment
    assert not Visit.objects.visible_to(AnonymousUser()).exists()


def test_the_scope_is_computed_once_per_user_object(world, django_assert_num_queries):
    user = world.users["kmw"]
    with django_assert_num_queries(2):  # assignments, then the province's cities
        scope_for(user)
        scope_for(user)
