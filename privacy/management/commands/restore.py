"""`python manage.py restore FILE [--force]`: restore an encrypted backup made by `backup`.

Run `migrate` on the empty database first. A database that already holds people or cases is
refused unless --force, which replaces everything in it.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from privacy.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore an encrypted backup into an empty database (and MEDIA_ROOT)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="Replace a database that is not empty.")

    def handle(self, *args, **options):
        try:
            manifest = backup_restore(options["file"], force=options["force"])
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['file']}") from None
        except (BackupError, ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: {sum(manifest['rows'].values())} rows, "
                f"{len(manifest['files'])} files. Erasures made after that day must be applied again "
                "(docs/security.md)."
            )
        )
