import pytest
from django.contrib.auth.models import User


@pytest.fixture
def user(db):
    return User.objects.create_user("fasilitator-x", password="right-password-123")


def _attempt(client, username, password, ip="10.1.2.3"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_wrong_password_shows_the_form_again_with_the_user_name(client, user):
    response = _attempt(client, "fasilitator-x", "wrong")
    assert response.status_code == 200
    assert 'value="fasilitator-x"' in response.content.decode()
    assert response.context["form"].errors


def test_a_wrong_password_is_explained_in_correct_indonesian(client, user):
    # Django's Indonesian read "Masukkan nama pengguna nama pengguna dan sandi yang benar":
    # its translation spells out the field that %(username)s already names.
    page = _attempt(client, "fasilitator-x", "wrong").content.decode()
    assert "nama pengguna nama pengguna" not in page
    assert "Masukkan nama pengguna dan kata sandi yang benar." in page


def test_a_wrong_password_is_explained_in_english_too(client, user):
    client.cookies["django_language"] = "en"
    page = _attempt(client, "fasilitator-x", "wrong").content.decode()
    assert "Please enter a correct username and password." in page


def test_repeated_failures_lock_the_user_name_at_that_address_with_a_clear_message(
    client, user, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "fasilitator-x", "wrong", ip="10.0.0.1")
    # Even the right password is refused from that address while the lock holds.
    response = _attempt(client, "fasilitator-x", "right-password-123", ip="10.0.0.1")
    assert response.status_code == 429
    assert "15" in response.content.decode()
    assert response.context["cooloff_minutes"] == 15
    assert "_auth_user_id" not in client.session


def test_a_locked_user_does_not_lock_a_colleague_behind_the_same_address(client, user, settings):
    User.objects.create_user("fasilitator-y", password="colleague-password-456")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "fasilitator-x", "wrong", ip="10.0.0.1")
    assert _attempt(client, "fasilitator-x", "right-password-123", ip="10.0.0.1").status_code == 429
    response = _attempt(client, "fasilitator-y", "colleague-password-456", ip="10.0.0.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="fasilitator-y").pk)


def test_the_lock_of_a_user_name_holds_at_its_address_only(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "fasilitator-x", "wrong", ip="10.0.0.1")
    # From home, the same person can still sign in.
    assert _attempt(client, "fasilitator-x", "right-password-123", ip="10.9.9.9").status_code == 302


def test_a_few_failures_across_names_do_not_lock_the_address(client, user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT * 2):
        _attempt(client, f"someone-{n}", "guess", ip="10.7.7.7")
    assert _attempt(client, "fasilitator-x", "right-password-123", ip="10.7.7.7").status_code == 302


def test_many_failures_across_names_from_one_address_lock_that_address(client, user, settings):
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        assert _attempt(client, f"someone-{n}", "guess", ip="10.7.7.7").status_code == 200
    # The attempt that reaches the limit is told so at once.
    assert _attempt(client, "someone-last", "guess", ip="10.7.7.7").status_code == 429
    assert _attempt(client, "fasilitator-x", "right-password-123", ip="10.7.7.7").status_code == 429
    # Another address is not concerned.
    assert _attempt(client, "fasilitator-x", "right-password-123", ip="10.8.8.8").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, user, settings, time_machine):
    time_machine.move_to("2026-11-22 09:00 +0700")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "fasilitator-x", "wrong")
    time_machine.move_to("2026-11-22 09:16 +0700")
    response = _attempt(client, "fasilitator-x", "right-password-123")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_fewer_failures_than_the_limit_do_not_lock(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "fasilitator-x", "wrong")
    assert _attempt(client, "fasilitator-x", "right-password-123").status_code == 302
