import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from kotaku.models import Profile


def test_pages_speak_indonesian_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()


def test_the_language_switch_works_signed_out_and_sticks(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert page.headers["Content-Language"] == "en"
    assert "Sign in" in page.content.decode()


def test_an_unknown_language_is_ignored(client, db):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/accounts/login/"})
    assert client.get("/accounts/login/").headers["Content-Language"] == "id"


# ---- The language is the user's, not only the browser's -------------------------------------


@pytest.fixture
def user(db):
    return User.objects.create_user("fasilitator-x", password="right-password-123")


def _sign_in(client, user) -> None:
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "right-password-123"}
    )
    assert response.status_code == 302, "the sign-in failed"


def _language_of(client) -> str:
    return client.get("/").headers["Content-Language"]


def test_switching_the_language_signed_in_remembers_it_for_the_user(client, user):
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert Profile.objects.get(user=user).language == "en"
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert Profile.objects.get(user=user).language == "id"


def test_a_fresh_browser_speaks_the_users_language_after_signing_in(client, user):
    first = Client()
    first.force_login(user)
    first.post("/i18n/setlang/", {"language": "en", "next": "/"})

    # Another phone, another browser: no cookie yet. The sign-in page is in Indonesian...
    assert client.get("/accounts/login/").headers["Content-Language"] == "id"
    _sign_in(client, user)
    # ...and from the first page after it, the user's language.
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _language_of(client) == "en"


def test_the_users_language_wins_over_one_left_in_the_browser(client, user):
    Profile.objects.create(user=user, language="id")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # someone else's choice
    _sign_in(client, user)
    assert _language_of(client) == "id"


def test_a_choice_made_on_the_sign_in_page_becomes_the_users(client, user):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    _sign_in(client, user)
    assert Profile.objects.get(user=user).language == "en"
    assert _language_of(client) == "en"


def test_without_a_choice_signing_in_changes_nothing(client, user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _sign_in(client, user)
    assert _language_of(client) == "en"
    assert not Profile.objects.filter(user=user).exclude(language="").exists()


def test_an_unknown_language_is_not_remembered(client, user):
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert not Profile.objects.filter(user=user).exclude(language="").exists()
