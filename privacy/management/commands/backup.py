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
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="After a successful backup, delete all but the newest N backups (nyaya-*.nyb) in its folder.",
        )

    def handle(self, *args, **options):
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1: the backup just written is always kept.")
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
        if keep is not None:
            removed = backups_prune(path.parent, keep=keep, just_written=path)
            if removed:
                self.stdout.write(f"Removed {len(removed)} older backup(s), keeping the newest {keep}.")


def backups_prune(folder: Path, *, keep: int, just_written: Path) -> list[Path]:
    """Delete all but the newest `keep` backups in `folder`; the one just written is never deleted.

    Counted in backups, not days: if backups stop for a while, the last good ones are kept, however old.
    """
    backups = sorted(folder.glob("nyaya-*.nyb"), key=lambda found: (found.stat().st_mtime, found.name), reverse=True)
    written = just_written.resolve()
    older = [found for found in backups if found.resolve() != written]
    removed = older[max(keep - 1, 0) :]
    for found in removed:
        found.unlink()
    return removed
