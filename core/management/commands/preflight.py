"""`manage.py preflight`: the start-up checks of core/preflight.py, for deploy scripts and
systemd's ExecStartPre. Exit 0 and "ok", or exit 1 with one line per problem on stderr."""

import sys

from django.core.management.base import BaseCommand

from core.preflight import preflight_problems


class Command(BaseCommand):
    help = "Check that Nyaya can start: the database answers and FIELD_ENCRYPTION_KEY decrypts its data."

    requires_system_checks: list = []  # the point is a fast answer; `check --deploy` is separate

    def handle(self, *args, **options):
        problems = preflight_problems()
        if problems:
            for problem in problems:
                self.stderr.write(f"Nyaya cannot start: {problem}")
            sys.exit(1)
        self.stdout.write("preflight: ok (database reachable, FIELD_ENCRYPTION_KEY decrypts the data)")
