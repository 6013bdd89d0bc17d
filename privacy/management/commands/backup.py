"""`python manage.py backup [FILE]`: an encrypted archive of the database and the uploaded files.

See privacy.backup for the format and docs/security.md for scheduling and where the key lives.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write an encrypted backup (database and uploaded files) with BACKUP_ENCRYPTION_KEY."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write it (default: var/backups/nyaya-<time>.nyb).")

    def handle(self, *args, **options):
        if options["file"]:
            path = Path(options["file"])
        else:
            folder = Path(settings.VAR_DIR) / "backups"
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = folder / f"nyaya-{timezone.now():%Y%m%d-%H%M%S}.nyb"
        try:
            manifest = backup_create(path)
        except (BackupError, ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}: {rows} rows, {len(manifest['files'])} files."))
