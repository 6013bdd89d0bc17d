"""A PDF build whose worker died is built again by the same task, delivered again: one file, once.

Celery acknowledges the build only after it ran (CELERY_TASK_ACKS_LATE) and puts back the job of a
worker process that died (CELERY_TASK_REJECT_ON_WORKER_LOST); core.jobs lets that same task take
over the row it left running. The worker's death is a BaseException raised where the build was,
which no handler of the build catches (as a SIGKILL would give none a chance)."""

import pytest

from cases.models import CaseEvent, GeneratedDocument, Notification
from pdfs import services
from pdfs.services import generated_document_build, generated_document_request

pytestmark = pytest.mark.django_db
Status = GeneratedDocument.Status


class WorkerKilled(BaseException):
    pass


@pytest.fixture
def queued(case, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # queued, not built yet
        return generated_document_request(actor=lead.user, case=case, kind=GeneratedDocument.Kind.DOSSIER)


def effects(document):
    return (
        CaseEvent.objects.filter(case=document.case, kind=CaseEvent.Kind.DOCUMENT_GENERATED).count(),
        Notification.objects.filter(user=document.requested_by, case=document.case).count(),
    )


def test_the_build_killed_while_saving_is_built_once_when_its_task_comes_back(queued, monkeypatch):
    def killed(*args, **kwargs):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(services, "_store", killed)
        with pytest.raises(WorkerKilled):
            generated_document_build(document_id=queued.pk, task_id="task-1")
    queued.refresh_from_db()
    assert queued.status == Status.RUNNING and not queued.file and effects(queued) == (0, 0)

    # A second copy of the job (another task) finds it running and leaves it.
    assert generated_document_build(document_id=queued.pk, task_id="task-2") == "skipped"
    # The same task, delivered again, builds it.
    assert generated_document_build(document_id=queued.pk, task_id="task-1") == "done"
    queued.refresh_from_db()
    assert queued.status == Status.DONE and queued.file and queued.attempts == 2
    assert effects(queued) == (1, 1)

    # Delivered once more (the worker died after the build, before acknowledging it): nothing again.
    stored = queued.file.name
    assert generated_document_build(document_id=queued.pk, task_id="task-1") == "skipped"
    queued.refresh_from_db()
    assert queued.file.name == stored and queued.attempts == 2 and effects(queued) == (1, 1)


def test_the_task_runs_the_build_under_its_own_id(queued):
    from pdfs.tasks import generated_document_build as task

    result = task.apply(kwargs={"document_id": queued.pk}, task_id="the-task-id")
    assert result.get() == "done"
    queued.refresh_from_db()
    assert queued.status == Status.DONE and queued.task_id == "the-task-id"
    assert task.apply(kwargs={"document_id": queued.pk}, task_id="the-task-id").get() == "skipped"
    assert effects(queued) == (1, 1)
