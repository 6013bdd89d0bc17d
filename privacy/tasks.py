from celery import shared_task


@shared_task
def retention_apply() -> dict:
    """Nightly (CELERY_BEAT_SCHEDULE 'retention-apply'): see privacy.retention."""
    from .retention import retention_apply as apply

    return apply()
