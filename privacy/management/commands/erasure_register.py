"""`python manage.py erasure_register [--reapply FILE]`: the list of erased identities, and
erasing them again after a backup older than some of them was restored.

The list holds case references, dates and why (her request or a retention rule): no identity.
Keep each month's list with the backup log (docs/security.md, "Backups").
"""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cases.models import Case
from privacy.erasure import erase_identity
from privacy.models import ErasureRequest


class Command(BaseCommand):
    help = "Print the erasure register as CSV, or erase again the identities a restored backup brought back."

    def add_arguments(self, parser):
        parser.add_argument("--reapply", metavar="FILE", help="A register printed earlier: erase those again.")

    def handle(self, *args, **options):
        if options["reapply"]:
            return self._reapply(options["reapply"])
        writer = csv.writer(self.stdout)
        writer.writerow(["case", "erased_at", "trigger"])
        erased = ErasureRequest.objects.filter(status=ErasureRequest.Status.ERASED).select_related("case")
        for request in erased.order_by("erased_at"):
            writer.writerow([request.case.reference, request.erased_at.isoformat(), request.trigger])

    def _reapply(self, path):
        try:
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        if rows and not {"case", "erased_at", "trigger"} <= set(rows[0]):
            raise CommandError("This is not an erasure register (columns case, erased_at, trigger).")
        done = missing = 0
        for row in rows:
            case = Case.objects.filter(reference=row["case"]).select_related("survivor").first()
            if case is None:
                missing += 1
                continue
            if ErasureRequest.objects.filter(survivor=case.survivor, status=ErasureRequest.Status.ERASED).exists():
                continue
            erased_at = parse_datetime(row["erased_at"] or "") or timezone.now()
            report = erase_identity(survivor=case.survivor)
            ErasureRequest.objects.create(
                survivor=case.survivor,
                case=case,
                trigger=row["trigger"][:40] or ErasureRequest.HER_REQUEST,
                status=ErasureRequest.Status.ERASED,
                erased_at=erased_at,
                decided_at=erased_at,
                report=report,
            )
            done += 1
        self.stdout.write(f"Erased again: {done}; not in this database: {missing}.")
        if missing:
            sys.stderr.write("Some cases of the register are not in this database (restored from an older backup).\n")
