"""Run the deadline scan now: `python manage.py run_deadline_scan`.

Celery beat runs it every 15 minutes in production; without a broker (the embedded
default) run this from cron. Running it twice sends nothing twice.
"""

from django.core.management.base import BaseCommand

from cases.tasks import deadline_scan


class Command(BaseCommand):
    help = "Send due reminders and escalations for open deadlines (idempotent)."

    def handle(self, *args, **options):
        result = deadline_scan.apply().get()
        # Every count of the result, the scan's own and those of the apps acting on its schedule
        # (e.g. "2 lapsed claims"), in the order they came.
        counts = ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in result.items())
        self.stdout.write(self.style.SUCCESS(f"Deadline scan: {counts}."))
