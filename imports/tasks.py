"""Imports read in the background (eager in the embedded default; a Celery worker in production)."""

from celery import shared_task


@shared_task(bind=True)
def import_build(self, job_id: str) -> str:
    from .services import import_job_run

    return import_job_run(job_id=job_id, task_id=self.request.id)
