"""A city's version (kotaku/versions.py) rises with every change to its records, whatever
makes it, and what is kept under it (kotaku/kept.py) is counted again then, and only then."""

import re

import pytest
from django.contrib.auth.models import User, update_last_login
from django.db import connection, transaction
from django.db.models import F
from django.utils.timezone import localdate as today

from bdc.models import Bdc, BdcPerson, GrantTranche, Outlet, PlanActivity
from kotaku import kept
from kotaku.lib.codes import new_code
from kotaku.models import City, CityVersion, Kecamatan, Kelurahan
from ksm.models import Ksm, Member, Product
from monitoring.dashboard import build_dashboard
from monitoring.dashboard.filters import Filters
from monitoring.models import (
    Answer,
    Attendee,
    ChecklistItem,
    DocumentCheck,
    Finding,
    Review,
    RktlItem,
    RktlUpdate,
    Visit,
)

# Committed data, as in production: on PostgreSQL a transaction raises a city once, so inside
# one test-long transaction the versions would not move.
pytestmark = pytest.mark.django_db(transaction=True)

# Every watched table, and the lookup from its rows to their city.
WATCHED = [
    (Visit, "city"),
    (Attendee, "visit__city"),
    (Finding, "visit__city"),
    (RktlItem, "city"),
    (RktlUpdate, "item__city"),
    (Ksm, "city"),
    (Bdc, "city"),
    (GrantTranche, "bdc__city"),
    (Outlet, "bdc__city"),
    (BdcPerson, "bdc__city"),
    (PlanActivity, "bdc__city"),
    (Member, "ksm__city"),
    (Product, "ksm__city"),
    (Kecamatan, "city"),
    (Kelurahan, "kecamatan__city"),
    (Answer, "visit__city"),
    (DocumentCheck, "visit__city"),
    (Review, "visit__city"),
    (Visit.history.model, "city"),
    (Attendee.history.model, "visit__city"),
    (Answer.history.model, "visit__city"),
    (DocumentCheck.history.model, "visit__city"),
    (Finding.history.model, "visit__city"),
]


def version(city: City) -> int:
    row = CityVersion.objects.filter(city_id=city.pk).first()
    return row.n if row else 0


@pytest.mark.parametrize(("model", "to_city"), WATCHED, ids=lambda v: getattr(v, "__name__", v))
def test_an_update_of_any_watched_record_raises_its_citys_version_only(world, model, to_city):
    row = model.objects.filter(**{to_city: world.metro}).first()
    assert row is not None, f"the test world needs a {model.__name__} in Metro"
    metro, medan = version(world.metro), version(world.medan)
    # A bulk update, which no model signal would see.
    model.objects.filter(pk=row.pk).update(id=F("id"))
    assert version(world.metro) > metro
    assert version(world.medan) == medan


def test_the_checklists_wording_changed_raises_every_citys_version(world):
    # Every city's visits show it: a correction in the admin is shown everywhere at once.
    metro, medan = version(world.metro), version(world.medan)
    ChecklistItem.objects.filter(pk=ChecklistItem.objects.first().pk).update(id=F("id"))
    assert version(world.metro) > metro and version(world.medan) > medan


def test_a_users_name_changed_raises_every_citys_version_and_signing_in_does_not(world):
    # The visit list, kept as HTML, names each visit's author.
    user = world.users["fasilitator"]
    metro, medan = version(world.metro), version(world.medan)
    update_last_login(None, user)  # what signing in writes
    User.objects.filter(pk=user.pk).update(first_name=F("first_name"))  # the same name
    user.save()  # every column written, no name changed
    assert (version(world.metro), version(world.medan)) == (metro, medan)

    for change in ({"first_name": "Sri"}, {"last_name": "Rahayu"}, {"username": "sri-metro"}):
        metro, medan = version(world.metro), version(world.medan)
        User.objects.filter(pk=user.pk).update(**change)
        assert version(world.metro) > metro and version(world.medan) > medan, change


def test_an_insert_a_delete_and_raw_sql_raise_the_version(world):
    attendee = Attendee.objects.filter(visit__city=world.metro).first()
    before = version(world.metro)
    attendee.pk = None
    attendee.save()
    inserted = version(world.metro)
    assert inserted > before
    attendee.delete()
    deleted = version(world.metro)
    assert deleted > inserted
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE monitoring_rktlitem SET status = status WHERE city_id = %s", [world.metro.pk]
        )
    assert version(world.metro) > deleted


