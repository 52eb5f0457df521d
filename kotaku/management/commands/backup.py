from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotaku.backup import BackupError, create_backup, media_in_archive


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files to one .tar.gz archive (see kotaku/backup.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive to write (default: var/backups/kotaku-<UTC time>.tar.gz)",
        )
        parser.add_argument("--no-media", action="store_true", help="the database only")

    def handle(self, *args, output: Path | None, no_media: bool, **options):
        if output is None:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"kotaku-{stamp}.tar.gz"
        try:
            data = create_backup(output, media=not no_media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(data["counts"].values())
        self.stdout.write(
            f"{output}: {data['database']} database ({rows} rows), {data['media_files']} files"
        )
        if not media_in_archive():
            self.stdout.write(
                "Uploaded files are in an S3 bucket and not in the archive: "
                "keep the bucket versioned (and replicated)."
            )
