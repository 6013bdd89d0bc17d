from celery import shared_task


# Registered under the name it had when it lived in cases.tasks: jobs queued before an upgrade
# (and the worker's routes) still find it.
@shared_task(name="cases.tasks.generated_document_build", acks_late=True, bind=True)
def generated_document_build(self, *, document_id: int) -> str:
    """Build a requested PDF (pdfs/services.py). Records failures on the row instead of raising.

    A redelivered message (its worker died mid-build; `make prod-smoke` kills one) takes over the
    row left "running"; the build stores its file only if no later run took over in turn."""
    from .services import generated_document_build as build

    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return build(document_id=document_id, take_over=redelivered)