def test_a_visits_targets_added_or_removed_raise_its_citys_version(world):
    # Through the link tables alone: no save of the visit itself.
    visit = Visit.objects.filter(city=world.metro).first()
    outlet = Outlet.objects.filter(bdc__city=world.metro).first()
    ksm = Ksm.objects.filter(city=world.metro).first()
    visit.target_outlets.remove(outlet)
    before = version(world.metro)
    visit.target_outlets.add(outlet)
    added = version(world.metro)
    assert added > before
    visit.target_ksms.remove(ksm)
    assert version(world.metro) > added


def city_row_is_free(city: City) -> bool:
    """From a second connection: whether the city's version row may be locked at once."""
    import psycopg

    with psycopg.connect(**connection.get_connection_params()) as other:
        try:
            other.execute(
                "SELECT 1 FROM kotaku_cityversion WHERE city_id = %s FOR UPDATE NOWAIT", [city.pk]
            )
        except psycopg.errors.LockNotAvailable:
            return False
    return True


@pytest.mark.parametrize("confirmed", [False, True], ids=["dry run", "import"])
def test_an_import_keeps_no_writer_of_its_cities_waiting_while_it_runs(
    client, world, monkeypatch, confirmed
):
    from kotaku.lib import importer
    from tests.ksm.sheets import xlsx
    from tests.ksm.test_ksm_import import IMPORT, good_sheets

    kecamatan = Kecamatan.objects.create(city=world.metro, name="Metro Pusat")
    Kelurahan.objects.create(kecamatan=kecamatan, name="Hadimulyo")
    client.force_login(world.users["fasilitator"])
    dry_run = client.post(IMPORT, {"file": xlsx(good_sheets())})
    assert dry_run.context["report"].changes > 0
    before = version(world.metro)
    free = []

    def apply_table(*args, **kwargs):
        applied = real_apply_table(*args, **kwargs)
        # Inside the import's transaction, which has just written its rows (a KSM in Metro).
        if connection.vendor == "postgresql":
            free.append(city_row_is_free(world.metro))
        else:  # one writer at a time anyway
            free.append(True)
        return applied

    real_apply_table = importer._apply_table
    monkeypatch.setattr(importer, "_apply_table", apply_table)
    if confirmed:
        client.post(IMPORT, {"confirm": dry_run.context["token"]})
    else:
        client.post(IMPORT, {"file": xlsx(good_sheets())})
    assert free and all(free)
    assert Ksm.objects.filter(name="KSM Batik Metro").exists() == confirmed
    if confirmed:  # raised once its rows are written, before it commits
        assert version(world.metro) > before
    else:  # rolled back: nothing to raise
        assert version(world.metro) == before
    # The setting ended with the import: the next change raises the city at once again.
    raised = version(world.metro)
    Ksm.objects.filter(city=world.metro).update(id=F("id"))
    assert version(world.metro) > raised


def test_a_record_moved_to_another_city_raises_both(world):
    ksm = Ksm.objects.filter(city=world.metro).first()
    metro, medan = version(world.metro), version(world.medan)
    Ksm.objects.filter(pk=ksm.pk).update(city=world.medan)
    assert version(world.metro) > metro
    assert version(world.medan) > medan


def test_a_province_renamed_raises_each_of_its_cities(world):
    province = world.metro.province
    before = {c.pk: version(c) for c in province.cities.all()}
    province.name = "Lampung (baru)"
    province.save()
    assert all(version(c) > n for c in province.cities.all() for n in [before[c.pk]])
    assert len(before) >= 1


def test_a_city_rises_once_per_transaction_on_postgresql_and_per_row_on_sqlite(world):
    before = version(world.metro)
    with transaction.atomic():  # three statements over many rows
        RktlItem.objects.filter(city=world.metro).update(id=F("id"))
        Visit.objects.filter(city=world.metro).update(id=F("id"))
        Attendee.objects.filter(visit__city=world.metro).update(id=F("id"))
    if connection.vendor == "postgresql":
        # Statement triggers, and no second rise of a row this transaction already raised.
        assert version(world.metro) == before + 1
    else:
        # Row triggers: each updated row raises its city, before and after.
        rows = (
            RktlItem.objects.filter(city=world.metro).count()
            + Visit.objects.filter(city=world.metro).count()
            + Attendee.objects.filter(visit__city=world.metro).count()
        )
        assert version(world.metro) == before + 2 * rows


# ---- What is kept under the versions ---------------------------------------------------------


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return RktlItem.objects.filter(city__in=self.cities).count()


def count(cities, counter: Counter):
    counter.cities = cities
    return kept.kept(kept.keeping([c.pk for c in cities], "test-count", 60), counter)


