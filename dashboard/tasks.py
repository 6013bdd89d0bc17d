"""Background exports (eager in the embedded default; a Celery worker in production)."""

from celery import shared_task


@shared_task(bind=True)
def export_build(self, job_id: str) -> str:
    from .services import export_job_run

    return export_job_run(job_id=job_id, task_id=self.request.id)
