"""The demo data command: idempotent, consistent, covering every status, and safe by default."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.test import RequestFactory, override_settings
from django.utils import timezone

from demo.users import DEMO_PASSWORD, create_demo_users
from kotaku.lib.choices import Gender
from kotaku.models import Role
from monitoring.models import Finding, Review, RktlItem, RktlStatus, RktlUpdate, Target, Visit
from monitoring.sections import SECTION_LABELS

METRO = "1872"

# username -> (role, city code, province code) of the logins the demo promises.
DEMO_LOGINS = {
    "admin": (Role.PUSAT, None, None),
    "kmw-lampung": (Role.KMW, None, "18"),
    "kmw-sumut": (Role.KMW, None, "12"),
    "korkot-metro": (Role.KORKOT, METRO, None),
    "korkot-medan": (Role.KORKOT, "1275", None),
    "fasilitator-metro": (Role.FASILITATOR, METRO, None),
    "fasilitator-medan": (Role.FASILITATOR, "1275", None),
    "pemda-metro": (Role.PEMDA, METRO, None),
}


@pytest.fixture(autouse=True)
def debug_on(settings):
    # The test runner turns DEBUG off; the demo is meant for development installations.
    settings.DEBUG = True


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seeding for the whole module (it takes a second or two), rolled back at its end.

    Each test still runs in a savepoint of its own, so a test may write without the others
    seeing it.
    """
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    # Auto-created models are the many-to-many tables (a visit's targets and team).
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.mark.django_db
def test_a_second_run_changes_no_row_count(seeded):
    after_first = row_counts()
    seed()
    assert row_counts() == after_first
    assert after_first["monitoring.Visit"] > 0
    assert after_first["monitoring.HistoricalVisit"] > 0


@pytest.mark.django_db
def test_the_printed_password_signs_in_every_demo_login_with_its_assignment(seeded):
    output = seeded
    assert f"password for all: {DEMO_PASSWORD}" in output
    request = RequestFactory().post("/accounts/login/")
    for username, (role, city, province) in DEMO_LOGINS.items():
        assert username in output
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assignments = set(user.assignments.values_list("role", "city__code", "province__code"))
        assert assignments == {(role, city, province)}, username
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert admin.first_name and admin.last_name


@pytest.mark.django_db
def test_create_demo_users_alone_gives_the_logins_and_nothing_else():
    # Other tests of this module may have seeded already: compare, don't assume empty tables.
    visits = Visit.objects.count()
    users = create_demo_users()
    create_demo_users()
    assert set(DEMO_LOGINS) <= set(users)
    assert get_user_model().objects.filter(username__in=DEMO_LOGINS).count() == len(DEMO_LOGINS)
    assert users["fasilitator-metro"].check_password(DEMO_PASSWORD)
    assert Visit.objects.count() == visits


@pytest.mark.django_db
def test_every_visit_status_and_rktl_status_appears_and_some_rktl_is_overdue(seeded):
    # Every status a visit goes through; a cancelled draft is in no list, so not in the demo.
    shown = set(Visit.Status.values) - {Visit.Status.CANCELLED}
    assert set(Visit.objects.values_list("status", flat=True)) == shown
    metro_statuses = Visit.objects.filter(city__code=METRO).values_list("status", flat=True)
    assert set(metro_statuses) == shown
    assert set(RktlItem.objects.values_list("status", flat=True)) == set(RktlStatus.values)
    assert RktlItem.objects.overdue().exists()
    assert RktlItem.objects.filter(status=RktlStatus.CANNOT).exclude(cannot_reason="").exists()


@pytest.mark.django_db
def test_targets_and_rktl_items_belong_to_the_visits_city(seeded):
    assert Visit.target_ksms.through.objects.exclude(ksm__city=F("visit__city")).count() == 0
    assert (
        Visit.target_outlets.through.objects.exclude(outlet__bdc__city=F("visit__city")).count()
        == 0
    )
    assert RktlItem.objects.exclude(city=F("finding__visit__city")).count() == 0
    assert Visit.objects.filter(created_by__assignments__city=F("city")).count() == (
        Visit.objects.count()
    )


@pytest.mark.django_db
def test_rktl_updates_lead_each_item_from_open_to_its_status(seeded):
    for item in RktlItem.objects.prefetch_related("updates"):
        status = RktlStatus.OPEN
        for update in item.updates.all():
            assert update.status_before == status, item.pk
            if update.kind == RktlUpdate.Kind.DEADLINE:
                assert update.status_after == status
            status = update.status_after
        assert status == item.status, item.pk


