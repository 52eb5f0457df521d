"""The offline app's server side: the service worker, the manifest, what a phone keeps for
each user (the kit), the outbox page and the icons."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import RktlItem, Visit
from tests.world import INSIDE

KIT = "/offline/kit.json"


def _kit(client, user) -> dict:
    client.force_login(user)
    response = client.get(KIT)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    return response.json()


def test_the_service_worker_is_served_at_the_root_signed_out_too(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'importScripts("/static/js/offline/store.js")' in body
    assert "^/visits/new/$" in body  # what the outbox takes
    assert "{%" not in body and "{{" not in body


def test_a_new_release_is_a_new_service_worker(client, settings):
    before = client.get("/sw.js").content
    settings.OFFLINE_RELEASE = "2027-01"
    after = client.get("/sw.js").content.decode()
    assert after != before.decode()
    assert 'const RELEASE = "2027-01";' in after


def test_every_file_the_service_worker_keeps_exists():
    from kotaku.offline import STATIC_FILES

    assert all(finders.find(name) for name in STATIC_FILES)


def test_the_manifest_installs_the_app_in_indonesian_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == "id" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["short_name"] == "Monev"
    assert "juga tanpa sinyal" in manifest["description"]
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_the_favicon_is_the_apps_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert finders.find(response["Location"].removeprefix("/static/"))


def test_a_facilitator_keeps_their_open_visits_lists_and_open_rktl_items(client, world):
    ours = world.ours["visit"]
    submitted = Visit.objects.create(
        city=world.metro,
        title="Sudah diajukan",
        starts_on=ours.starts_on,
        ends_on=ours.ends_on,
        template=ours.template,
        created_by=world.users["fasilitator"],
        status=Visit.Status.SUBMITTED,
    )
    kit = _kit(client, world.users["fasilitator"])
    assert kit["enabled"] is True
    assert kit["user"] == world.users["fasilitator"].pk and kit["csrfToken"]
    pages = set(kit["pages"])
    assert {"/", "/visits/", "/visits/new/", "/rktl/", "/offline/"} <= pages
    assert {f"/visits/{ours.code}/", f"/visits/{ours.code}/edit/"} <= pages
    assert f"/visits/{submitted.code}/edit/" not in pages  # not editable: read live
    assert f"/rktl/{world.ours['rktl'].code}/" in pages
    assert f"/rktl/{world.ours['rktl_done'].code}/" not in pages  # done: nothing to report
    theirs = world.theirs
    assert not any(theirs["visit"].code in p or theirs["rktl"].code in p for p in pages)


def test_another_facilitators_visits_are_not_kept(client, world):
    pages = _kit(client, world.users["fasilitator_other"])["pages"]
    assert f"/visits/{world.ours['visit'].code}/edit/" not in pages
    assert f"/visits/{world.theirs['visit'].code}/edit/" in pages


@pytest.mark.parametrize("persona", [p for p in INSIDE if p != "fasilitator"])
def test_only_facilitators_keep_pages_on_the_device(client, world, persona):
    kit = _kit(client, world.users[persona])
    assert kit["enabled"] is False and kit["pages"] == []


def test_the_kit_runs_the_same_queries_for_many_visits_and_items(
    client, world, django_assert_num_queries
):
    user = world.users["fasilitator"]
    client.force_login(user)
    client.get(KIT)  # the session and scope, as on any later request
    with CaptureQueriesContext(connection) as few:
        client.get(KIT)
    assert len(few) <= 6
    ours = world.ours["visit"]
    for n in range(30):
        visit = Visit.objects.create(
            city=world.metro,
            title=f"Draf {n}",
            starts_on=ours.starts_on,
            ends_on=ours.ends_on,
            template=ours.template,
            created_by=user,
        )
        RktlItem.objects.create(
            finding=world.ours["rktl"].finding,
            city=world.metro,
            category=world.ours["rktl"].category,
            problem="p",
            action=f"Aksi {n} {visit.code}",
            pic_name="x",
            pic_tier=world.ours["rktl"].pic_tier,
            deadline=world.ours["rktl"].deadline,
            original_deadline=world.ours["rktl"].deadline,
            created_by=user,
        )
    with django_assert_num_queries(len(few)):
        pages = client.get(KIT).json()["pages"]
    assert len(pages) >= 5 + 2 * 31 + 31


def test_the_outbox_page_is_a_frame_for_the_devices_outbox(client, world):
    client.force_login(world.users["fasilitator"])
    page = client.get(reverse("offline_outbox")).content.decode()
    assert "data-outbox " in page or "data-outbox\n" in page
    assert "js/offline/outbox.js" in page
    client.force_login(world.users["korkot"])
    page = client.get(reverse("offline_outbox")).content.decode()
    assert "data-outbox-list" not in page
    assert "selalu dibaca langsung dari server" in page


def test_only_a_facilitators_pages_install_the_offline_app(client, world):
    client.force_login(world.users["fasilitator"])
    page = client.get("/").content.decode()
    assert 'data-offline-enabled="1"' in page and 'rel="manifest"' in page
    assert "data-outbox-badge" in page
    client.force_login(world.users["korkot"])
    page = client.get("/").content.decode()
    assert 'data-offline-enabled=""' in page and "data-outbox-badge" not in page
