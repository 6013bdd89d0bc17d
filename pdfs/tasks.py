from celery import shared_task


# Registered under the name it had when it lived in cases.tasks: jobs queued before an upgrade
# (and the worker's routes) still find it.
@shared_task(bind=True, name="cases.tasks.generated_document_build", acks_late=True)
def generated_document_build(self, *, document_id: int) -> str:
    """Build a requested PDF (pdfs/services.py). Records failures on the row instead of raising."""
    from .services import generated_document_build as build

    return build(document_id=document_id, task_id=self.request.id)