@pytest.mark.django_db
def test_reviews_match_each_visits_status(seeded):
    for visit in Visit.objects.prefetch_related("reviews"):
        reviews = [(r.tier, r.decision) for r in visit.reviews.all()]
        last = reviews[-1] if reviews else None
        if visit.status == Visit.Status.DRAFT:
            assert not reviews and visit.submitted_at is None
            continue
        assert visit.submitted_at is not None
        if visit.status == Visit.Status.SUBMITTED:
            assert last is None or last[1] == Review.Decision.RETURN
        elif visit.status == Visit.Status.RETURNED:
            assert last[1] == Review.Decision.RETURN
        elif visit.status == Visit.Status.KORKOT_APPROVED:
            assert last == (Review.Tier.KORKOT, Review.Decision.APPROVE)
        else:
            assert reviews[-2:] == [
                (Review.Tier.KORKOT, Review.Decision.APPROVE),
                (Review.Tier.KMW, Review.Decision.APPROVE),
            ]
    metro_returned = Visit.objects.get(city__code=METRO, status=Visit.Status.RETURNED)
    review = metro_returned.reviews.get()
    assert (review.tier, review.decision) == (Review.Tier.KORKOT, Review.Decision.RETURN)
    assert review.comment and review.reviewer.username == "korkot-metro"


@pytest.mark.django_db
def test_review_comments_per_section_name_sections_of_the_visit_page(seeded):
    # Keys the pages cannot name ("B", "attendance") were shown raw.
    keys = {
        key
        for comments in Review.objects.values_list("section_comments", flat=True)
        for key in comments
    }
    assert keys, "the demo has no comments per section"
    assert keys <= set(SECTION_LABELS)


@pytest.mark.django_db
def test_nothing_is_dated_in_the_future_and_each_record_follows_its_visit(seeded):
    now = timezone.now()
    for model in (Visit, Finding, RktlItem, RktlUpdate, Review):
        assert not model.objects.filter(created_at__gt=now).exists(), model
    assert not Visit.objects.filter(submitted_at__gt=now).exists()
    # submitted_at is the last submission: a resubmitted visit waits with all its reviews
    # before it; any other reviewed visit got its status from a review after it.
    for visit in Visit.objects.exclude(reviews=None).prefetch_related("reviews"):
        last_review = list(visit.reviews.all())[-1].created_at
        if visit.status == Visit.Status.SUBMITTED:
            assert last_review < visit.submitted_at, visit.title
        else:
            assert last_review > visit.submitted_at, visit.title
    assert not RktlUpdate.objects.filter(created_at__lt=F("item__created_at")).exists()
    assert not Visit.objects.filter(submitted_at__lt=F("created_at")).exists()


@pytest.mark.django_db
def test_every_visit_has_a_balanced_attendance(seeded):
    for visit in Visit.objects.prefetch_related("attendees"):
        genders = [a.gender for a in visit.attendees.all()]
        assert 8 <= len(genders) <= 25
        assert 0.4 <= genders.count(Gender.FEMALE) / len(genders) <= 0.6


@pytest.mark.django_db
def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    assert row_counts() == before


@pytest.mark.django_db
def test_force_runs_it_with_debug_off(seeded, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert "Demo data ready" in out.getvalue()


def near(lat, lon, centre, km: float) -> bool:
    """Whether (lat, lon) lies within `km` of `centre` (a flat-earth estimate: a few km)."""
    import math

    dy = (float(lat) - centre[0]) * 111.32
    dx = (float(lon) - centre[1]) * 111.32 * math.cos(math.radians(centre[0]))
    return math.hypot(dx, dy) <= km


@pytest.mark.django_db
def test_ksms_outlets_and_visits_have_positions_around_their_city(seeded):
    from bdc.models import Outlet
    from demo.positions import CITY_CENTRES
    from ksm.models import Ksm

    ksms = list(Ksm.objects.select_related("city"))
    placed = [k for k in ksms if k.latitude is not None]
    # Most KSMs have a position; a few do not yet (listed beside the map, not drawn).
    assert len(ksms) > len(placed) > 0.8 * len(ksms)
    for ksm in placed:
        assert near(ksm.latitude, ksm.longitude, CITY_CENTRES[ksm.city.code], 20), ksm
    outlets = list(Outlet.objects.select_related("bdc__city"))
    assert all((o.latitude is None) == (o.kind == Outlet.Kind.ONLINE) for o in outlets)
    for outlet in outlets:
        if outlet.latitude is not None:
            assert near(outlet.latitude, outlet.longitude, CITY_CENTRES[outlet.bdc.city.code], 10)
    visits = list(Visit.objects.select_related("city"))
    assert all((v.latitude is None) == (v.status == Visit.Status.DRAFT) for v in visits)
    for visit in visits:
        if visit.latitude is not None:
            assert near(visit.latitude, visit.longitude, CITY_CENTRES[visit.city.code], 20)
            assert visit.position_accuracy and visit.positioned_at


@pytest.mark.django_db
def test_targets_are_seeded_for_the_country_lampung_and_metro(seeded):
    year = timezone.localdate().year
    areas = {t.area_kind for t in Target.objects.filter(year=year)}
    assert areas == {"national", "province", "city"}
    assert Target.objects.filter(year=year - 1).exists()
    assert Target.objects.filter(city__code=METRO).exists()
