"""The daily digest: one mail per user, grouped by city and kind, capped, never empty, once."""

import datetime
import re

import pytest
from django.core import mail

from kotaku.models import Assignment, City, Role
from notifications.delivery import send_due
from notifications.digest import send_digests
from notifications.emails import DIGEST_GROUP_CAP
from notifications.kinds import Kind
from notifications.models import Delivery, Notification
from notifications.services import notify

# After the digest hour (07:00 in Jakarta): entries made now are due tomorrow at 07:00.
FROZEN_AT = "2026-09-01 09:00 +0700"
DIGEST_DUE = "2026-09-02 07:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def at(moment: str) -> datetime.datetime:
    return datetime.datetime.strptime(moment, "%Y-%m-%d %H:%M %z")


def tell(user, kind, city, n: int) -> None:
    notify(
        user_ids=[user.pk],
        kind=kind,
        event="rktl_done",
        city=city,
        record=f"rktl:{city.code}{kind}{n}",
        url=f"/rktl/{city.code}{n}/",
        params={"title": f"Aksi {city.name} {n}", "actor": "Fasilitator"},
    )


@pytest.fixture
def pusat_notices(world, emails):
    """Pusat is told of items in two cities, of two kinds (both digest kinds by default)."""
    pusat = world.users["pusat"]
    for n in range(2):
        tell(pusat, Kind.RKTL_DONE, world.metro, n)
        tell(pusat, Kind.RKTL_VERIFIED, world.medan, n)
    tell(pusat, Kind.RKTL_DONE, world.medan, 9)
    return pusat


def test_entries_wait_for_the_digest_hour(pusat_notices, mailoutbox):
    assert send_due() == 0
    assert send_digests(at("2026-09-02 06:59 +0700")) == 0
    assert mailoutbox == []
    assert send_digests(at(DIGEST_DUE)) == 1
    assert send_digests(at(DIGEST_DUE)) == 0  # the schedule running twice sends nothing twice
    assert send_digests(at("2026-09-02 12:00 +0700")) == 0
    assert len(mailoutbox) == 1
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


def test_the_digest_groups_by_city_then_kind(pusat_notices, mailoutbox):
    send_digests(at(DIGEST_DUE))
    (message,) = mailoutbox
    assert message.to == ["pusat@example.org"]
    assert message.subject == "[KOTAKU Monev] Ringkasan harian Anda: 5 notifikasi"
    body = message.body
    # Cities in alphabetical order, and in each the kinds in their fixed order.
    medan, metro = body.index("== Kota Medan =="), body.index("== Kota Metro ==")
    assert medan < metro
    medan_part, metro_part = body[medan:metro], body[metro:]
    assert medan_part.index("Kegiatan RKTL selesai") < medan_part.index("terverifikasi")
    assert medan_part.count("Aksi Medan") == 3 and "Aksi Metro" not in medan_part
    assert metro_part.count("Aksi Metro") == 2 and "terverifikasi" not in metro_part
    # One unsubscribe link per kind in each city.
    assert body.count("/notifications/unsubscribe/") == 3
    html = message.alternatives[0][0]
    assert "<h2" in html and html.count("http://127.0.0.1:8000/rktl/") == 5


def test_a_long_group_is_capped_and_counts_the_rest(world, emails, mailoutbox):
    korkot = world.users["korkot"]
    for n in range(DIGEST_GROUP_CAP + 5):
        tell(korkot, Kind.RKTL_DONE, world.metro, n)
    send_digests(at(DIGEST_DUE))
    (message,) = mailoutbox
    assert len(re.findall(r"^- ", message.body, re.M)) == DIGEST_GROUP_CAP
    assert "dan 5 lainnya" in message.body


def test_notices_read_in_the_app_meanwhile_are_left_out(pusat_notices, mailoutbox):
    Notification.objects.filter(city__code="1275").update(read_at=at(FROZEN_AT))
    send_digests(at(DIGEST_DUE))
    assert "Kota Medan" not in mailoutbox[0].body
    assert Delivery.objects.filter(status=Delivery.Status.SKIPPED).count() == 3


def test_an_empty_digest_is_not_sent(pusat_notices, mailoutbox):
    Notification.objects.update(read_at=at(FROZEN_AT))
    assert send_digests(at(DIGEST_DUE)) == 0
    assert mailoutbox == []
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()


def test_entries_of_an_area_left_since_are_left_out(world, emails, mailoutbox):
    kmw = world.users["kmw"]
    other = City.objects.filter(province=world.metro.province).exclude(pk=world.metro.pk).first()
    tell(kmw, Kind.RKTL_DONE, world.metro, 1)
    tell(kmw, Kind.RKTL_DONE, other, 2)
    # The KMW now covers only Kota Metro (as its Korkot): the province's other city is gone.
    Assignment.objects.filter(user=kmw).delete()
    Assignment.objects.create(user=kmw, role=Role.KORKOT, city=world.metro)
    send_digests(at(DIGEST_DUE))
    assert "Aksi Metro 1" in mailoutbox[0].body
    assert other.name not in mailoutbox[0].body


def test_the_digest_hour_comes_from_the_settings(world, emails, settings, mailoutbox):
    settings.NOTIFY_DIGEST_HOUR = 18
    tell(world.users["pusat"], Kind.RKTL_DONE, world.metro, 1)
    assert Delivery.objects.first().due_at == at("2026-09-01 18:00 +0700")
    assert send_digests(at("2026-09-01 18:00 +0700")) == 1


def test_capped_immediate_mails_go_to_the_digest(world, emails, mailoutbox):
    korkot = world.users["korkot"]
    for _ in range(3):
        notify(
            user_ids=[korkot.pk],
            kind=Kind.REVIEW_WAITING,
            event="submitted",
            city=world.metro,
            record="visit:ABC",
            url="/visits/ABC/",
            params={"title": "Monev", "actor": "Fasilitator"},
        )
    assert send_due() == 1
    assert send_digests(at(DIGEST_DUE)) == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].body.count("/visits/ABC/") == 2
