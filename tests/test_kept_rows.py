"""The rows of the visit list, the RKTL list and the KSM registry, kept as HTML while none of
the reader's cities changes (kotaku.kept.kept_rows): shown again without reading them, and
afresh the moment anything they show changes, however it is changed, for a city's reader
and for the country's alike."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kotaku.models import Kelurahan
from ksm.models import Ksm, Member
from monitoring.models import RktlItem, Visit
from tests.kept_html import (
    COMMITTED,
    Change,
    assert_kept_through,
    assert_shown_at_once,
    between,
    fetched,
    ours,
)

pytestmark = COMMITTED

LISTS = {
    "visits": (
        "monitoring:visit_list",
        Change(Visit, ours("visit", "pk", "pk"), {"title": "Kunjungan Baru"}, "Kunjungan Baru"),
    ),
    "rktl": (
        "monitoring:rktl_list",
        Change(RktlItem, ours("rktl", "pk", "pk"), {"pic_name": "Ketua Sentosa"}, "Ketua Sentosa"),
    ),
    "ksms": (
        "ksm:ksm_list",
        Change(Ksm, ours("ksm", "pk", "pk"), {"name": "KSM Sentosa"}, "KSM Sentosa"),
    ),
}


def rows(html: str) -> str:
    return between(html, "<tbody>", "</tbody>")


def get(client, world, name: str, persona: str = "korkot", **query):
    url = reverse(LISTS[name][0])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return fetched(client, world.users[persona], url)


@pytest.mark.parametrize("name", list(LISTS))
def test_the_rows_are_kept_until_the_city_changes(client, world, name):
    first, first_queries = get(client, world, name)
    again, again_queries = get(client, world, name)
    assert rows(again) == rows(first) and "<tr>" in rows(first)
    assert again_queries < first_queries


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("persona", ["korkot", "pusat"])
def test_a_change_shows_at_once_for_a_city_and_for_the_country(client, world, name, persona):
    # Pusat reads every city: its rows are exact too, keyed by all the cities' versions.
    change = LISTS[name][1]
    assert_shown_at_once(lambda: get(client, world, name, persona)[0], world, change)


@pytest.mark.parametrize("name", list(LISTS))
def test_a_change_in_another_city_keeps_the_rows(client, world, name):
    assert_kept_through(
        lambda: get(client, world, name),
        rows,
        lambda: Visit.objects.filter(pk=world.theirs["visit"].pk).update(id=F("id")),
    )


def test_a_ksms_members_counted_afresh(client, world):
    before = rows(get(client, world, "ksms")[0])
    Member.objects.filter(ksm=world.ours["ksm"]).update(is_active=False)
    assert rows(get(client, world, "ksms")[0]) != before


def test_an_author_renamed_shows_at_once_in_the_visit_list(client, world):
    author = world.ours["visit"].created_by
    assert_shown_at_once(
        lambda: get(client, world, "visits")[0],
        world,
        Change(User, lambda w: {"pk": author.pk}, {"first_name": "Sentosa"}, "Sentosa"),
    )


def test_each_reader_has_rows_of_their_own_cities(client, world):
    metro, _q = get(client, world, "visits", "korkot")
    medan, _q = get(client, world, "visits", "korkot_other")
    assert world.ours["visit"].title in metro
    assert world.ours["visit"].title not in medan
    assert world.theirs["visit"].title in medan


def test_each_filter_page_and_language_has_rows_of_its_own(client, world):
    ours_title, theirs_title = world.ours["visit"].title, world.theirs["visit"].title
    assert theirs_title in get(client, world, "visits", "pusat")[0]
    only_metro = get(client, world, "visits", "pusat", city=world.metro.pk)[0]
    assert ours_title in only_metro and theirs_title not in only_metro
    empty = get(client, world, "visits", "pusat", page=2)[0]  # past the last: the last page
    assert ours_title in empty or theirs_title in empty
    client.cookies["django_language"] = "en"
    english = get(client, world, "rktl")[0]
    client.cookies["django_language"] = "id"
    indonesian = get(client, world, "rktl")[0]
    assert rows(english) != rows(indonesian)


def test_the_rktl_rows_are_made_again_the_next_day(client, world):
    # What is overdue changes with the day.
    _html, first = get(client, world, "rktl")
    _html, kept = get(client, world, "rktl")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        _html, next_day = get(client, world, "rktl")
    assert kept < first and next_day > kept


def kelurahan_options(html: str) -> str:
    return between(html, 'name="kelurahan"', "</select>")


def test_the_registry_offers_its_kelurahan_and_a_new_one_at_once(client, world):
    ksm = world.ours["ksm"]
    offered, first_queries = get(client, world, "ksms", "fasilitator")
    assert f"Kel. {ksm.kelurahan.name}" in kelurahan_options(offered)
    assert get(client, world, "ksms", "fasilitator")[1] < first_queries  # kept

    new = Kelurahan.objects.create(kecamatan=ksm.kelurahan.kecamatan, name="Kelurahan Baru")
    assert "Kelurahan Baru" not in kelurahan_options(get(client, world, "ksms", "fasilitator")[0])
    Ksm.objects.create(name="KSM Baru", kelurahan=new)  # the first KSM there: offered now
    assert "Kelurahan Baru" in kelurahan_options(get(client, world, "ksms", "fasilitator")[0])


def test_the_country_is_offered_kelurahan_once_a_city_is_chosen(client, world):
    name = f"Kel. {world.ours['ksm'].kelurahan.name}"
    country = get(client, world, "ksms", "pusat")[0]
    assert name not in kelurahan_options(country)
    assert name in kelurahan_options(get(client, world, "ksms", "pusat", city=world.metro.pk)[0])


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        ("ksm:ksm_list", "fasilitator"),  # its count, kelurahan filter and rows
        ("monitoring:visit_list", "korkot"),  # its count and rows
        ("monitoring:dashboard", "kmw"),  # its figures and targets
    ],
)
def test_a_page_reads_its_areas_version_once(client, world, url, persona):
    client.force_login(world.users[persona])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url)).status_code == 200
    versions = [q for q in queries.captured_queries if "kotaku_cityversion" in q["sql"]]
    assert len(versions) == 1
