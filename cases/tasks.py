"""Background jobs of the case hub, run by Celery (eagerly when no broker is set).

Scheduled by Celery beat (settings.CELERY_BEAT_SCHEDULE): the deadline scan every
15 minutes, the daily email summaries each morning.
"""

from smtplib import SMTPException

from celery import shared_task

RETRYABLE = (SMTPException, ConnectionError, TimeoutError)


@shared_task
def deadline_scan() -> dict:
    from compensation.services import claim_lapse_time_barred
    from consortium.models import User

    from .notifications import notification_emails_send
    from .reminders import deadline_scan as scan

    result = scan().as_dict()
    # Claims never filed whose time bar has passed lapse on the same schedule.
    result["lapsed_claims"] = len(claim_lapse_time_barred())
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
