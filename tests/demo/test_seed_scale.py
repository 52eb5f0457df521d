"""The national data set (`manage.py seed_scale`) at tiny sizes: the same rows on every run,
and every page the bench measures renders from it in a number of queries that does not grow
with the data (timings are the bench's business, not the tests')."""

import hashlib

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bdc.models import Bdc, GrantTranche
from demo.bench import bench_pages, bench_usernames
from demo.scale import Size, seed_scale
from kotaku.models import City, Kelurahan
from ksm.models import Assessment, Ksm, Member, Product
from monitoring.models import Answer, Attendee, Finding, Review, RktlItem, RktlUpdate, Visit

TINY = Size(
    cities=3,
    ksm_per_city=4,
    members_per_ksm=3,
    visits_per_city=5,
    rktl_per_visit=3,
    kecamatan_per_city=2,
    kelurahan_per_kecamatan=2,
)
SMALL = Size(
    cities=4,
    ksm_per_city=15,
    members_per_ksm=6,
    visits_per_city=12,
    rktl_per_visit=6,
    kecamatan_per_city=3,
    kelurahan_per_kecamatan=3,
)
# The first pilot city (Kota Medan) and its province: a tiny data set has the pilots first.
CITY, PROVINCE = "1275", "12"


def quiet(_message: str) -> None:
    pass


def digest() -> str:
    """A hash of the data set's values in a fixed order, without database ids."""
    h = hashlib.sha256()
    for qs in (
        City.objects.values_list("code", "province__code", "kind", "name").order_by("code"),
        Kelurahan.objects.values_list("kecamatan__city__code", "kecamatan__name", "name").order_by(
            "kecamatan__city__code", "kecamatan__name", "name"
        ),
        User.objects.values_list("username", "first_name", "last_name").order_by("username"),
        Ksm.objects.values_list(
            "code",
            "name",
            "city__code",
            "kelurahan__name",
            "type",
            "formed_on",
            "ppmk_stage",
            "maturity",
            "is_bdc_partner",
            "chair_name",
            "phone",
            "created_at",
        ).order_by("code"),
        Member.objects.values_list("ksm__code", "name", "gender", "business").order_by(
            "ksm__code", "name"
        ),
        Product.objects.values_list("ksm__code", "name", "price").order_by("ksm__code", "name"),
        Assessment.objects.values_list("ksm__code", "assessed_on", "score").order_by("ksm__code"),
        Visit.objects.values_list(
            "code",
            "city__code",
            "title",
            "starts_on",
            "ends_on",
            "status",
            "created_at",
            "created_by__username",
        ).order_by("code"),
        Answer.objects.values_list("visit__code", "item__code", "value", "note").order_by(
            "visit__code", "item__code"
        ),
        Attendee.objects.values_list("visit__code", "name", "gender").order_by("visit__code", "id"),
        Finding.objects.values_list("visit__code", "description").order_by("visit__code", "id"),
        Review.objects.values_list("visit__code", "tier", "decision", "created_at").order_by(
            "visit__code", "created_at"
        ),
        RktlItem.objects.values_list(
            "code",
            "finding__visit__code",
            "category",
            "action",
            "pic_name",
            "status",
            "deadline",
            "original_deadline",
            "created_at",
        ).order_by("code"),
        RktlUpdate.objects.values_list("item__code", "kind", "status_after", "created_at").order_by(
            "item__code", "created_at", "kind"
        ),
        Bdc.objects.values_list("city__code", "name", "address").order_by("city__code"),
        GrantTranche.objects.values_list("bdc__city__code", "stage", "allocated", "spent").order_by(
            "bdc__city__code", "stage"
        ),
    ):
        for row in qs:
            h.update(repr(row).encode())
    return h.hexdigest()


def seeded(size: Size, then):
    """Seed `size` into the (empty) test database, call `then()`, and roll it all back."""
    with transaction.atomic():
        seed_scale(size, log=quiet)
        result = then()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_two_runs_produce_the_same_rows():
    first = seeded(TINY, digest)
    second = seeded(TINY, digest)
    assert first == second
    assert seeded(Size(**{**TINY.__dict__, "seed": 7}), digest) != first


@pytest.mark.django_db
def test_it_creates_the_sizes_asked_for():
    def counts():
        return (
            City.objects.count(),
            Ksm.objects.count(),
            Visit.objects.count(),
            RktlItem.objects.count(),
        )

    cities, ksms, visits, items = seeded(TINY, counts)
    assert (cities, ksms, visits) == (15, 12, 15)  # the 15 pilot cities always exist
    assert 0 < items <= 15 * 3


@pytest.mark.django_db
def test_it_refuses_to_load_twice():
    with transaction.atomic():
        call_command("seed_scale", *size_args(TINY), "--force", stdout=open_null())
        with pytest.raises(CommandError, match="already loaded"):
            call_command("seed_scale", *size_args(TINY), "--force", stdout=open_null())
        call_command("seed_scale", *size_args(TINY), "--force", "--if-empty", stdout=open_null())
        transaction.set_rollback(True)


def size_args(size: Size) -> list[str]:
    return [
        f"--cities={size.cities}",
        f"--ksm-per-city={size.ksm_per_city}",
        f"--members-per-ksm={size.members_per_ksm}",
        f"--visits-per-city={size.visits_per_city}",
        f"--rktl-per-visit={size.rktl_per_visit}",
    ]


def open_null():
    import io

    return io.StringIO()


def query_counts() -> dict[tuple[str, str], int]:
    """Each benched page's number of queries, signed in as the bench's user for it."""
    clients = {}
    for role, username in bench_usernames(CITY, PROVINCE).items():
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=username))
    counts = {}
    for name, role, url, _kind in bench_pages(CITY, PROVINCE):
        if url is None:  # a page not built yet
            continue
        cache.clear()  # nothing kept from the request before: the most the page runs
        with CaptureQueriesContext(connection) as queries:
            response = clients[role].get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, (name, role, url)
        counts[name, role] = len(queries)
    return counts


@pytest.mark.django_db
def test_every_benched_page_runs_the_same_queries_at_two_sizes():
    tiny = seeded(TINY, query_counts)
    small = seeded(SMALL, query_counts)
    assert tiny == small


@pytest.mark.django_db
def test_ksms_outlets_and_reported_visits_get_positions():
    from bdc.models import Outlet

    def positions():
        return (
            Ksm.objects.filter(latitude__isnull=True).count(),
            Visit.objects.exclude(status=Visit.Status.DRAFT).filter(latitude=None).count(),
            Visit.objects.filter(status=Visit.Status.DRAFT, latitude__isnull=False).count(),
            Outlet.objects.exclude(kind=Outlet.Kind.ONLINE).filter(latitude=None).count(),
            # Every city's points lie in Indonesia.
            Ksm.objects.filter(latitude__gt=6).count()
            + Ksm.objects.filter(latitude__lt=-11).count(),
            Ksm.objects.filter(latitude__isnull=False).count(),
        )

    *missing, outside, placed = seeded(TINY, positions)
    assert missing == [0, 0, 0, 0] and outside == 0 and placed == 12
