"""Background jobs of the case hub, run by Celery (eagerly when no broker is set).

Scheduled by Celery beat (settings.CELERY_BEAT_SCHEDULE): the deadline scan every
15 minutes, the daily email summaries each morning.
"""

from smtplib import SMTPException

from celery import shared_task
from django.dispatch import Signal

RETRYABLE = (SMTPException, ConnectionError, TimeoutError)

# Sent after each deadline scan, before the emails go: apps with their own time limits act on the
# same schedule without the case hub knowing them (compensation lapses the claims whose time bar
# has passed: compensation/apps.py). A receiver returns a dict of counts, added to the scan's result.
deadline_scan_done = Signal()


@shared_task
def deadline_scan() -> dict:
    from consortium.models import User

    from .notifications import notification_emails_send
    from .reminders import deadline_scan as scan

    result = scan().as_dict()
    for _receiver, counts in deadline_scan_done.send(sender=deadline_scan):
        result.update(counts or {})
    result["emails"] = notification_emails_send(frequency=User.EmailFrequency.IMMEDIATE)
    return result


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, max_retries=5)
def send_notification_emails(*, frequency: str) -> int:
    from .notifications import notification_emails_send

    return notification_emails_send(frequency=frequency)


@shared_task
def generated_documents_purge() -> int:
    """Delete generated PDFs past their expiry (settings.GENERATED_DOCUMENT_TTL_HOURS)."""
    from .generated import generated_documents_purge as purge

    return purge()
