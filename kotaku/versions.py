"""Database triggers that count, per city, the transactions that change its records.

A count over a few cities is kept until one of their records changes (kotaku/kept.py): its
cache key holds the cities' versions (models.CityVersion), which these triggers raise in the
same transaction as the change. A trigger sees every way in (forms, the admin, imports, the
API, bulk updates, raw SQL), where signals would miss `QuerySet.update()` and bulk writes.

Each watched table names the column that leads to its city: the city itself (a visit's
`city_id`), or a row of another table that holds it (an attendee's `visit_id`). The apps'
migrations install the triggers on their own tables (`install`, `uninstall`).

PostgreSQL: one statement-level trigger per operation, over its transition tables, so a bulk
insert of 100,000 rows raises each city once. A city's row is raised at most once per
transaction (the row's `xmin` is the transaction's own after the first): repeated updates of
one row in one transaction would each leave a dead version for the next to walk past. Rows
are locked in city order, so two statements never wait on each other's cities in turn; a
writing transaction holds its cities' rows until it commits, which serialises the writers of
one city for the short time between their first write and their commit.

SQLite: row-level triggers (it has no others); it has one writer at a time anyway.

Readers must read the version before the data it keys: data read after is at least as new.
"""

import secrets
from dataclasses import dataclass

from django.db import migrations

VERSION_TABLE = "kotaku_cityversion"
BUMP_FUNCTION = "kotaku_city_version_bump"


@dataclass(frozen=True)
class Via:
    """The table whose row `column` points at, by `key`, and its column holding the city."""

    table: str
    key: str = "id"
    city: str = "city_id"


# For a table of reference data that every city's pages show (the checklists' wording): a
# change raises every city. Rare (an admin's correction), and cheap: one row per city.
EVERY_CITY = Via("kotaku_city", key="", city="id")


def _cities_of(rows: str, column: str, via: Via | None) -> str:
    """PostgreSQL: the city ids of the rows of the transition table `rows`."""
    if via is None:
        return f"SELECT r.{column} FROM {rows} r"
    if via is EVERY_CITY:
        return f"SELECT t.id FROM kotaku_city t WHERE EXISTS (SELECT 1 FROM {rows})"
    return f"SELECT t.{via.city} FROM {rows} r JOIN {via.table} t ON t.{via.key} = r.{column}"


def _postgresql(table: str, column: str, via: Via | None) -> list[str]:
    fn = f"{table}_city_version"
    new, old = _cities_of("new_rows", column, via), _cities_of("old_rows", column, via)
    return [
        f"""CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM {BUMP_FUNCTION}(ARRAY({new}));
  ELSIF TG_OP = 'DELETE' THEN PERFORM {BUMP_FUNCTION}(ARRAY({old}));
  ELSE PERFORM {BUMP_FUNCTION}(ARRAY({new} UNION ALL {old}));
  END IF;
  RETURN NULL;
END $$""",
        f"CREATE TRIGGER {table}_cv_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS "
        f"new_rows FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
        f"CREATE TRIGGER {table}_cv_upd AFTER UPDATE ON {table} REFERENCING OLD TABLE AS "
        f"old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
        f"CREATE TRIGGER {table}_cv_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS "
        f"old_rows FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
    ]


def _sqlite_bump(row: str, column: str, via: Via | None) -> str:
    upsert = f"INSERT INTO {VERSION_TABLE} (city_id, n) "
    if via is None:
        upsert += f"SELECT {row}.{column}, 1 WHERE {row}.{column} IS NOT NULL"
    elif via is EVERY_CITY:
        # WHERE true: without it SQLite would read ON CONFLICT as a join's constraint.
        upsert += "SELECT t.id, 1 FROM kotaku_city t WHERE true"
    else:
        upsert += (
            f"SELECT t.{via.city}, 1 FROM {via.table} t "
            f"WHERE t.{via.key} = {row}.{column} AND t.{via.city} IS NOT NULL"
        )
    return upsert + " ON CONFLICT (city_id) DO UPDATE SET n = n + 1;"


def _sqlite(table: str, column: str, via: Via | None) -> list[str]:
    new, old = _sqlite_bump("NEW", column, via), _sqlite_bump("OLD", column, via)
    return [
        f"CREATE TRIGGER {table}_cv_ins AFTER INSERT ON {table} BEGIN {new} END",
        f"CREATE TRIGGER {table}_cv_upd AFTER UPDATE ON {table} BEGIN {old} {new} END",
        f"CREATE TRIGGER {table}_cv_del AFTER DELETE ON {table} BEGIN {old} END",
    ]


# People's names show on kept parts (the authors in the visit list), and live in a table of
# their own. A change of a name raises every city, as the checklists' wording does: rare (a
# correction by an admin), and cheap. Signing in writes `last_login` to the same rows, so
# only a real change of one of these columns counts.
NAME_COLUMNS = ("username", "first_name", "last_name")


def _changed(columns: tuple[str, ...], old: str, new: str, differ: str) -> str:
    return " OR ".join(f"{old}.{c} {differ} {new}.{c}" for c in columns)


def _names_postgresql(table: str, columns: tuple[str, ...]) -> list[str]:
    fn = f"{table}_names_city_version"
    changed = _changed(columns, "o", "n", "IS DISTINCT FROM")
    return [
        f"""CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {changed}) THEN
    PERFORM {BUMP_FUNCTION}(ARRAY({_cities_of("new_rows", "id", EVERY_CITY)}));
  END IF;
  RETURN NULL;
END $$""",
        f"CREATE TRIGGER {table}_cv_names AFTER UPDATE ON {table} REFERENCING OLD TABLE AS "
        f"old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
    ]


