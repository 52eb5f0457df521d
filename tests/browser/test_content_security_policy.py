"""Every main page works under the Content Security Policy, in a real browser.

The policy is on in tests as in production (no inline script, <style> only with the nonce), so
anything that breaks it shows here as a console error naming the policy, or a script error.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from ksm.models import Ksm
from monitoring.models import Attachment, RktlItem, Visit
from tests.browser.conftest import DESKTOP
from tests.browser.test_visit_journey import sign_in_as


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    call_command("seed_demo", force=True, stdout=io.StringIO())


def add_photo(visit: Visit) -> Attachment:
    """A photo on the visit, shown from /media/ (img-src 'self')."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 60)).save(buffer, "JPEG")
    attachment = Attachment(visit=visit, kind=Attachment.Kind.PHOTO, uploaded_by=visit.created_by)
    attachment.file.save("foto.jpg", ContentFile(buffer.getvalue()), save=False)
    attachment.web_image.save("web.jpg", ContentFile(buffer.getvalue()), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def problems(page):
    """What the browser complained about: policy violations and uncaught script errors."""
    found: list[str] = []
    page.on(
        "console",
        lambda msg: (
            found.append(f"console: {msg.text}")
            if msg.type in {"error", "warning"} and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"pageerror: {error}"))
    return found


def visit_pages(page, base: str, paths: list[str], problems: list[str]) -> None:
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        # goto() returned after the load event: every script of the page has run, and the pages
        # fetch nothing later. A round trip to the page delivers the console messages sent so
        # far (waiting for the network to idle cost half a second a page).
        page.evaluate("() => new Promise(requestAnimationFrame)")
        assert problems == [], path
        # Images load lazily: fetch them as the page would, with the user's session.
        for src in page.evaluate("[...document.images].map(i => i.src)"):
            assert page.request.get(src).status == 200, src


def test_the_main_pages_break_no_policy(live_server, demo, page, problems):
    page.set_viewport_size(DESKTOP)
    base = live_server.url
    metro = "1872"
    photo = add_photo(Visit.objects.filter(city__code=metro).first())
    item = RktlItem.objects.filter(city__code=metro).first()
    draft = Visit.objects.filter(
        created_by__username="fasilitator-metro", status=Visit.Status.DRAFT
    ).first()
    ksm = Ksm.objects.filter(city__code=metro).first()

    sign_in_as(page, base, "fasilitator-metro")
    visit_pages(
        page,
        base,
        [
            "/",
            "/visits/",
            f"/visits/{photo.visit.code}/",
            f"/visits/{draft.code}/edit/",
            "/rktl/",
            f"/rktl/{item.code}/",
            "/dashboard/",
            "/ksm/",
            f"/ksm/{ksm.code}/",
            f"/bdc/{metro}/",
            f"/kota/{metro}/",
            "/ksm/import/",
            "/ksm/quick-status/",
            f"/bdc/{metro}/people/import/",
        ],
        problems,
    )
    # The dashboard's charts (inline SVG) keep their colours: their <style> has the nonce.
    page.goto(f"{base}/dashboard/")
    bar = page.locator(".dash-chart svg .color-0 rect").first
    assert bar.evaluate("el => getComputedStyle(el).fill") != "rgb(0, 0, 0)"

    sign_in_as(page, base, "korkot-metro")
    visit_pages(page, base, ["/", "/dashboard/", f"/visits/{photo.visit.code}/"], problems)

    sign_in_as(page, base, "admin")
    visit_pages(
        page,
        base,
        [
            "/dashboard/",
            "/admin/",
            "/admin/monitoring/visit/",
            f"/admin/monitoring/visit/{photo.visit.pk}/change/",
        ],
        problems,
    )


def test_the_error_pages_break_no_policy(live_server, demo, page, problems):
    sign_in_as(page, live_server.url, "fasilitator-metro")
    response = page.goto(f"{live_server.url}/visits/NOPE/")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert problems == []
    # A POST-only address opened from the address bar: the app's page, not a blank one.
    visit = Visit.objects.filter(city__code="1872").first()
    response = page.goto(f"{live_server.url}/visits/{visit.code}/review/")
    assert response.status == 405
    assert page.get_by_test_id("method-not-allowed").is_visible()
    page.wait_for_load_state("networkidle")
    assert problems == []
