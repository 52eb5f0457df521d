"""Limits: a rate per token, answered with 429 and Retry-After; at most 1,000 rows a page."""

import datetime

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from api.models import ApiToken
from kotaku.language import remember
from kotaku.models import City, Province
from tests.api.conftest import TokenClient

CITIES = "/api/v1/cities/"
NOW = datetime.datetime(2026, 12, 2, 8, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min"},
    }
    caches["api_rate"].clear()
    yield
    caches["api_rate"].clear()


def client_of(user, **kwargs) -> TokenClient:
    _token, raw = ApiToken.objects.issue(user=user, name="limits", **kwargs)
    return TokenClient(raw)


def test_past_the_rate_a_token_gets_429_with_retry_after(world, three_a_minute):
    with time_machine.travel(NOW, tick=False):
        api = client_of(world.users["korkot"])
        assert [api.get(CITIES).status_code for _ in range(3)] == [200, 200, 200]
        refused = api.get(CITIES)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"
        assert refused.json()["detail"]
    with time_machine.travel(NOW + datetime.timedelta(seconds=45), tick=False):
        refused = api.get(CITIES)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "15"
    with time_machine.travel(NOW + datetime.timedelta(seconds=61), tick=False):
        assert api.get(CITIES).status_code == 200


def test_the_limit_counts_per_token_not_per_user_or_address(world, three_a_minute):
    with time_machine.travel(NOW, tick=False):
        first = client_of(world.users["korkot"])
        second = client_of(world.users["korkot"])
        other = client_of(world.users["kmw"])
        for _ in range(3):
            assert first.get(CITIES).status_code == 200
        assert first.get(CITIES).status_code == 429
        assert second.get(CITIES).status_code == 200
        assert other.get(CITIES).status_code == 200


def test_with_the_database_store_the_count_is_shared_by_every_process(
    world, settings, three_a_minute
):
    settings.CACHES = {
        **settings.CACHES,
        "api_rate": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kotaku_api_rate",
        },
    }
    call_command("createcachetable", "kotaku_api_rate")
    with time_machine.travel(NOW, tick=False):
        token, raw = ApiToken.objects.issue(user=world.users["korkot"], name="limits")
        api = TokenClient(raw)
        for _ in range(3):
            assert api.get(CITIES).status_code == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM kotaku_api_rate")
            keys = [row[0] for row in cursor.fetchall()]
        assert [key for key in keys if key.endswith(f"token-{token.pk}")], keys
        refused = api.get(CITIES)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"


def test_the_refusal_is_in_the_users_language(world, three_a_minute):
    user = world.users["korkot"]
    remember(user, "en")
    with time_machine.travel(NOW, tick=False):
        api = client_of(user)
        for _ in range(3):
            api.get(CITIES)
        refused = api.get(CITIES)
    assert refused.status_code == 429
    assert refused["Content-Language"] == "en"
    assert refused.json()["detail"] == (
        "Too many requests with this token: try again in 60 seconds."
    )


def test_a_read_only_refusal_is_in_the_users_language_too(world):
    user = world.users["korkot"]
    remember(user, "en")
    refused = client_of(user, read_only=True).post(CITIES, {})
    assert refused.status_code == 403
    assert refused["Content-Language"] == "en"
    assert refused.json()["detail"] == "This token is read-only."


def test_without_a_chosen_language_the_refusal_is_in_indonesian(world, three_a_minute):
    with time_machine.travel(NOW, tick=False):
        api = client_of(world.users["korkot"])
        for _ in range(3):
            api.get(CITIES)
        refused = api.get(CITIES)
    assert refused.status_code == 429
    assert refused["Content-Language"] == "id"


@pytest.fixture
def many_cities(db):
    """More cities than the largest page: 1,000 of a made-up province, and the real ones."""
    province = Province.objects.create(code="99", name="Provinsi Uji")
    City.objects.bulk_create(
        City(code=f"Z{i:03d}", province=province, kind=City.Kind.KOTA, name=f"Uji {i}")
        for i in range(1000)
    )
    return City.objects.count()


def test_a_page_holds_at_most_1000_rows_whatever_is_asked(
    world, many_cities, django_assert_num_queries
):
    assert many_cities > 1000
    api = client_of(world.users["pusat"])
    api.get(f"{CITIES}?page_size=1")  # warm up: the token's last use is written once
    # The token, the user's language, their scope, the page.
    with django_assert_num_queries(4):
        response = api.get(f"{CITIES}?page_size=5000")
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 1000
    assert body["next"]
    rest = api.get(body["next"]).json()
    codes = {row["code"] for row in body["results"]} | {row["code"] for row in rest["results"]}
    assert len(codes) == many_cities


def test_a_page_holds_100_rows_unless_asked(world, many_cities):
    body = client_of(world.users["pusat"]).get(CITIES).json()
    assert len(body["results"]) == 100
