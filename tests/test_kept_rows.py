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

import ksm.views
import monitoring.views.rktl
import monitoring.views.visits
from kotaku.models import Assignment, Kelurahan
from ksm.models import Ksm, Member
from monitoring.models import RktlItem, RktlStatus, Visit
from tests.kept_html import (
    COMMITTED,
    Change,
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


# Where each list's rows are written from the rows it reads: called only when not kept.
WRITERS = {
    "visits": (monitoring.views.visits, "visit_row"),
    "rktl": (monitoring.views.rktl, "rktl_row"),
    "ksms": (ksm.views, "ksm_row"),
}


@pytest.fixture
def written(monkeypatch):
    """How many rows each list has written (read and rendered) in this test."""
    counts = dict.fromkeys(WRITERS, 0)
    for name, (module, attr) in WRITERS.items():
        write = getattr(module, attr)

        def counted(*args, _name=name, _write=write):
            counts[_name] += 1
            return _write(*args)

        monkeypatch.setattr(module, attr, counted)
    return counts


def rows(html: str) -> str:
    return between(html, "<tbody>", "</tbody>")


def get(client, world, name: str, persona: str = "korkot", **query):
    url = reverse(LISTS[name][0])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return fetched(client, world.users[persona], url)


@pytest.mark.parametrize("name", list(LISTS))
def test_the_rows_are_kept_until_the_city_changes(client, world, name, written):
    first, _q = get(client, world, name)
    made = written[name]
    again, _q = get(client, world, name)
    assert rows(again) == rows(first) and "<tr>" in rows(first)
    assert made > 0 and written[name] == made  # not read nor written again


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("persona", ["korkot", "pusat"])
def test_a_change_shows_at_once_for_a_city_and_for_the_country(client, world, name, persona):
    # Pusat reads every city: its rows are exact too, keyed by all the cities' versions.
    change = LISTS[name][1]
    assert_shown_at_once(lambda: get(client, world, name, persona)[0], world, change)


@pytest.mark.parametrize("name", list(LISTS))
def test_a_change_in_another_city_keeps_the_rows(client, world, name, written):
    first, _q = get(client, world, name)
    made = written[name]
    Visit.objects.filter(pk=world.theirs["visit"].pk).update(id=F("id"))
    assert rows(get(client, world, name)[0]) == rows(first) and written[name] == made
    Visit.objects.filter(pk=world.ours["visit"].pk).update(id=F("id"))  # and in its own
    assert rows(get(client, world, name)[0]) == rows(first) and written[name] > made


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
    # The same reader moved to another city reads that city's rows at once.
    Assignment.objects.filter(user=world.users["korkot"]).update(city=world.medan)
    moved, _q = get(client, world, "visits", "korkot")
    assert world.theirs["visit"].title in moved and world.ours["visit"].title not in moved


def test_each_filter_page_and_language_has_rows_of_its_own(client, world):
    ours_title, theirs_title = world.ours["visit"].title, world.theirs["visit"].title
    assert theirs_title in get(client, world, "visits", "pusat")[0]
    only_metro = get(client, world, "visits", "pusat", city=world.metro.pk)[0]
    assert ours_title in only_metro and theirs_title not in only_metro
    client.cookies["django_language"] = "en"
    english = get(client, world, "rktl")[0]
    client.cookies["django_language"] = "id"
    indonesian = get(client, world, "rktl")[0]
    assert rows(english) != rows(indonesian)


def test_each_page_of_rows_is_kept_apart(client, world, monkeypatch):
    monkeypatch.setattr(monitoring.views.rktl, "PAGE_SIZE", 1)
    first = rows(get(client, world, "rktl", "pusat")[0])
    second = rows(get(client, world, "rktl", "pusat", page=2)[0])
    assert first != second and "<tr>" in second
    assert rows(get(client, world, "rktl", "pusat", page=1)[0]) == first


def test_an_action_due_today_shows_overdue_the_next_day(client, world):
    # What is overdue changes with the day: the rows are kept per day.
    today = timezone.localdate()
    RktlItem.objects.filter(pk=world.ours["rktl"].pk).update(
        deadline=today, status=RktlStatus.IN_PROGRESS
    )
    assert 'data-testid="overdue"' not in rows(get(client, world, "rktl")[0])
    assert 'data-testid="overdue"' not in rows(get(client, world, "rktl")[0])  # kept
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert 'data-testid="overdue"' in rows(get(client, world, "rktl")[0])


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
        ("monitoring:rktl_list", "korkot"),  # its status counts and rows
        ("monitoring:dashboard", "kmw"),  # its figures and targets
    ],
)
def test_a_page_reads_its_areas_version_once(client, world, url, persona):
    client.force_login(world.users[persona])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url)).status_code == 200
    versions = [q for q in queries.captured_queries if "kotaku_cityversion" in q["sql"]]
    assert len(versions) == 1
