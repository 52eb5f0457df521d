"""Production settings, evaluated as production evaluates them: in a fresh process whose only
configuration is the environment."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

HOST = "monev.example.org"


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    # Nothing of the developer's or CI's environment leaks in, except what finds Python.
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "kotaku.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "EMAIL_HOST": "smtp.example.org",
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def evaluate(env: dict[str, str], code: str):
    """The JSON printed by `code`, run with Django set up under `env`."""
    result = run(env, "-c", f"import django, json; django.setup(); {code}")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings(production_env):
    result = run(production_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_https_is_switched_off(production_env):
    env = {**production_env, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}
    result = run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W012" in result.stderr


def test_check_deploy_warns_when_mail_has_no_server(production_env):
    env = {k: v for k, v in production_env.items() if k != "EMAIL_HOST"}
    result = run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "kotaku.W001" in result.stderr


def test_mail_goes_by_smtp_in_production_as_configured(production_env, tmp_path):
    (tmp_path / "smtp").write_text("s3cret\n")
    env = {
        **production_env,
        "EMAIL_PORT": "465",
        "EMAIL_HOST_USER": "monev",
        "EMAIL_HOST_PASSWORD_FILE": str(tmp_path / "smtp"),
        "EMAIL_USE_TLS": "false",
        "DEFAULT_FROM_EMAIL": "Monev <monev@example.org>",
    }
    code = (
        "from django.conf import settings as s; print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, "
        "s.DEFAULT_FROM_EMAIL]))"
    )
    assert evaluate(env, code) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        465,
        "monev",
        "s3cret",
        False,
        "Monev <monev@example.org>",
    ]
    development = {k: v for k, v in production_env.items() if k not in {"EMAIL_HOST", "DEBUG"}}
    code = "from django.conf import settings as s; print(json.dumps(s.EMAIL_BACKEND))"
    assert evaluate(development, code) == "django.core.mail.backends.console.EmailBackend"


def test_tests_keep_mail_in_memory():
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


# /healthz: the headers are the same on every response, and the login page would need
# collectstatic's manifest, which takes minutes to build.
HEADERS = """
from django.test import Client
client = Client(HTTP_HOST="monev.example.org")
page = client.get("/healthz", secure=True)
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "http": [client.get("/accounts/login/").status_code, client.get("/healthz").status_code],
    "redirect": client.get("/accounts/login/")["Location"],
}))
"""


@pytest.fixture
def production_responses(production_env):
    return evaluate(production_env, HEADERS)


def test_production_responses_carry_the_security_headers(production_responses):
    headers = production_responses["headers"]
    assert production_responses["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    csp = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert "unsafe-inline" not in csp["style-src"]


def test_plain_http_is_redirected_to_https_except_the_health_check(production_responses):
    assert production_responses["http"] == [301, 200]
    assert production_responses["redirect"] == f"https://{HOST}/accounts/login/"


def test_pages_carry_the_policy_in_every_environment(client):
    response = client.get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_behind_a_tls_proxy_the_forwarded_scheme_counts(production_env):
    env = {**production_env, "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https"}
    code = (
        "from django.test import Client; "
        "c = Client(HTTP_HOST='monev.example.org', HTTP_X_FORWARDED_PROTO='https'); "
        "r = c.get('/'); print(json.dumps([r.status_code, r['Location']]))"
    )
    # Not redirected to HTTPS, which it is already: on to signing in.
    assert evaluate(env, code) == [302, "/accounts/login/?next=/"]


def test_production_defaults(production_env):
    code = (
        "from django.conf import settings as s; print(json.dumps(["
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "s.LOG_FORMAT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.STORAGES['default']['BACKEND'], s.STORAGES['staticfiles']['BACKEND']]))"
    )
    assert evaluate(production_env, code) == [
        60,
        True,
        "json",
        True,
        True,
        True,
        "django.core.files.storage.FileSystemStorage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_an_s3_bucket_keeps_uploaded_files_private(production_env):
    env = {
        **production_env,
        "MEDIA_S3_BUCKET": "kotaku-media",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
        "MEDIA_S3_REGION": "ap-southeast-3",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
    }
    code = (
        "from django.conf import settings as s; "
        "from django.core.files.storage import default_storage as d; "
        "print(json.dumps([s.STORAGES['default'], d.__class__.__name__, d.url('visits/a b.jpg')]))"
    )
    default, storage_class, url = evaluate(env, code)
    assert default["BACKEND"] == "kotaku.storage.PrivateS3Storage"
    assert default["OPTIONS"]["bucket_name"] == "kotaku-media"
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert default["OPTIONS"]["region_name"] == "ap-southeast-3"
    assert default["OPTIONS"]["default_acl"] == "private"
    assert default["OPTIONS"]["file_overwrite"] is False
    assert storage_class == "PrivateS3Storage"
    # Links go to the access-checked view, never to the bucket.
    assert url == "/media/visits/a%20b.jpg"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOG_FORMAT", "xml"),
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto"),
        ("API_RATE_STORE", "redis"),
    ],
)
def test_a_malformed_setting_stops_the_app(production_env, name, value):
    result = run({**production_env, name: value}, "manage.py", "check")
    assert result.returncode != 0
    assert name in result.stderr
