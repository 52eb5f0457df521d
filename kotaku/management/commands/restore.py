from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kotaku.backup import BackupError, restore_backup, row_counts


class Command(BaseCommand):
    help = "Put back a backup made by `manage.py backup`: the database, then the files."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already has user accounts and records",
        )
        parser.add_argument("--no-media", action="store_true", help="the database only")

    def handle(self, *args, archive: Path, force: bool, no_media: bool, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist.")
        try:
            data = restore_backup(archive, force=force, media=not no_media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # Counted again in the restored database: the check that the restore is complete.
        # Only the backup's models: a newer version's new tables do not exist before migrate.
        now = row_counts(list(data["counts"]))
        differ = {k: (v, now.get(k)) for k, v in data["counts"].items() if now.get(k) != v}
        if differ:
            raise CommandError(f"Restored, but the row counts differ from the backup's: {differ}")
        self.stdout.write(
            f"Restored {archive} (made {data['created']}, version {data['app_version']}): "
            f"{sum(data['counts'].values())} rows, {data.get('media_files', 0)} files."
        )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write(
                "The code has migrations the backup has not: run `manage.py migrate`."
            )
