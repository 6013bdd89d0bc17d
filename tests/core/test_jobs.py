"""core.jobs.FileJob: one set of states and one way to move them, for PDFs and exports alike."""

import pytest

from cases.models import GeneratedDocument
from consortium.factories import MembershipFactory
from core.jobs import FileJob, JobStatus
from dashboard.models import ExportJob

pytestmark = pytest.mark.django_db


def test_both_job_models_are_file_jobs_with_the_same_states():
    assert issubclass(GeneratedDocument, FileJob) and issubclass(ExportJob, FileJob)
    assert GeneratedDocument.Status is ExportJob.Status is JobStatus
    for model in (GeneratedDocument, ExportJob):
        assert model._meta.get_field("status").choices == JobStatus.choices
        assert {"status", "progress", "step", "error", "started_at", "finished_at"} <= {
            f.name for f in model._meta.get_fields()
        }


@pytest.fixture
def export_job():
    membership = MembershipFactory()
    return ExportJob.objects.create(user=membership.user, membership=membership, kind="anonymised", fmt="csv")


def test_a_job_starts_once(export_job):
    assert ExportJob.job_start(export_job.pk, step="Choosing the cases") is True
    assert ExportJob.job_start(export_job.pk) is False  # a second worker finds it running
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.RUNNING and export_job.step == "Choosing the cases"
    assert export_job.started_at is not None and not export_job.is_finished


def test_progress_is_kept_under_100_and_only_while_running(export_job):
    ExportJob.job_progress(export_job.pk, 50, "Counting")
    export_job.refresh_from_db()
    assert export_job.progress == 0  # not started: nothing moves
    ExportJob.job_start(export_job.pk)
    ExportJob.job_progress(export_job.pk, 250, "x" * 400)
    export_job.refresh_from_db()
    assert export_job.progress == 99 and export_job.step == "x" * 120
    ExportJob.job_progress(export_job.pk, -5)
    export_job.refresh_from_db()
    assert export_job.progress == 0 and export_job.step == "x" * 120  # no step given: the last one stays


def test_a_failure_is_shown_and_can_be_retried_but_an_expired_job_stays_expired(export_job):
    ExportJob.job_start(export_job.pk)
    ExportJob.job_fail(export_job.pk, "access ended" + "!" * 400)
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.FAILED and export_job.is_finished
    assert export_job.error.startswith("access ended") and len(export_job.error) == 300
    assert ExportJob.job_retry(export_job.pk, user=export_job.user) is True
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.PENDING and export_job.error == "" and export_job.finished_at is None
    assert ExportJob.job_retry(export_job.pk) is False  # only a failed job is retried
    ExportJob.objects.filter(pk=export_job.pk).update(status=JobStatus.EXPIRED)
    ExportJob.job_fail(export_job.pk, "late failure")
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.EXPIRED and export_job.error == ""


def test_an_export_queued_before_the_upgrade_is_pending_after_it(export_job):
    import importlib

    from django.apps import apps

    step = importlib.import_module("dashboard.migrations.0002_exportjob_filejob")
    ExportJob.objects.filter(pk=export_job.pk).update(status="queued")
    step.queued_to_pending(apps, None)
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.PENDING
    step.pending_to_queued(apps, None)  # and back, for a downgrade
    export_job.refresh_from_db()
    assert export_job.status == "queued"


def test_the_task_that_started_a_job_takes_it_over_when_delivered_again(export_job):
    """Its worker died mid-build: the broker hands the same task (same id) to another worker."""
    assert ExportJob.job_start(export_job.pk, task_id="task-1", progress=10) is True
    ExportJob.job_progress(export_job.pk, 60, "Writing the rows")
    assert ExportJob.job_start(export_job.pk, task_id="task-2") is False  # queued twice: left alone
    assert ExportJob.job_start(export_job.pk) is False  # no task id: never a takeover
    assert ExportJob.job_start(export_job.pk, task_id="task-1", progress=10) is True  # redelivered
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.RUNNING and export_job.progress == 10 and export_job.task_id == "task-1"


def test_a_finished_job_is_not_started_again_by_its_redelivered_task(export_job):
    ExportJob.job_start(export_job.pk, task_id="task-1")
    ExportJob.objects.filter(pk=export_job.pk).update(status=JobStatus.DONE)
    assert ExportJob.job_start(export_job.pk, task_id="task-1") is False
    ExportJob.objects.filter(pk=export_job.pk).update(status=JobStatus.FAILED)
    assert ExportJob.job_start(export_job.pk, task_id="task-1") is False  # a retry queues a new task
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.FAILED
