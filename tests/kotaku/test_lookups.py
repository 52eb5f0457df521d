from kotaku.lib.lookups import one_of
from ksm.models import Ksm, Member


def test_one_of_finds_the_rows_of_the_ids_given_and_no_others(world):
    ours, theirs = world.ours["ksm"], world.theirs["ksm"]
    assert set(Ksm.objects.filter(one_of("pk", [ours.pk]))) == {ours}
    assert set(Ksm.objects.filter(one_of("pk", [ours.pk, theirs.pk, 10**9]))) == {ours, theirs}
    assert not Ksm.objects.filter(one_of("pk", [])).exists()


def test_one_of_reads_a_foreign_key_beside_other_conditions(world):
    ksm = world.ours["ksm"]
    Member.objects.create(ksm=ksm, name="Tidak aktif", gender="P", is_active=False)
    members = Member.objects.filter(one_of("ksm_id", [ksm.pk]), is_active=True)
    assert set(members) == set(ksm.members.filter(is_active=True))
    assert members.count() < ksm.members.count()
