"""An import whose worker died is run again by the same task delivered again: its rows, once.

A committed import writes its rows and finishes its job in one transaction: the worker dying
before the end leaves nothing of it, and after the end leaves a finished job that is not run again."""

import pytest

from cases.models import Case
from imports import services
from imports.models import ImportedRecord, ImportJob
from imports.services import import_job_run, import_start
from legal.models import FIR

from .helpers import FIR_ROW, case_row, xlsx_bytes

pytestmark = pytest.mark.django_db
Status = ImportJob.Status


class WorkerKilled(BaseException):
    pass


@pytest.fixture
def queued(admin_wb, lead_wb, django_capture_on_commit_callbacks):
    content = xlsx_bytes({"cases": [{**case_row(), "lead_caseworker": lead_wb.user.username}], "firs": [FIR_ROW]})
    with django_capture_on_commit_callbacks(execute=False):
        return import_start(
            actor=admin_wb.user, organisation=admin_wb.organisation, file_name="c.xlsx", content=content, dry_run=False
        )


def test_an_import_killed_before_its_end_is_imported_once_by_its_task_delivered_again(queued, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(services, "_job_done", lambda *args, **kwargs: (_ for _ in ()).throw(WorkerKilled()))
        with pytest.raises(WorkerKilled):
            import_job_run(job_id=str(queued.pk), task_id="task-1")
    queued.refresh_from_db()
    # Its rows went with the transaction the worker died in.
    assert queued.status == Status.RUNNING and Case.objects.count() == 0 and ImportedRecord.objects.count() == 0

    assert import_job_run(job_id=str(queued.pk), task_id="task-2") == "skipped"  # a copy: left alone
    assert import_job_run(job_id=str(queued.pk), task_id="task-1") == "done"
    queued.refresh_from_db()
    assert queued.status == Status.DONE and queued.report["counts"]["cases"]["new"] == 1
    assert queued.report["counts"]["firs"]["new"] == 1 and queued.content is None
    assert (Case.objects.count(), FIR.objects.count(), ImportedRecord.objects.count()) == (1, 1, 2)

    # Delivered again after it was done: not run again, its report still says what it imported.
    assert import_job_run(job_id=str(queued.pk), task_id="task-1") == "finished"
    queued.refresh_from_db()
    assert queued.report["counts"]["cases"]["new"] == 1
    assert (Case.objects.count(), FIR.objects.count(), ImportedRecord.objects.count()) == (1, 1, 2)


def test_a_second_run_that_finds_the_job_finished_while_it_waited_keeps_nothing(queued):
    ImportJob.job_start(queued.pk, task_id="task-1")
    ImportJob.objects.filter(pk=queued.pk).update(status=Status.DONE)  # the other run ended first
    job = ImportJob.objects.get(pk=queued.pk)
    with pytest.raises(services.JobGone):
        services.import_run(
            membership=services.admin_membership(job.user, job.organisation),
            file_name=job.file_name,
            content=services.decrypt_bytes(bytes(job.content)),
            dry_run=False,
            job=job,
        )
    assert Case.objects.count() == 0 and ImportedRecord.objects.count() == 0


def test_an_import_past_its_soft_time_limit_fails_with_a_message_and_imports_nothing(queued, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def too_long(*args, **kwargs):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(services, "_history_updates_close", too_long)
    assert import_job_run(job_id=str(queued.pk), task_id="task-1") == "failed"
    queued.refresh_from_db()
    assert queued.status == Status.FAILED and queued.error.startswith("The import took too long")
    assert Case.objects.count() == 0 and ImportedRecord.objects.count() == 0
