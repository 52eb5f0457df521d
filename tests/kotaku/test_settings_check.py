import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from kotaku.checks import settings_check
from kotaku.lib.env import env_bool, env_int, env_list, env_secret

BASE_DIR = django_settings.BASE_DIR


def test_debug_off_with_the_default_secret_is_an_error(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_SECRET_KEY
    assert [e.id for e in settings_check(None)] == ["kotaku.E001"]


def test_debug_off_with_a_short_secret_is_an_error(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "short"
    assert "kotaku.E001" in [e.id for e in settings_check(None)]


def test_debug_off_with_a_real_secret_and_hosts_passes(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 60
    settings.ALLOWED_HOSTS = ["monev.example.org"]
    assert settings_check(None) == []


def test_debug_off_without_allowed_hosts_is_an_error(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 60
    settings.ALLOWED_HOSTS = []
    assert [e.id for e in settings_check(None)] == ["kotaku.E002"]


def _run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "kotaku.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_app_refuses_to_start_with_debug_off_and_no_secret():
    result = _run("import kotaku.wsgi", DEBUG="false", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set to a real secret" in result.stderr


def test_manage_py_refuses_to_run_with_debug_off_and_no_secret():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "example.org", "SECRET_KEY": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "kotaku.E001" in result.stderr


def test_the_app_starts_with_debug_off_and_a_real_secret():
    result = _run(
        "import kotaku.wsgi", DEBUG="false", ALLOWED_HOSTS="example.org", SECRET_KEY="s" * 64
    )
    assert result.returncode == 0, result.stderr


def test_what_the_server_loads_at_start_is_left_out_of_garbage_collections():
    # A full collection after a PDF walked all of it (~115 ms); frozen, it walks what came after.
    result = _run(
        "import gc, sys, kotaku.wsgi, weasyprint\n"
        "print(gc.get_freeze_count() > 0, 'monitoring.views' in sys.modules,\n"
        "      any(o is weasyprint.HTML for o in gc.get_objects()))",
        DEBUG="false",
        ALLOWED_HOSTS="example.org",
        SECRET_KEY="s" * 64,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "False"]


@pytest.mark.parametrize("raw", ["yes", "on", "True!", "2"])
def test_env_bool_rejects_yes_ish_values(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("0", False), ("", False)]
)
def test_env_bool_reads_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_env_bool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_bool("SOME_FLAG", True) is True


def test_env_secret_reads_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret_file))
    assert env_secret("SOME_SECRET") == "from-a-file"


def test_env_secret_names_a_missing_file(monkeypatch, tmp_path):
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "nope"))
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET_FILE"):
        env_secret("SOME_SECRET")


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("SOME_INT", "12")
    monkeypatch.setenv("SOME_LIST", " a.org, ,b.org ")
    assert env_int("SOME_INT", 0) == 12
    assert env_list("SOME_LIST") == ["a.org", "b.org"]
    monkeypatch.setenv("SOME_INT", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_INT", 0)


def test_check_deploy_warns_when_pdfs_would_subset_fonts_with_fonttools(monkeypatch):
    from weasyprint.text import ffi

    from kotaku.checks import pdf_fonts_check

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert [w.id for w in pdf_fonts_check(None)] == ["kotaku.W002"]


def test_check_deploy_is_quiet_when_harfbuzz_subsets_the_fonts(monkeypatch):
    from weasyprint.text import ffi

    from kotaku.checks import pdf_fonts_check

    monkeypatch.setattr(ffi, "harfbuzz_subset", object())
    assert pdf_fonts_check(None) == []


@pytest.mark.parametrize(
    ("flag", "expected"), [(None, "True 2"), ("false", "None None"), ("true", "True 2")]
)
def test_postgresql_statements_are_prepared_unless_a_pooler_forbids_it(flag, expected):
    # Each database, the replica too; SQLite has no such options.
    code = (
        "from django.conf import settings as s\n"
        "for name in ('default', 'replica'):\n"
        "    o = s.DATABASES[name].get('OPTIONS', {})\n"
        "    print(o.get('server_side_binding'), o.get('prepare_threshold'))\n"
    )
    env = {"DATABASE_URL": "postgres://u@db/k", "DATABASE_REPLICA_URL": "postgres://u@replica/k"}
    if flag is not None:
        env["DATABASE_PREPARED_STATEMENTS"] = flag
    result = _run("import django; django.setup()\n" + code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [expected, expected]
    sqlite = _run(
        "import django; django.setup()\n" + code.replace("'default', 'replica'", "'default',"),
        DATABASE_URL="sqlite:///x.sqlite3",
    )
    assert sqlite.stdout.splitlines() == ["None None"]


@pytest.mark.django_db
def test_a_query_run_again_on_postgresql_is_not_planned_again():
    from django.db import connection

    from kotaku.models import City

    for _ in range(3):
        list(City.objects.filter(code="1872"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [row[0] for row in cursor.fetchall()]
        assert any('FROM "kotaku_city"' in sql and "$1" in sql for sql in prepared)
    else:  # SQLite: nothing to prepare on a server
        assert "prepare_threshold" not in connection.settings_dict.get("OPTIONS", {})
