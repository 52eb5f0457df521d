"""The webhook pages: who may register what, the form keeping its input on an error, the
delivery log in a fixed number of queries, and the actions on a hook."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.webhooks.conftest import make_hook
from webhooks.models import Delivery, Event, Webhook

LIST = reverse("webhooks:hook_list")
CREATE = reverse("webhooks:hook_create")


def signed_in(client, world, persona):
    client.force_login(world.users[persona])
    return client


def form_data(**changes) -> dict:
    data = {"url": "https://hooks.example.org/kotaku", "events": [Event.VISIT_APPROVED]}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_korkot_registers_a_hook_for_their_city_and_sees_its_secret(client, world):
    signed_in(client, world, "korkot")
    data = form_data(city=world.metro.pk, events=[Event.RKTL_OVERDUE, Event.VISIT_APPROVED])
    response = client.post(CREATE, data)
    hook = Webhook.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("webhooks:hook_detail", args=[hook.pk])
    assert (hook.owner, hook.city, hook.is_active) == (world.users["korkot"], world.metro, False)
    # In the events' own order.
    assert hook.events == [Event.VISIT_APPROVED, Event.RKTL_OVERDUE]
    assert hook.secret.startswith("whsec_") and len(hook.secret) > 40
    page = client.get(response["Location"])
    assert hook.secret in page.content.decode()


def test_a_korkot_cannot_register_a_hook_for_another_city_nor_a_national_one(client, world):
    signed_in(client, world, "korkot")
    for city in (world.medan.pk, ""):
        response = client.post(CREATE, form_data(city=city, is_active="on"))
        assert response.status_code == 200
        assert "city" in response.context["form"].errors
    # Medan is not even offered.
    choices = [c for c, _ in response.context["form"].fields["city"].choices]
    assert [int(str(c)) for c in choices] == [world.metro.pk]
    assert not Webhook.objects.exists()


def test_pusat_registers_a_national_hook(client, world):
    signed_in(client, world, "pusat")
    response = client.post(CREATE, form_data(city="", is_active="on"))
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert (hook.city, hook.owner, hook.is_active) == (None, world.users["pusat"], True)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://hooks.example.org/", "https"),
        ("ftp://hooks.example.org/", "https"),
        ("https://user:secret@hooks.example.org/", "credentials"),
        ("https://10.0.0.5/hook", "private"),
        ("https://[::1]/hook", "private"),
        ("https://169.254.169.254/latest/meta-data", "private"),
        ("not an address", "invalid"),
    ],
)
def test_a_refused_address_keeps_the_rest_of_the_form(client, world, url, code):
    signed_in(client, world, "korkot")
    data = form_data(url=url, city=world.metro.pk, events=[Event.KSM_STAGE_CHANGED])
    response = client.post(CREATE, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["url"]] == [code]
    # What was typed and chosen is still there.
    assert form["url"].value() == url
    assert form["events"].value() == [Event.KSM_STAGE_CHANGED]
    html = response.content.decode()
    assert re.search(r'value="ksm.stage_changed"[^>]*checked', html)
    assert not re.search(r'value="visit.approved"[^>]*checked', html)
    assert not Webhook.objects.exists()


def test_a_hook_without_events_is_refused(client, world):
    signed_in(client, world, "korkot")
    response = client.post(CREATE, form_data(city=world.metro.pk, events=[]))
    assert "events" in response.context["form"].errors


def test_the_list_shows_the_hooks_of_ones_cities(client, world):
    ours = make_hook(world.users["korkot"], world.metro, "https://metro.example.org/")
    theirs = make_hook(world.users["korkot_other"], world.medan, "https://medan.example.org/")
    national = make_hook(world.users["pusat"], None, "https://pusat.example.org/")
    assert list(signed_in(client, world, "korkot").get(LIST).context["hooks"]) == [ours]
    hooks = set(signed_in(client, world, "pusat").get(LIST).context["hooks"])
    assert hooks == {ours, theirs, national}


def test_the_menu_links_to_webhooks_for_pusat_and_korkot_only(client, world):
    with translation.override("en"):
        for persona, shown in [("korkot", True), ("pusat", True), ("fasilitator", False)]:
            response = signed_in(client, world, persona).get(reverse("home"))
            urls = [item["url"] for item in response.context["nav_items"]]
            assert (LIST in urls) is shown, persona


def test_the_delivery_log_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    hook = make_hook(world.users["korkot"], world.metro, "https://metro.example.org/")
    url = reverse("webhooks:hook_detail", args=[hook.pk])
    signed_in(client, world, "korkot")

    def add(n):
        Delivery.objects.bulk_create(
            Delivery(
                hook=hook,
                event=Event.VISIT_APPROVED,
                payload={},
                city=world.metro,
                status=Delivery.Status.FAILED,
                attempts=2,
                last_status_code=500,
                last_error="HTTP 500",
            )
            for _ in range(n)
        )

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(40)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    rows = response.content.decode().count('data-testid="delivery"')
    assert rows == 30  # a page
    assert response.context["page"].paginator.count == 42


def test_a_korkot_may_not_open_another_citys_hook(client, world):
    theirs = make_hook(world.users["korkot_other"], world.medan, "https://medan.example.org/")
    signed_in(client, world, "korkot")
    for name in ("hook_detail", "hook_edit"):
        assert client.get(reverse(f"webhooks:{name}", args=[theirs.pk])).status_code == 404
    for name in ("hook_ping", "hook_resume", "hook_rotate", "hook_delete"):
        assert client.post(reverse(f"webhooks:{name}", args=[theirs.pk])).status_code == 404
    assert Webhook.objects.filter(pk=theirs.pk).exists()
    assert not Delivery.objects.exists()


def test_editing_a_hook_keeps_its_owner_and_secret(client, world):
    hook = make_hook(world.users["korkot"], world.metro, "https://metro.example.org/")
    signed_in(client, world, "pusat")
    url = reverse("webhooks:hook_edit", args=[hook.pk])
    assert client.get(url).context["form"]["events"].value() == list(Event.values)
    response = client.post(url, form_data(city=world.metro.pk, url="https://new.example.org/"))
    assert response.status_code == 302
    edited = Webhook.objects.get()
    assert (edited.url, edited.owner, edited.secret) == (
        "https://new.example.org/",
        world.users["korkot"],
        hook.secret,
    )
    assert edited.events == [Event.VISIT_APPROVED]


def test_a_hook_and_its_log_are_removed(client, world):
    hook = make_hook(world.users["korkot"], world.metro, "https://metro.example.org/")
    Delivery.objects.create(hook=hook, event=Event.VISIT_APPROVED, payload={})
    response = signed_in(client, world, "korkot").post(
        reverse("webhooks:hook_delete", args=[hook.pk])
    )
    assert response["Location"] == LIST
    assert not Webhook.objects.exists() and not Delivery.objects.exists()


def test_the_actions_take_posts_only(client, world):
    hook = make_hook(world.users["korkot"], world.metro, "https://metro.example.org/")
    signed_in(client, world, "korkot")
    for name in ("hook_ping", "hook_resume", "hook_rotate", "hook_delete"):
        response = client.get(reverse(f"webhooks:{name}", args=[hook.pk]))
        assert response.status_code == 405
    assert Webhook.objects.filter(pk=hook.pk).exists()


def test_the_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    signed_in(client, world, "pusat")

    def add(n, start):
        for i in range(start, start + n):
            owner, city = (
                (world.users["korkot"], world.metro) if i % 2 else (world.users["pusat"], None)
            )
            make_hook(owner, city, f"https://h{i}.example.org/")

    add(2, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    add(20, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count('data-testid="hook"') == 22
