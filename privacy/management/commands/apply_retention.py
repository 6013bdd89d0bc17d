"""`python manage.py apply_retention`: apply the retention rules now (Celery beat runs it nightly)."""

from django.core.management.base import BaseCommand

from privacy.tasks import retention_apply


class Command(BaseCommand):
    help = "Delete or erase what the retention rules (privacy.RetentionRule) say is past its time."

    def handle(self, *args, **options):
        done = retention_apply.apply().get()
        for code, count in done.items():
            self.stdout.write(f"{code}: {count}")
        self.stdout.write(self.style.SUCCESS("Retention rules applied."))
