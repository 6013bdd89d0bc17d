"""Background exports (eager in the embedded default; a Celery worker in production)."""

from celery import shared_task


@shared_task
def export_build(job_id: str) -> str:
    from .services import export_job_run

    return export_job_run(job_id=job_id)
