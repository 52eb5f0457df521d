"""Personal API tokens: stored as a digest only, carry their user's scope, and stop working on
the next request once revoked, expired, or their user is disabled."""

import datetime
import hashlib

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import ApiToken, TokenStatus
from tests.api.conftest import TokenClient
from tests.world import MEDAN, METRO

CITIES = "/api/v1/cities/"
WRITE = "/test-write/"


def issue(user, **kwargs) -> tuple[ApiToken, TokenClient]:
    token, raw = ApiToken.objects.issue(user=user, name="Power BI", **kwargs)
    return token, TokenClient(raw)


def test_only_the_digest_of_a_token_is_stored(world):
    token, raw = ApiToken.objects.issue(user=world.users["korkot"], name="Excel")
    assert raw.startswith("kmv_") and len(raw) > 40
    row = ApiToken.objects.values().get(pk=token.pk)
    assert row["digest"] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {str(value) for value in row.values()}
    assert raw.startswith(row["key_prefix"]) and len(row["key_prefix"]) == 8
    assert ApiToken.objects.for_raw(raw) == token


def test_a_token_works_until_its_user_revokes_it(world):
    token, api = issue(world.users["korkot"])
    assert api.get(CITIES).status_code == 200
    ApiToken.objects.filter(pk=token.pk).revoke(by=world.users["korkot"])
    assert api.get(CITIES).status_code == 401


def test_a_token_revoked_by_pusat_is_refused_on_the_next_request(world, client):
    token, api = issue(world.users["korkot"])
    assert api.get(CITIES).status_code == 200
    client.force_login(world.users["pusat"])
    response = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api.get(CITIES).status_code == 401
    token.refresh_from_db()
    assert token.revoked_by == world.users["pusat"]
    assert token.status == TokenStatus.REVOKED


def test_an_expired_token_is_refused(world):
    token, api = issue(world.users["korkot"], lifetime=datetime.timedelta(days=30))
    with time_machine.travel(token.expires_at - datetime.timedelta(seconds=1)):
        assert api.get(CITIES).status_code == 200
    with time_machine.travel(token.expires_at + datetime.timedelta(seconds=1)):
        response = api.get(CITIES)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert ApiToken.objects.get(pk=token.pk).status == TokenStatus.EXPIRED


def test_the_token_of_a_disabled_user_is_refused(world):
    user = world.users["korkot"]
    _token, api = issue(user)
    assert api.get(CITIES).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert api.get(CITIES).status_code == 401


def test_a_malformed_authorization_header_is_refused(client, db):
    response = client.get(CITIES, HTTP_AUTHORIZATION="Bearer two parts")
    assert response.status_code == 401


@pytest.mark.parametrize("persona", ["pemda", "fasilitator", "unassigned", "pusat"])
def test_every_user_may_make_a_token_and_it_carries_their_scope(world, persona):
    _token, api = issue(world.users[persona])
    response = api.get(f"{CITIES}?page_size=1000")
    assert response.status_code == 200
    codes = {row["code"] for row in response.json()["results"]}
    if persona == "pusat":
        assert {METRO, MEDAN} <= codes
    elif persona == "unassigned":
        assert codes == set()
    else:
        assert codes == {METRO}


def test_a_metro_token_finds_no_medan_row(world):
    _token, api = issue(world.users["pemda"])
    assert api.get(f"{CITIES}{MEDAN}/").status_code == 404
    assert api.get(f"{CITIES}{METRO}/").status_code == 200


# ---- Read-only tokens ------------------------------------------------------------------------


def test_a_read_only_token_is_refused_a_write_before_the_method_is_even_looked_at(world):
    """DRF checks permissions before it dispatches on the method: a read-only token's POST to
    a list that takes no POST is 403, a writing token's is 405."""
    _token, read_only = issue(world.users["korkot"], read_only=True)
    _token, writer = issue(world.users["korkot"])
    refused = read_only.post(CITIES, {})
    assert refused.status_code == 403
    assert refused.json()["detail"]
    assert writer.post(CITIES, {}).status_code == 405
    assert read_only.get(CITIES).status_code == 200


@pytest.mark.urls("tests.api.write_urls")
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_read_only_token_may_not_write_and_a_full_token_may(world, method):
    _token, read_only = issue(world.users["korkot"], read_only=True)
    _token, writer = issue(world.users["korkot"])
    assert getattr(read_only, method)(WRITE).status_code == 403
    assert getattr(writer, method)(WRITE).status_code == 200
    assert read_only.get(WRITE).status_code == 200


# ---- Last use --------------------------------------------------------------------------------


def update_count(queries: CaptureQueriesContext) -> int:
    return sum('UPDATE "api_apitoken"' in q["sql"] for q in queries.captured_queries)


def test_last_use_is_recorded_at_most_once_a_minute_per_address(world):
    start = datetime.datetime(2026, 12, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        token, api = issue(world.users["korkot"])
    assert token.last_used_at is None

    def call(at: datetime.datetime, ip: str) -> int:
        with time_machine.travel(at, tick=False), CaptureQueriesContext(connection) as queries:
            assert api.get(CITIES, REMOTE_ADDR=ip).status_code == 200
        return update_count(queries)

    assert call(start, "10.1.1.1") == 1
    token.refresh_from_db()
    assert (token.last_used_at, token.last_used_ip) == (start, "10.1.1.1")
    # Within the minute, from the same address: nothing written.
    assert call(start + datetime.timedelta(seconds=30), "10.1.1.1") == 0
    # From another address: written at once.
    assert call(start + datetime.timedelta(seconds=40), "10.2.2.2") == 1
    # A minute later: written again.
    later = start + datetime.timedelta(seconds=101)
    assert call(later, "10.2.2.2") == 1
    token.refresh_from_db()
    assert (token.last_used_at, token.last_used_ip) == (later, "10.2.2.2")


def test_a_request_within_the_minute_runs_one_query_less(world, django_assert_num_queries):
    _token, api = issue(world.users["korkot"])
    with CaptureQueriesContext(connection) as first:
        api.get(CITIES)
    with django_assert_num_queries(len(first.captured_queries) - 1):
        api.get(CITIES)


def test_status_follows_revocation_and_expiry(world):
    now = timezone.now()
    token, _api = issue(world.users["korkot"], lifetime=datetime.timedelta(days=1))
    assert token.status == TokenStatus.ACTIVE
    assert list(ApiToken.objects.with_status(TokenStatus.ACTIVE)) == [token]
    later = now + datetime.timedelta(days=2)
    assert list(ApiToken.objects.with_status(TokenStatus.EXPIRED, now=later)) == [token]
    ApiToken.objects.filter(pk=token.pk).revoke(by=None)
    assert list(ApiToken.objects.with_status(TokenStatus.REVOKED)) == [token]
    assert not ApiToken.objects.with_status(TokenStatus.ACTIVE).exists()
