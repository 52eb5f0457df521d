"""API tests: a client that signs in with a personal token, as another system would."""

import pytest
from django.test import Client

from api.models import ApiToken


class TokenClient(Client):
    """A test client whose requests carry `Authorization: Bearer <token>`."""

    def __init__(self, raw: str, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {raw}", **kwargs)
        self.raw = raw


@pytest.fixture
def api_as(world):
    """api_as("korkot") -> a client with a fresh token of that persona (read_only=... too)."""

    def make(persona: str, **kwargs) -> TokenClient:
        _token, raw = ApiToken.objects.issue(user=world.users[persona], name="test", **kwargs)
        return TokenClient(raw)

    return make
