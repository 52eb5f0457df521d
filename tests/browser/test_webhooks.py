"""A Korkot registers a webhook on a phone, sends it a test event and reads the log."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.webhooks.conftest import receiver  # noqa: F401
from tests.world import PASSWORD
from webhooks.models import Webhook


def test_a_korkot_registers_a_webhook_and_sends_it_a_test_event(
    live_server,
    world,
    page,
    receiver,  # noqa: F811
    shoot,
):
    page.set_viewport_size(PHONE)
    base = live_server.url
    sign_in(page, base, "korkot", PASSWORD)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/webhooks/")
    page.get_by_test_id("hook-create").click()
    form = page.get_by_test_id("hook-form")
    # A plain-HTTP address elsewhere is refused, and what was chosen stays chosen.
    form.locator("input[name=url]").fill("http://hooks.example.org/kotaku")
    form.locator("input[value='visit.approved']").check()
    form.locator("button[type=submit]").click()
    expect(form.locator("input[name=url]")).to_have_class(re.compile("is-invalid"))
    expect(form.locator("input[value='visit.approved']")).to_be_checked()
    form.locator("input[name=url]").fill(f"{receiver.url}/kotaku")
    form.locator("button[type=submit]").click()

    hook = Webhook.objects.get()
    page.wait_for_url(f"{base}/webhooks/{hook.pk}/")
    assert hook.city == world.metro
    page.get_by_text("Show").or_(page.get_by_text("Tampilkan")).first.click()
    expect(page.get_by_test_id("hook-secret")).to_have_text(hook.secret)

    page.get_by_test_id("hook-ping").click()
    expect(page.locator("[data-testid=delivery][data-status=sent]")).to_have_count(1)
    assert [r.headers["X-Kotaku-Event"] for r in receiver.posts] == ["ping"]
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot("webhook-log")
