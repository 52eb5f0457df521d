"""The bell, the notifications page, opening and marking read, email settings."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotaku.access import scope_for
from kotaku.models import Assignment
from notifications.context_processors import unread_notifications
from notifications.kinds import EmailMode, Kind
from notifications.models import EmailPreference, Notification
from notifications.services import notify

LIST = reverse("notifications:list")


def tell(world, persona, n: int = 1, *, city=None, kind=Kind.RKTL_DONE) -> list[Notification]:
    city = city or world.metro
    made = []
    for i in range(n):
        made += notify(
            user_ids=[world.users[persona].pk],
            kind=kind,
            event="rktl_done",
            city=city,
            record=f"rktl:{city.code}-{i}",
            url=f"/rktl/{world.ours['rktl'].code}/",
            params={"title": f"Aksi {city.name} {i}", "actor": "Fasilitator"},
        )
    return made


def as_(client, world, persona):
    client.force_login(world.users[persona])
    return client


def bell_count(response) -> str | None:
    html = response.content.decode()
    start = html.find('data-testid="unread-count">')
    if start < 0:
        return None
    return html[start:].split(">", 1)[1].split("<", 1)[0]


def test_the_bell_counts_the_unread_notices(client, world):
    tell(world, "korkot", 3)
    page = as_(client, world, "korkot").get(reverse("home"))
    assert bell_count(page) == "3"
    assert 'data-testid="notification-bell"' in page.content.decode()


def test_no_count_when_all_are_read(client, world):
    for notice in tell(world, "korkot", 2):
        notice.read_at = notice.created_at
        notice.save()
    assert bell_count(as_(client, world, "korkot").get(reverse("home"))) is None


def test_the_count_is_one_query_and_none_for_anonymous_users(world, django_assert_num_queries):
    tell(world, "korkot", 3)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request)["unread_notifications"] == 0
    request.user = world.users["korkot"]
    scope_for(request.user)  # computed once per request already, by the navigation
    context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert int(str(context["unread_notifications"])) == 3
        assert bool(context["unread_notifications"])


def test_the_page_lists_the_notices_newest_first(client, world):
    tell(world, "korkot", 3)
    page = as_(client, world, "korkot").get(LIST)
    html = page.content.decode()
    assert html.index("Aksi Metro 2") < html.index("Aksi Metro 1") < html.index("Aksi Metro 0")
    assert "Fasilitator melaporkan kegiatan RKTL" in html


def test_a_notice_shows_only_while_its_city_is_readable(client, world):
    tell(world, "korkot")
    # A notice of Medan, where the Korkot of Metro has no role (as if assigned there before).
    Notification.objects.create(
        recipient=world.users["korkot"],
        kind=Kind.RKTL_DONE,
        event="rktl_done",
        city=world.medan,
        record="rktl:x",
        url="/rktl/x/",
        params={"title": "Aksi Medan rahasia"},
    )
    page = as_(client, world, "korkot").get(LIST)
    assert "Aksi Metro 0" in page.content.decode()
    assert "Aksi Medan rahasia" not in page.content.decode()
    assert bell_count(page) == "1"
    # The assignment removed: its notices are hidden too (kept, not deleted).
    Assignment.objects.filter(user=world.users["korkot"]).delete()
    page = as_(client, world, "korkot").get(LIST)
    assert "Aksi Metro" not in page.content.decode()
    assert bell_count(page) is None
    assert Notification.objects.filter(recipient=world.users["korkot"]).count() == 2


def test_others_notices_are_not_listed(client, world):
    tell(world, "kmw")
    assert "Aksi Metro" not in as_(client, world, "korkot").get(LIST).content.decode()


def test_the_page_runs_the_same_queries_for_many_notices(client, world, django_assert_num_queries):
    tell(world, "korkot", 2)
    as_(client, world, "korkot")
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    tell(world, "korkot", 40, kind=Kind.REVIEW_WAITING)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(LIST)
    assert page.content.decode().count('data-testid="notification"') == 30


def test_opening_a_notice_marks_it_read_and_goes_to_its_record(client, world):
    (notice,) = tell(world, "korkot")
    response = as_(client, world, "korkot").post(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == notice.url
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert bell_count(client.get(reverse("home"))) is None


@pytest.mark.parametrize("persona", ["kmw", "korkot_other"])
def test_nobody_opens_another_users_notice(client, world, persona):
    (notice,) = tell(world, "korkot")
    response = as_(client, world, persona).post(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_opening_and_marking_need_post(client, world):
    (notice,) = tell(world, "korkot")
    as_(client, world, "korkot")
    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_mark_all_read_marks_only_the_users_own(client, world):
    tell(world, "korkot", 3)
    tell(world, "kmw", 2)
    response = as_(client, world, "korkot").post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world.users["korkot"], read_at=None)
    assert Notification.objects.filter(recipient=world.users["kmw"], read_at=None).count() == 2


def test_the_settings_page_saves_a_choice_per_kind(client, world):
    page = as_(client, world, "korkot").get(reverse("notifications:settings"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["review_waiting"].initial == EmailMode.IMMEDIATE
    assert form["rktl_done"].initial == EmailMode.DIGEST
    data = dict.fromkeys(Kind.values, EmailMode.DIGEST) | {"rktl_overdue": EmailMode.OFF}
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 302
    modes = dict(
        EmailPreference.objects.filter(user=world.users["korkot"]).values_list("kind", "mode")
    )
    assert modes["review_waiting"] == EmailMode.DIGEST
    assert modes["rktl_overdue"] == EmailMode.OFF
    page = client.get(reverse("notifications:settings"))
    assert page.context["form"]["rktl_overdue"].initial == EmailMode.OFF


def test_the_settings_page_refuses_an_unknown_mode(client, world):
    data = dict.fromkeys(Kind.values, "sometimes")
    response = as_(client, world, "korkot").post(reverse("notifications:settings"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not EmailPreference.objects.exists()
