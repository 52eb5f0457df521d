"""One archive holding everything a server knows: the database and the uploaded files.

kotaku-<time>.tar.gz
  manifest.json        when, app version, last migration of each app, row counts, file count
  database.dump        PostgreSQL: pg_dump --format=custom
  database.sqlite3     SQLite: a copy made with SQLite's online backup API
  media/<name>         every file in the default storage (not when it is an S3 bucket)

Both databases are copied while the app keeps running: pg_dump reads one snapshot, and the
SQLite backup API copies a consistent state. Used by `manage.py backup` and `manage.py restore`.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from storages.backends.s3 import S3Storage

from kotaku import versions

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# The apps whose rows are counted in the manifest, to compare after a restore.
COUNTED_APPS = ["auth", "kotaku", "bdc", "ksm", "monitoring"]


class BackupError(Exception):
    pass


def media_in_archive() -> bool:
    """Files in an S3 bucket are protected by the bucket's versioning and replication instead:
    copying a whole bucket through one app server on every backup does not scale."""
    return not isinstance(default_storage, S3Storage)


def manifest() -> dict:
    """What the archive holds: reads the migration table and counts every model (a query each)."""
    version = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["project"][
        "version"
    ]
    heads: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        heads[app] = max(heads.get(app, name), name)
    return {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": version,
        "database": connection.vendor,
        "migrations": heads,
        "counts": row_counts(),
    }


def row_counts(labels: list[str] | None = None) -> dict[str, int]:
    """Rows of each model of COUNTED_APPS (a query each), or of the models named in `labels`."""
    models = [m for app in COUNTED_APPS for m in apps.get_app_config(app).get_models()]
    return {
        model._meta.label: model._default_manager.count()
        for model in models
        if labels is None or model._meta.label in labels
    }


def _pg_env() -> dict[str, str]:
    """libpq's environment variables for the default database (keeps the password off argv)."""
    db = settings.DATABASES["default"]
    values = {
        "PGDATABASE": db["NAME"],
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{k: str(v) for k, v in values.items() if v}}


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).")
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "postgresql":
        # pg_dump must be of the server's major version or newer (PATH picks which).
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={target}"])
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"No backup for a {connection.vendor} database.")


def _storage_files(directory: str = ""):
    """Every file name in the default storage, walking its directories."""
    dirs, files = default_storage.listdir(directory)
    for name in files:
        yield f"{directory}{name}"
    for name in dirs:
        yield from _storage_files(f"{directory}{name}/")


def create_backup(path: Path, *, media: bool = True) -> dict:
    """Write the archive to `path` and return its manifest."""
    data = manifest()
    data["media_files"] = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DUMPS[connection.vendor]
        _dump_database(dump)
        # Written next to the target and renamed at the end: no half-written archive is left
        # under the final name when something fails.
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname=dump.name)
            if media and media_in_archive():
                for name in _storage_files():
                    info = tarfile.TarInfo(MEDIA + name)
                    info.size = default_storage.size(name)
                    info.mtime = int(datetime.now(UTC).timestamp())
                    with default_storage.open(name) as handle:
                        tar.addfile(info, handle)
                    data["media_files"] += 1
            payload = json.dumps(data, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(payload))
        partial.replace(path)
    return data


def database_has_data() -> bool:
    """Whether restoring would overwrite someone's work: any user account exists.

    Every record is made by a signed-in user, while a freshly migrated database holds only what
    the data migrations put there (cities, the default checklist), which the backup has too.
    """
    User = get_user_model()
    if User._meta.db_table not in connection.introspection.table_names():
        return False
    return User._default_manager.exists()


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        data = json.load(tar.extractfile(MANIFEST))
    except KeyError:
        raise BackupError("Not a KOTAKU Monev backup: it has no manifest.json.") from None
    if data.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {data.get('format')!r}.")
    return data


def restore_backup(path: Path, *, force: bool = False, media: bool = True) -> dict:
    """Replace the database (and files) with the archive's; return its manifest."""
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    with tarfile.open(path, "r:gz") as tar:
        data = read_manifest(tar)
        if data["database"] != connection.vendor:
            raise BackupError(
                f"The backup is of a {data['database']} database; this one is {connection.vendor}."
            )
        if not force and database_has_data():
            raise BackupError(
                "The database already has user accounts and records. Restore into an empty "
                "database, or pass --force to replace everything in it."
            )
        with tempfile.TemporaryDirectory() as tmp:
            tar.extract(DUMPS[connection.vendor], tmp, filter="data")
            _load_database(Path(tmp) / DUMPS[connection.vendor])
        versions.jump_past_restore(connection)
        if media and media_in_archive():
            for member in tar:
                if member.isfile() and member.name.startswith(MEDIA):
                    _restore_file(member.name.removeprefix(MEDIA), tar.extractfile(member))
    return data


def _load_database(dump: Path) -> None:
    # Django's connection would hold locks or cached state across the swap.
    connection.close()
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={settings.DATABASES['default']['NAME']}",
                str(dump),
            ]
        )
    else:
        # Into Django's own connection, so that an in-memory database (tests) works too.
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        source.close()
    connection.close()


def _restore_file(name: str, handle) -> None:
    if ".." in name.split("/") or name.startswith("/"):
        raise BackupError(f"Refusing the file name {name!r} in the archive.")
    # Replaced, not renamed: the restored database refers to exactly this name.
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, File(handle, name=name))
    if saved != name:
        raise BackupError(f"{name} was stored as {saved}.")