def _names_sqlite(table: str, columns: tuple[str, ...]) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_cv_names AFTER UPDATE OF {', '.join(columns)} ON {table} "
        f"WHEN {_changed(columns, 'OLD', 'NEW', 'IS NOT')} "
        f"BEGIN {_sqlite_bump('NEW', 'id', EVERY_CITY)} END"
    ]


def name_triggers(table: str, columns: tuple[str, ...] = NAME_COLUMNS) -> tuple:
    """Migration operations: a trigger that raises every city when one of `columns` of a row
    of `table` changes (and its removal when the migration is reversed)."""

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        make = _names_postgresql if vendor == "postgresql" else _names_sqlite
        for sql in make(table, columns):
            schema_editor.execute(sql)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_cv_names ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_names_city_version()")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_cv_names")

    return (migrations.RunPython(forward, backward),)


# How a transaction raises versions (a transaction-local setting): at once (unset), not at
# all ("off": a transaction always rolled back, an import's dry run), or all together just
# before it commits ("defer": a long transaction over many cities, an import).
MODE_SETTING = "kotaku.city_versions"
DEFERRED_TABLE = "pg_temp.kotaku_deferred_cities"

# PostgreSQL: raise each of `cities` once in this transaction, locking them in order.
_POSTGRESQL_BUMP = f"""CREATE OR REPLACE FUNCTION {BUMP_FUNCTION}(cities bigint[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  mode text := coalesce(current_setting('{MODE_SETTING}', true), '');
BEGIN
  IF mode = 'off' THEN
    RETURN;
  ELSIF mode = 'defer' THEN
    INSERT INTO {DEFERRED_TABLE} (city_id)
    SELECT DISTINCT c FROM unnest(cities) AS c WHERE c IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN;
  END IF;
  INSERT INTO {VERSION_TABLE} AS v (city_id, n)
  SELECT DISTINCT c, 1 FROM unnest(cities) AS c WHERE c IS NOT NULL ORDER BY 1
  ON CONFLICT (city_id) DO UPDATE SET n = v.n + 1
  WHERE v.xmin <> pg_current_xact_id()::xid;
END $$"""


def _set_mode(connection, mode: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [MODE_SETTING, mode])


def skip_in_this_transaction(connection) -> None:
    """For a transaction that is always rolled back: no version is raised in it (PostgreSQL; on
    SQLite, which has one writer at a time, the triggers' writes are rolled back with it).
    Must be called inside the transaction: the setting ends with it."""
    if connection.vendor == "postgresql":
        _set_mode(connection, "off")


def defer_in_this_transaction(connection) -> None:
    """For a long transaction that writes in many cities (an import): the cities it changes are
    noted, and raised together by `raise_deferred`, just before it commits. Raised as it goes,
    it would hold each city's version row from its first write there to its commit, keeping
    every other writer of those cities waiting, and two such transactions that reach the same
    cities in another order would deadlock. PostgreSQL only (SQLite has one writer at a time).
    Must be called inside the transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {DEFERRED_TABLE.removeprefix('pg_temp.')} "
                "(city_id bigint PRIMARY KEY) ON COMMIT DROP"
            )
        _set_mode(connection, "defer")


def raise_deferred(connection) -> None:
    """Raise the cities noted since `defer_in_this_transaction`, in one statement (so in city
    order), and raise later changes at once again. Call it last before the commit."""
    if connection.vendor == "postgresql":
        _set_mode(connection, "")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {BUMP_FUNCTION}(ARRAY(SELECT city_id FROM {DEFERRED_TABLE}))")


# How far every version jumps after a restore: past any number a city reaches by changes.
RESTORE_JUMP = 2**40


def jump_past_restore(connection) -> None:
    """After a restore the versions are the backup's, and the changes made since then will
    raise them to numbers already used: a count kept under such a number (kotaku.kept, in each
    web process's memory) would come back as exact, from the data the restore replaced. Every
    version jumps past any number it can have reached, by a different amount each time."""
    jump = RESTORE_JUMP + secrets.randbelow(RESTORE_JUMP)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {VERSION_TABLE} SET n = n + %s", [jump])


def install_bump(schema_editor) -> None:
    """The function every trigger calls (PostgreSQL; SQLite's triggers write it inline)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_POSTGRESQL_BUMP)


def uninstall_bump(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {BUMP_FUNCTION}(bigint[])")


def install(schema_editor, table: str, column: str, via: Via | None = None) -> None:
    """Triggers on `table` that raise the version of the city its `column` leads to, on
    every insert, update and delete (an update: the city before and after)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _postgresql(table, column, via)
    elif vendor == "sqlite":
        statements = _sqlite(table, column, via)
    else:  # pragma: no cover - the project runs on these two
        raise NotImplementedError(vendor)
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(schema_editor, table: str) -> None:
    for op in ("ins", "upd", "del"):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_cv_{op} ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_cv_{op}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_city_version()")


def triggers(*watched: tuple) -> tuple:
    """Migration operations: for each (table, column[, Via]), install its triggers (and remove
    them when the migration is reversed)."""

    def forward(apps, schema_editor):
        for spec in watched:
            install(schema_editor, *spec)

    def backward(apps, schema_editor):
        for spec in watched:
            uninstall(schema_editor, spec[0])

    return (migrations.RunPython(forward, backward),)
