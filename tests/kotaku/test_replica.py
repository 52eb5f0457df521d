"""A read replica takes the dashboards', lists' and exports' reads; every write, and every
other page, stays on the primary.

"replica" is a second test database here (tests/settings.py): rows put only there show which
database a page read.
"""

import pytest
from django.contrib.auth.models import User
from django.db import connections, router
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from kotaku.models import City, Province
from kotaku.replica import REPLICA, replica_reads
from monitoring.models import Visit

pytestmark = pytest.mark.django_db(databases=["default", REPLICA], transaction=True)

ON = override_settings(DATABASE_REPLICA_READS=True)


@pytest.fixture
def pusat(client):
    user = User.objects.create_superuser("pusat-replica", password="x")
    client.force_login(user)
    return user


@pytest.fixture
def replica_only_city():
    """A province and a city that exist on the replica and not on the primary."""
    province = Province.objects.using(REPLICA).create(code="99", name="Provinsi Replika")
    return City.objects.using(REPLICA).create(
        code="9901", province=province, kind=City.Kind.KOTA, name="Replika"
    )


def test_the_router_sends_reads_to_the_replica_only_inside_replica_reads():
    with ON:
        assert router.db_for_read(Visit) == "default"
        with replica_reads():
            assert router.db_for_read(Visit) == REPLICA
            assert router.db_for_write(Visit) == "default"
        assert router.db_for_read(Visit) == "default"


def test_without_a_replica_configured_everything_reads_the_primary():
    with replica_reads():
        assert router.db_for_read(Visit) == "default"


def test_inside_a_transaction_reads_stay_on_the_primary(transactional_db):
    from django.db import transaction

    with ON, replica_reads(), transaction.atomic():
        assert router.db_for_read(Visit) == "default"


@pytest.mark.parametrize("url", ["/dashboard/", "/visits/", "/rktl/", "/ksm/"])
def test_bulk_pages_read_the_replica(client, pusat, replica_only_city, url):
    with ON, CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client.get(url)
    assert page.status_code == 200
    assert on_replica.captured_queries, f"{url} read nothing from the replica"


def test_the_dashboard_shows_what_the_replica_holds(client, pusat, replica_only_city):
    with ON:
        page = client.get("/dashboard/").content.decode()
    assert "Replika" in page
    # Without replica reads, the same page reads the primary, where the city does not exist.
    assert "Replika" not in client.get("/dashboard/").content.decode()


def test_a_record_page_reads_the_primary(client, pusat, replica_only_city):
    with ON, CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client.get("/")
    assert page.status_code == 200
    assert not on_replica.captured_queries
