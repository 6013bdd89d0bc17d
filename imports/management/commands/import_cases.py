"""Import an organisation's existing caseload from a file, as its admin would on the "Import cases" page.

    python manage.py import_cases cases.xlsx --organisation TNW --dry-run
    python manage.py import_cases firs.csv --organisation TNW --kind firs --as admin_tnw

The same run as the page (imports.services.import_run): the report is printed (sheet, row,
column, message) and the exit status is 1 when any row is invalid (nothing is then saved).
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.models import AccessLogEntry
from consortium.models import Membership, Organisation, Role
from imports.registry import RECORDERS
from imports.services import admin_membership, import_run


class Command(BaseCommand):
    help = (
        "Import cases, FIRs, accused, compensation claims and payments from an XLSX or CSV file (see docs/import.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="The organisation's short name (code).")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing.")
        parser.add_argument("--kind", default="", choices=["", *RECORDERS], help="The kind of rows of a CSV file.")
        parser.add_argument("--as", dest="username", default="", help="The organisation admin recording the rows.")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(short_name__iexact=options["organisation"]).first()
        if organisation is None:
            raise CommandError("No organisation has this short name.")
        admins = Membership.objects.active().filter(organisation=organisation, role=Role.ORG_ADMIN)
        if options["username"]:
            admins = admins.filter(user__username=options["username"])
        admin = admins.select_related("user").order_by("pk").first()
        if admin is None:
            raise CommandError("No active admin of this organisation (with that username) to record the rows as.")
        try:
            admin_membership(admin.user, organisation)
        except PermissionDenied:
            raise CommandError("That person is not an admin of this organisation.") from None
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        report = import_run(
            membership=admin, file_name=path.name, content=content, kind=options["kind"], dry_run=options["dry_run"]
        )
        AccessLogEntry.objects.create(
            user=admin.user,
            action=AccessLogEntry.Action.IMPORTED,
            target=f"import command {'dry run' if options['dry_run'] else 'commit'}",
            path="manage.py import_cases",
            at=timezone.now(),
        )
        if report["file_error"]:
            self.stderr.write(report["file_error"])
            raise SystemExit(1)
        for kind, count in report["counts"].items():
            self.stdout.write(
                f"{kind}: {count['new']} new, {count['unchanged']} already imported (unchanged), "
                f"{count['invalid']} invalid"
            )
        for error in report["errors"]:
            self.stdout.write(f"{error['sheet']} row {error['row']}, {error['column'] or '-'}: {error['message']}")
        if report["errors"]:
            self.stderr.write("Nothing was saved: correct the rows above.")
            raise SystemExit(1)
        self.stdout.write("Saved." if report["committed"] else "Dry run: nothing was saved.")
