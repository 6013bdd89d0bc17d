"""Load a holiday calendar file: `python manage.py load_holidays holidays-2027.csv`.

The file has a header `calendar,date,name` and one holiday a line, e.g.
`wb-court,2027-10-06,Puja vacation`. Calendars are referred to by code (see the
Django admin, Holiday calendars). Nothing is loaded unless every line is right.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.deadline_rules import HolidayFileError, load_holidays
from cases.models import Holiday, HolidayCalendar


class Command(BaseCommand):
    help = "Load holidays from a CSV file (calendar,date,name). All lines are checked before any is loaded."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            with path.open(encoding="utf-8-sig") as handle, transaction.atomic():
                created = load_holidays(handle, HolidayCalendar, Holiday)
        except (HolidayFileError, UnicodeDecodeError) as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"{created} new holidays loaded."))
