"""Each RKTL item says what it concerns, chosen from its visit's targets; a KSM's page and
Quick Status count only the items about that KSM."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from ksm.models import Ksm
from monitoring.forms import concern_choices
from monitoring.models import Finding, RktlConcern, RktlItem, Tier
from tests.ksm.sheets import cells, download

FROZEN_AT = "2026-11-22 09:00 +0700"
migration = importlib.import_module("monitoring.migrations.0007_rktl_concern_from_visit_targets")


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def second_ksm(world) -> Ksm:
    ours = world.ours["ksm"]
    return Ksm.objects.create(name="KSM Anyaman Metro", city=world.metro, kelurahan=ours.kelurahan)


def item_about(finding, *, ksm=None, action="Pelatihan pemasaran") -> RktlItem:
    return RktlItem.objects.create(
        finding=finding,
        category="kesiapan_ksm",
        problem="p",
        action=action,
        pic_name="x",
        pic_tier=Tier.KSM,
        deadline=datetime.date(2026, 12, 31),
        concern=RktlConcern.KSM if ksm else RktlConcern.BDC,
        concern_ksm=ksm,
        created_by=finding.visit.created_by,
    )


def test_the_form_offers_the_visits_targets_only(client, world):
    visit = world.ours["visit"]
    other = second_ksm(world)
    visit.target_ksms.add(other)
    visit.target_outlets.add(world.ours["bdc"].outlets.first())
    choices = dict(concern_choices(visit))
    outlet = world.ours["bdc"].outlets.first()
    assert set(choices) == {
        f"ksm:{world.ours['ksm'].pk}",
        f"ksm:{other.pk}",
        f"outlet:{outlet.pk}",
    }  # the BDC itself was not a target
    finding = Finding.objects.create(visit=visit, description="Pemasaran lemah")
    client.force_login(world.users["fasilitator"])
    url = reverse("monitoring:rktl_add", args=[visit.code, finding.pk])
    data = {
        f"rktl{finding.pk}-category": "kesiapan_ksm",
        f"rktl{finding.pk}-problem": "Belum ikut pameran",
        f"rktl{finding.pk}-action": "Ikut pameran kota",
        f"rktl{finding.pk}-pic_name": "Ketua KSM",
        f"rktl{finding.pk}-pic_tier": "ksm",
        f"rktl{finding.pk}-deadline": "2026-12-31",
    }
    # With several targets the choice is required, and a KSM the visit did not target is refused.
    assert client.post(url, data).status_code == 422
    outsider = world.theirs["ksm"]
    assert (
        client.post(
            url, {**data, f"rktl{finding.pk}-concern_target": f"ksm:{outsider.pk}"}
        ).status_code
        == 422
    )
    chosen = {**data, f"rktl{finding.pk}-concern_target": f"ksm:{other.pk}"}
    assert client.post(url, chosen).status_code == 302
    item = finding.rktl_items.get()
    assert (item.concern, item.concern_ksm, item.concern_outlet) == ("ksm", other, None)


def test_a_ksm_page_lists_only_the_items_about_that_ksm(client, world):
    visit = world.ours["visit"]
    tenun, anyaman = world.ours["ksm"], second_ksm(world)
    visit.target_ksms.add(anyaman)
    training = item_about(visit.findings.first(), ksm=anyaman, action="Pelatihan anyaman")
    client.force_login(world.users["korkot"])

    tenun_page = client.get(reverse("ksm:ksm_detail", args=[tenun.code]))
    anyaman_page = client.get(reverse("ksm:ksm_detail", args=[anyaman.code]))

    assert training not in tenun_page.context["rktl_open"]
    assert list(anyaman_page.context["rktl_open"]) == [training]
    assert world.ours["rktl"] in tenun_page.context["rktl_open"]


def test_quick_status_counts_the_open_items_about_each_ksm(client, world):
    visit = world.ours["visit"]
    visit.status = "diajukan"
    visit.save()
    tenun, anyaman = world.ours["ksm"], second_ksm(world)
    visit.target_ksms.add(anyaman)
    item_about(visit.findings.first(), ksm=anyaman)
    item_about(visit.findings.first(), ksm=None)  # about the BDC: nobody's row
    client.force_login(world.users["korkot"])
    sheet = cells(download(client.get(reverse("ksm:quick_status"), {"year": "2026"})))
    header, *rows = sheet["Quick Status"]
    open_items = {r[header.index("Kode KSM")]: r[header.index("RKTL terbuka")] for r in rows}
    # Tenun: the world's open item; Anyaman: its own; the BDC's item counts for neither.
    assert open_items == {tenun.code: 1, anyaman.code: 1}


def test_the_data_migration_sets_the_concern_where_it_is_unambiguous(world):
    visit = world.ours["visit"]  # one KSM, not the BDC
    RktlItem.objects.update(concern=RktlConcern.BDC, concern_ksm=None)
    theirs = world.theirs["visit"]
    theirs.target_bdc = True  # one KSM and the BDC: ambiguous
    theirs.save()
    migration.set_concern(apps, None)
    ours = RktlItem.objects.filter(finding__visit=visit)
    assert set(ours.values_list("concern", "concern_ksm")) == {("ksm", world.ours["ksm"].pk)}
    assert set(
        RktlItem.objects.filter(finding__visit=theirs).values_list("concern", "concern_ksm")
    ) == {("bdc", None)}


def test_the_data_migration_leaves_a_visit_of_two_ksms_to_the_bdc(world):
    visit = world.ours["visit"]
    visit.target_ksms.add(second_ksm(world))
    RktlItem.objects.update(concern=RktlConcern.BDC, concern_ksm=None)
    migration.set_concern(apps, None)
    assert set(RktlItem.objects.filter(finding__visit=visit).values_list("concern", flat=True)) == {
        "bdc"
    }


def test_the_database_refuses_a_ksm_concern_without_its_ksm(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RktlItem.objects.filter(pk=world.ours["rktl"].pk).update(concern_ksm=None)