def test_a_few_cities_count_is_kept_until_one_of_their_records_changes(world):
    counter = Counter()
    metro = [world.metro]
    first, counted_at = count(metro, counter)
    assert counted_at is None  # exact: no time to show
    assert count(metro, counter) == (first, None)
    # A change in another city leaves it kept.
    RktlItem.objects.filter(city=world.medan).update(status=F("status"))
    assert count(metro, counter) == (first, None)
    assert counter.calls == 1
    # A change in the city: counted again, and right.
    item = RktlItem.objects.filter(city=world.metro).first()
    item.pk, item.code = None, new_code()
    item.save()
    assert count(metro, counter) == (first + 1, None)
    assert counter.calls == 2


def test_an_empty_area_and_a_missing_version_row_are_keys_too(world):
    CityVersion.objects.filter(city_id=world.metro.pk).delete()
    assert kept.area_version([world.metro.pk]) == "0.0"
    assert kept.area_version([]) == "0.0"
    RktlItem.objects.filter(city=world.metro).update(status=F("status"))
    assert kept.area_version([world.metro.pk]) != "0.0"


def test_inside_a_transaction_of_its_own_nothing_is_kept(world):
    counter = Counter()
    with transaction.atomic():
        # Its writes may yet be rolled back: a count of them must not outlive it.
        RktlItem.objects.filter(city=world.metro).delete()
        assert kept.keeping([world.metro.pk], "test-count", 60) is None
        assert count([world.metro], counter) == (0, None)
        transaction.set_rollback(True)
    assert count([world.metro], counter)[0] > 0
    assert counter.calls == 2


def test_many_cities_are_kept_for_a_while_with_the_time(world, monkeypatch):
    monkeypatch.setattr("kotaku.kept.LIVE_COUNT_CITIES", 1)
    counter = Counter()
    both = [world.metro, world.medan]
    first, counted_at = count(both, counter)
    assert counted_at is not None
    RktlItem.objects.filter(city=world.metro).delete()
    # Kept: the page says when it was counted.
    assert count(both, counter) == (first, counted_at)
    assert counter.calls == 1


def panels(response) -> str:
    """The dashboard's panels, without the response's own CSP nonce."""
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    return html[html.index("dash-headline") :].replace(nonce, "N")


def test_a_korkots_dashboard_shows_a_change_at_once(client, world, monkeypatch):
    client.force_login(world.users["korkot"])
    first = client.get("/dashboard/")
    assert b'data-testid="dash-scale-note"' not in first.content  # no "figures as of"

    def not_again(*args, **kwargs):
        raise AssertionError("the panels were built again")

    with monkeypatch.context() as m:
        m.setattr("monitoring.dashboard.fragments.build_dashboard", not_again)
        assert panels(client.get("/dashboard/")) == panels(first)
    RktlItem.objects.filter(city=world.metro).update(status="terverifikasi")
    after = client.get("/dashboard/")
    assert panels(after) != panels(first)
    # Counted afresh: every item of Metro verified.
    completion = build_dashboard(
        world.users["korkot"], [world.metro], Filters(), today()
    ).completion
    assert completion.totals["verified"].value == RktlItem.objects.filter(city=world.metro).count()
    assert f">{completion.totals['verified'].value}<" in panels(after)


RENAMED = "Kota Metro Baru"


def test_a_city_renamed_after_the_dashboard_read_it_is_kept_by_its_new_name(world, rf, monkeypatch):
    from monitoring.dashboard import cities_in_scope
    from monitoring.dashboard.fragments import rendered_dashboard

    monkeypatch.setattr("kotaku.kept.LIVE_COUNT_CITIES", 1000)  # the country's kept exactly
    request = rf.get("/dashboard/")
    request.user = world.users["pusat"]
    cities = cities_in_scope(request.user)  # the page reads its cities ...
    City.objects.filter(pk=world.metro.pk).update(name=RENAMED)  # ... one is renamed ...
    dash = rendered_dashboard(request, cities, Filters(), today())  # ... before the version
    assert RENAMED in dash.panels
    # What was kept is the new name too.
    again = rendered_dashboard(request, cities_in_scope(request.user), Filters(), today())
    assert RENAMED in again.panels


@pytest.mark.parametrize("url", ["/maps/", "/maps/data.json"])
def test_a_city_renamed_after_the_area_map_read_its_area_is_kept_by_its_new_name(
    client, world, monkeypatch, url
):
    from monitoring import maps

    real_area_city_ids = maps.area_city_ids
    renamed = []

    def read_then_renamed(*args, **kwargs):
        ids = real_area_city_ids(*args, **kwargs)
        if not renamed:
            City.objects.filter(pk=world.metro.pk).update(name=RENAMED)
            renamed.append(True)
        return ids

    monkeypatch.setattr(maps, "area_city_ids", read_then_renamed)
    client.force_login(world.users["korkot"])
    assert RENAMED in client.get(url).content.decode()
    assert RENAMED in client.get(url).content.decode()
