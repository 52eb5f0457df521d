"""The "API tokens" pages: a user's own tokens, made and revoked by them; everyone's for Pusat;
and the admin's revoke action."""

import datetime
import hashlib

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from api.models import ApiToken, TokenStatus

TOKENS = "/api/tokens/"
ALL_TOKENS = "/api/tokens/all/"
NOW = datetime.datetime(2026, 12, 2, 8, 0, tzinfo=datetime.UTC)


def revoke_url(token: ApiToken) -> str:
    return f"/api/tokens/{token.pk}/revoke/"


@pytest.fixture
def as_user(world):
    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.users[persona])
        return client

    return make


def test_signed_out_the_pages_send_to_the_sign_in_page(world, client):
    token, _raw = ApiToken.objects.issue(user=world.users["korkot"], name="x")
    for url in (TOKENS, ALL_TOKENS, revoke_url(token)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.post(revoke_url(token)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_header_links_to_the_tokens_page(as_user):
    response = as_user("pemda").get("/")
    assert b'data-testid="api-tokens-link"' in response.content
    assert TOKENS.encode() in response.content


def test_the_page_lists_only_the_users_own_tokens(world, as_user):
    mine, _raw = ApiToken.objects.issue(user=world.users["korkot"], name="Mine")
    theirs, _raw = ApiToken.objects.issue(user=world.users["kmw"], name="Theirs")
    response = as_user("korkot").get(TOKENS)
    assert response.status_code == 200
    assert [t.pk for t in response.context["tokens"]] == [mine.pk]
    assert mine.key_prefix.encode() in response.content
    assert theirs.key_prefix.encode() not in response.content
    # A user who is not Pusat is not offered everyone's tokens.
    assert b'data-testid="all-tokens-link"' not in response.content


def test_the_list_runs_a_fixed_number_of_queries(world, as_user, django_assert_num_queries):
    user = world.users["korkot"]
    client = as_user("korkot")
    for i in range(3):
        ApiToken.objects.issue(user=user, name=f"t{i}")
    client.get(TOKENS)  # warm up: the session, the scope
    with django_assert_num_queries(5) as few:
        client.get(TOKENS)
    for i in range(20):
        token, _raw = ApiToken.objects.issue(user=user, name=f"more{i}")
        if i % 2:
            ApiToken.objects.filter(pk=token.pk).revoke(by=world.users["pusat"])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(TOKENS)
    assert response.content.count(b'data-testid="token"') == 23


@time_machine.travel(NOW, tick=False)
def test_a_new_token_is_shown_once_and_only_its_digest_is_kept(world, as_user):
    client = as_user("fasilitator")
    response = client.post(TOKENS, {"name": "Power BI", "read_only": "on", "lifetime": "30"})
    assert response.status_code == 201
    assert response["Cache-Control"].startswith("max-age=0")
    raw = response.context["raw"]
    token = ApiToken.objects.get(user=world.users["fasilitator"])
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert (token.name, token.read_only) == ("Power BI", True)
    assert token.expires_at == NOW + datetime.timedelta(days=30)
    page = response.content.decode()
    assert f'value="{raw}"' in page
    assert f'curl -H "Authorization: Bearer {raw}"' in page
    # The form is empty again, for another token.
    assert response.context["form"].is_bound is False
    # Never again: not on the page, not in the session.
    again = client.get(TOKENS)
    assert raw not in again.content.decode()
    assert raw not in str(dict(client.session))
    assert token.key_prefix in again.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_lifetime_defaults_to_the_setting(settings, world, as_user):
    settings.API_TOKEN_DEFAULT_DAYS = 60
    client = as_user("korkot")
    form = client.get(TOKENS).context["form"]
    assert form["lifetime"].value() == 60
    assert 60 in [value for value, _label in form.fields["lifetime"].choices]
    assert client.post(TOKENS, {"name": "Excel", "lifetime": "60"}).status_code == 201
    token = ApiToken.objects.get(user=world.users["korkot"])
    assert token.expires_at == NOW + datetime.timedelta(days=60)
    assert token.read_only is False


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "read_only": "on", "lifetime": "90"}, "name"),
        ({"name": "   ", "lifetime": "90"}, "name"),
        ({"name": "x" * 101, "lifetime": "90"}, "name"),
        ({"name": "Excel", "read_only": "on", "lifetime": "7"}, "lifetime"),
        ({"name": "Excel", "lifetime": "forever"}, "lifetime"),
    ],
)
def test_bad_input_comes_back_marked_with_what_was_typed(world, as_user, data, field):
    with translation.override("en"):
        response = as_user("korkot").post(TOKENS, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {field}
    assert form["read_only"].value() == ("read_only" in data)
    assert "raw" not in response.context
    page = response.content.decode()
    assert f'name="{field}"' in page and "is-invalid" in page
    if data["name"].strip():
        assert f'value="{data["name"]}"' in page
    assert not ApiToken.objects.exists()


def test_the_error_is_in_the_users_language(as_user):
    client = as_user("korkot")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(TOKENS, {"name": "", "lifetime": "90"})
    assert response.status_code == 422
    assert response["Content-Language"] == "en"
    assert "This field is required." in response.content.decode()


# ---- Revoking ------------------------------------------------------------------------------


def test_a_user_confirms_then_revokes_their_token(world, as_user):
    token, _raw = ApiToken.objects.issue(user=world.users["korkot"], name="Excel")
    client = as_user("korkot")
    confirm = client.get(revoke_url(token))
    assert confirm.status_code == 200
    assert b'data-testid="confirm-revoke"' in confirm.content
    token.refresh_from_db()
    assert token.revoked_at is None  # asking changes nothing
    response = client.post(revoke_url(token))
    assert response.status_code == 302 and response["Location"] == TOKENS
    token.refresh_from_db()
    assert token.status == TokenStatus.REVOKED
    assert token.revoked_by == world.users["korkot"]
    # Still listed, as revoked, with no revoke button.
    page = client.get(TOKENS).content.decode()
    assert 'data-status="revoked"' in page and 'data-testid="revoke"' not in page


def test_revoking_twice_keeps_the_first_revocation(world, as_user):
    token, _raw = ApiToken.objects.issue(user=world.users["korkot"], name="Excel")
    as_user("korkot").post(revoke_url(token))
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    assert as_user("pusat").post(revoke_url(token)).status_code == 302
    token.refresh_from_db()
    assert (token.revoked_at, token.revoked_by) == (first, world.users["korkot"])


@pytest.mark.parametrize("persona", ["fasilitator", "kmw", "korkot_other", "unassigned"])
def test_another_users_token_is_not_found(world, as_user, persona):
    token, _raw = ApiToken.objects.issue(user=world.users["korkot"], name="Excel")
    client = as_user(persona)
    assert client.get(revoke_url(token)).status_code == 404
    assert client.post(revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_pusat_revokes_anyones_token_and_goes_back_to_everyones_list(world, as_user):
    token, _raw = ApiToken.objects.issue(user=world.users["pemda"], name="Dashboard Pemda")
    client = as_user("pusat")
    confirm = client.get(revoke_url(token))
    assert confirm.status_code == 200 and b"pemda" in confirm.content
    response = client.post(revoke_url(token))
    assert response.status_code == 302 and response["Location"] == ALL_TOKENS
    token.refresh_from_db()
    assert token.revoked_by == world.users["pusat"]


def test_the_revoke_address_takes_no_other_method(world, as_user):
    token, _raw = ApiToken.objects.issue(user=world.users["korkot"], name="Excel")
    assert as_user("korkot").put(revoke_url(token)).status_code == 405


# ---- Everyone's tokens (Pusat) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("korkot", 403), ("pemda", 403), ("unassigned", 404), ("pusat", 200)]
)
def test_only_pusat_sees_everyones_tokens(as_user, persona, status):
    assert as_user(persona).get(ALL_TOKENS).status_code == status


def test_everyones_tokens_are_filtered_by_user_and_status(world, as_user):
    korkot, _raw = ApiToken.objects.issue(user=world.users["korkot"], name="K")
    kmw, _raw = ApiToken.objects.issue(user=world.users["kmw"], name="M")
    revoked, _raw = ApiToken.objects.issue(user=world.users["kmw"], name="R")
    ApiToken.objects.filter(pk=revoked.pk).revoke(by=world.users["pusat"])
    client = as_user("pusat")

    def listed(query: str = "") -> list[int]:
        response = client.get(f"{ALL_TOKENS}{query}")
        assert response.status_code == 200
        return [t.pk for t in response.context["page"].object_list]

    assert set(listed()) == {korkot.pk, kmw.pk, revoked.pk}
    assert set(listed("?user=kmw")) == {kmw.pk, revoked.pk}
    assert listed("?status=revoked") == [revoked.pk]
    assert listed("?user=kmw&status=active") == [kmw.pk]
    assert listed("?status=expired") == []
    # An unknown status is ignored, not an error.
    assert set(listed("?status=nonsense")) == {korkot.pk, kmw.pk, revoked.pk}
    page = client.get(f"{ALL_TOKENS}?status=revoked").content.decode()
    assert 'data-testid="revoked-by"' in page


def test_everyones_tokens_show_a_disabled_account(world, as_user):
    ApiToken.objects.issue(user=world.users["korkot"], name="K")
    User.objects.filter(pk=world.users["korkot"].pk).update(is_active=False)
    page = as_user("pusat").get(ALL_TOKENS).content.decode()
    assert 'data-testid="user-inactive"' in page


def test_everyones_tokens_are_paged_in_a_fixed_number_of_queries(
    world, as_user, django_assert_num_queries
):
    client = as_user("pusat")
    users = [world.users[p] for p in ("korkot", "kmw", "pemda", "fasilitator")]
    for i in range(4):
        token, _raw = ApiToken.objects.issue(user=users[i], name=f"t{i}")
        ApiToken.objects.filter(pk=token.pk).revoke(by=world.users["pusat"])
    client.get(ALL_TOKENS)
    with django_assert_num_queries(6) as few:
        client.get(ALL_TOKENS)
    for i in range(60):
        token, _raw = ApiToken.objects.issue(user=users[i % 4], name=f"more{i}")
        if i % 3 == 0:
            ApiToken.objects.filter(pk=token.pk).revoke(by=users[(i + 1) % 4])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(ALL_TOKENS)
    assert response.content.count(b'data-testid="token"') == 50
    second = client.get(f"{ALL_TOKENS}?page=2")
    assert second.content.count(b'data-testid="token"') == 14


# ---- The admin -----------------------------------------------------------------------------


def test_the_admin_revokes_tokens_and_records_who(world, as_user):
    one, _raw = ApiToken.objects.issue(user=world.users["korkot"], name="one")
    two, _raw = ApiToken.objects.issue(user=world.users["kmw"], name="two")
    client = as_user("pusat")
    response = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [one.pk, two.pk]},
    )
    assert response.status_code == 302
    for token in (one, two):
        token.refresh_from_db()
        assert token.revoked_by == world.users["pusat"] and token.revoked_at is not None


def test_the_admin_neither_shows_nor_makes_a_raw_token(world, as_user):
    token, raw = ApiToken.objects.issue(user=world.users["korkot"], name="one")
    client = as_user("pusat")
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    change = client.get(f"/admin/api/apitoken/{token.pk}/change/")
    assert change.status_code == 200
    assert raw not in change.content.decode()
    form = change.context["adminform"].form
    assert set(form.fields) == {"name"}
    assert client.get(f"/admin/api/apitoken/{token.pk}/delete/").status_code == 403
    changelist = client.get("/admin/api/apitoken/?status=revoked")
    assert changelist.status_code == 200
