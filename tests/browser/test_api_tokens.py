"""API tokens in the browser: a Korkot makes a token on a phone, copies it, uses it, revokes
it; and the API's documentation page works under the Content Security Policy."""

import re

from playwright.sync_api import expect

from kotaku.models import Role
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_content_security_policy import problems  # noqa: F401
from tests.world import METRO, PASSWORD, make_user


def test_a_korkot_makes_uses_and_revokes_a_token_on_a_phone(live_server, page, shoot, problems):  # noqa: F811
    make_user("korkot", Role.KORKOT, METRO)
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, "korkot", PASSWORD)
    # The header's menu, folded on a phone, leads to the page.
    page.get_by_role("button", name=re.compile("Menu")).click()
    # Once the menu has finished opening (Bootstrap's "collapsing" gives way to "show").
    expect(page.locator("#nav-main.collapse.show")).to_be_visible()
    page.get_by_test_id("api-tokens-link").click()
    expect(page).to_have_url(re.compile(r"/api/tokens/$"))
    expect(page.get_by_test_id("no-tokens")).to_be_visible()

    form = page.get_by_test_id("token-form")
    form.locator("input[name=name]").fill("Power BI Lampung")
    form.locator("input[name=read_only]").check()
    form.locator("select[name=lifetime]").select_option("30")
    form.locator("button[type=submit]").click()

    shown = page.get_by_test_id("raw-token")
    expect(shown).to_be_visible()
    raw = shown.input_value()
    assert raw.startswith("kmv_")
    expect(page.get_by_test_id("curl-example")).to_contain_text(f"Bearer {raw}")
    expect(page.get_by_test_id("token")).to_have_count(1)
    expect(page.get_by_test_id("token-read-only")).to_be_visible()
    # Fits the phone's width: nothing scrolls sideways but the table itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot("api-token-made")

    headers = {"Authorization": f"Bearer {raw}"}
    answer = page.request.get(f"{base}/api/v1/cities/", headers=headers)
    assert answer.status == 200
    assert [row["code"] for row in answer.json()["results"]] == [METRO]
    assert page.request.post(f"{base}/api/v1/cities/", headers=headers).status == 403

    # Shown once: the page opened again no longer has it.
    page.goto(f"{base}/api/tokens/")
    assert raw not in page.content()
    expect(page.get_by_test_id("token")).to_contain_text("Power BI Lampung")

    page.get_by_test_id("revoke").click()
    page.get_by_test_id("confirm-revoke").click()
    expect(page.locator("[data-status=revoked]")).to_be_visible()
    shoot("api-token-revoked")
    assert page.request.get(f"{base}/api/v1/cities/", headers=headers).status == 401
    assert problems == []


def test_the_documentation_page_works_under_the_policy(live_server, page, shoot, problems):  # noqa: F811
    make_user("pemda", Role.PEMDA, METRO)
    base = live_server.url
    page.set_viewport_size(DESKTOP)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    response = page.goto(f"{base}/api/v1/docs/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI ran (its script is a file of the app) and read the schema.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("KOTAKU Monev API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    # "Authorize" offers the bearer token.
    page.locator(".swagger-ui .btn.authorize").first.click()
    expect(page.locator(".swagger-ui .modal-ux")).to_contain_text("bearerAuth")
    page.get_by_role("button", name="Close").first.click()
    # Every file came from the app itself.
    origins = page.evaluate(
        "performance.getEntriesByType('resource').map(e => new URL(e.name).origin)"
    )
    assert set(origins) <= {base}, origins
    shoot("api-docs")
    assert problems == [], problems
    assert failed == [], failed

    # Signed in, "Try it out" runs with the session.
    sign_in(page, base, "pemda", PASSWORD)
    page.goto(f"{base}/api/v1/docs/")
    operation = page.locator("#operations-cities-cities_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".responses-wrapper .live-responses-table")).to_contain_text(METRO)
    assert problems == [], problems
