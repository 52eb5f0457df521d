import pytest
from django.contrib.auth.models import User
from django.db.models import Value
from django.db.models.functions import Concat


@pytest.fixture
def emails(world):
    """Every persona has an address: <username>@example.org."""
    User.objects.update(email=Concat("username", Value("@example.org")))
