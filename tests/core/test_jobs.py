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


def test_a_redelivered_job_takes_over_a_row_left_running_but_never_a_finished_one(export_job):
    """A worker killed mid-job leaves its row running; the broker hands the job out again
    (redelivered) and only then may a second run take the row over (make prod-smoke, fault a)."""
    ExportJob.job_start(export_job.pk)
    assert ExportJob.job_start(export_job.pk) is False  # a plain second delivery: someone has it
    assert ExportJob.job_start(export_job.pk, take_over=True, step="Again") is True
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.RUNNING and export_job.step == "Again"
    for finished in (JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED):
        ExportJob.objects.filter(pk=export_job.pk).update(status=finished)
        assert ExportJob.job_start(export_job.pk, take_over=True) is False
        export_job.refresh_from_db()
        assert export_job.status == finished


def test_a_failure_can_be_narrowed_to_the_run_that_failed(export_job):
    ExportJob.job_start(export_job.pk)
    ExportJob.job_fail(export_job.pk, "stale run", user=None)  # matches no row: nothing changes
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.RUNNING and export_job.error == ""
    ExportJob.job_fail(export_job.pk, "this run", user=export_job.user)
    export_job.refresh_from_db()
    assert export_job.status == JobStatus.FAILED and export_job.error == "this run"
