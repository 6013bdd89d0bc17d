"""Delete generated PDFs past their expiry now: `python manage.py purge_generated_documents`.

Celery beat runs it every 15 minutes in production; without a broker (the embedded default)
run this from cron. Expired downloads are refused either way; this frees the disk.
"""

from django.core.management.base import BaseCommand

from cases.tasks import generated_documents_purge


class Command(BaseCommand):
    help = "Delete generated PDFs (dossiers, applications, letters) past GENERATED_DOCUMENT_TTL_HOURS."

    def handle(self, *args, **options):
        purged = generated_documents_purge.apply().get()
        self.stdout.write(self.style.SUCCESS(f"Generated documents purged: {purged}."))
